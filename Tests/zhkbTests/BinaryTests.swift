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
}
