import Foundation

/// `zhkb report`: one self-contained HTML page of a knowledge base. It needs no network: the
/// chart library (Chart.js from Debian's `libjs-chart.js`) is read when the report is made and
/// inlined, and the data travel inside the page as JSON.
///
/// The page shows the corpus at a glance, one chart per series, facts per place, a filterable,
/// sortable, paginated fact table, topics and keywords per district, the top entities and who
/// appears with whom, and article pages with entities and statistics highlighted in place.
public struct HTMLReport {
    /// Where Debian's `libjs-chart.js` installs Chart.js.
    public static let chartLibraryPath = "/usr/share/javascript/chart.js/chart.min.js"
    public static let chartLibraryPackage = "libjs-chart.js"

    public struct Options: Sendable {
        public var title = "zhkb 知识库报告 Report"
        /// Lines per series chart (places with most facts) and bars per chart.
        public var linesPerChart = 8
        public var barsPerChart = 30
        public var entitiesPerType = 30
        public var keywordsPerDistrict = 12
        public init() {}
    }

    let kb: KnowledgeBase
    let chartLibrary: String
    let options: Options

    /// `chartLibrary` is the JavaScript of Chart.js 3 (see `loadChartLibrary`).
    public init(kb: KnowledgeBase, chartLibrary: String, options: Options = Options()) {
        self.kb = kb
        self.chartLibrary = chartLibrary
        self.options = options
    }

    /// Reads Chart.js; a missing file is `ZhError.missingPackageFile` naming the package.
    public static func loadChartLibrary(at path: String = chartLibraryPath) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ZhError.missingPackageFile(path: path, package: chartLibraryPackage)
        }
        guard let data = FileManager.default.contents(atPath: path), let js = String(data: data, encoding: .utf8) else {
            throw ZhError.unreadableFile(path: path, reason: "not readable as UTF-8")
        }
        return js
    }

    /// The page as UTF-8 bytes.
    public func render() throws -> [UInt8] {
        try ReportPage(data: ReportData(kb: kb, options: options), chartLibrary: chartLibrary).render()
    }

    /// Writes the page to `url` atomically, streamed article by article.
    public func write(to url: URL) throws {
        let page = ReportPage(data: ReportData(kb: kb, options: options), chartLibrary: chartLibrary)
        try KnowledgeBaseFile.writeAtomically(to: url) { sink in try page.write(sink) }
    }
}
