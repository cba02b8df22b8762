import ArgumentParser
import Foundation
import ZhAnalysis

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page of a knowledge base: series charts, facts, places, topics, entities, articles.",
        discussion: """
        The page needs no network: Chart.js (Debian package libjs-chart.js) is read from \
        \(HTMLReport.chartLibraryPath) and inlined, and the data travel inside the page.
        """
    )

    @Option(help: ArgumentHelp("The knowledge base file.", valueName: "FILE"))
    var kb: String = "kb.json"

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The HTML file to write.", valueName: "FILE.html"))
    var output: String = "report.html"

    @Option(name: .customLong("chart-js"), help: ArgumentHelp("Chart.js 3 to inline.", valueName: "FILE"))
    var chartJS: String = HTMLReport.chartLibraryPath

    @Option(help: "Title of the page.")
    var title: String?

    func run() throws {
        do {
            let chartLibrary = try HTMLReport.loadChartLibrary(at: chartJS)
            guard let value = try KnowledgeBaseFile.read(URL(fileURLWithPath: kb)) else {
                Console.warn("zhkb: error: \(kb): no such file (run zhkb ingest first)")
                throw ExitCode(2)
            }
            var options = HTMLReport.Options()
            if let title { options.title = title }
            try HTMLReport(kb: value, chartLibrary: chartLibrary, options: options).write(to: URL(fileURLWithPath: output))
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
    }
}
