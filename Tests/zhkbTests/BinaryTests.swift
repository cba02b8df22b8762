import Foundation
import Testing

/// Runs the built `zhkb` binary end to end.
@Suite struct BinaryTests {
    static let productsDirectory: URL = {
        // The test bundle lives in the products directory next to the zhkb executable.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }()

    /// Runs zhkb; with `user`, as that user id (through setpriv; the caller is root).
    static func run(_ arguments: [String], stdin: String? = nil, user: Int? = nil, binary: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        let zhkb = binary ?? productsDirectory.appendingPathComponent("zhkb")
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", zhkb.path] + arguments
        } else {
            process.executableURL = zhkb
            process.arguments = arguments
        }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func segmentKeepsOneLinePerInputLine() throws {
        let result = try Self.run(["segment", "-"], stdin: "杭州市上城区紫阳街道\n\n萧山区\n")
        #expect(result.status == 0)
        #expect(result.stdout == "杭州市 上城区 紫阳街道\n\n萧山区\n")
    }

    /// `--jobs` changes the speed, never the output: CRLF, blank lines, a last line without a
    /// line break, text and JSON.
    @Test func segmentJobsGiveTheSameOutput() throws {
        let line = "杭州市上城区紫阳街道\r\n\r\n萧山区的经济发展\n"
        let input = String(repeating: line, count: 3000) + "南京市长江大桥"
        for format in ["text", "json"] {
            let one = try Self.run(["segment", "-", "--jobs", "1", "--format", format], stdin: input)
            let two = try Self.run(["segment", "-", "--jobs", "2", "--format", format], stdin: input)
            #expect(one.status == 0 && two.status == 0)
            #expect(one.stdout == two.stdout)
            #expect(one.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == 3 * 3000 + 2)
        }
        let text = try Self.run(["segment", "-", "--jobs", "2"], stdin: input).stdout
        #expect(text.hasPrefix("杭州市 上城区 紫阳街道\n\n萧山区 的 经济发展\n杭州市"))
        #expect(text.hasSuffix("\n南京市 长江大桥\n"))
    }

    @Test func segmentRejectsZeroJobs() throws {
        let result = try Self.run(["segment", "-", "--jobs", "0"], stdin: "杭州\n")
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--jobs must be at least 1"))
    }
}
