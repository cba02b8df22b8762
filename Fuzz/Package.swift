// swift-tools-version: 6.0
// libFuzzer targets for zhkb (see Fuzz/README.md). Built only by Fuzz/run.sh, with
// `-sanitize=fuzzer`; not part of the main package, so `swift build` at the root ignores it.
import PackageDescription

let package = Package(
    name: "zhkb-fuzz",
    dependencies: [.package(name: "zhkb", path: "..")],
    targets: [
        .executableTarget(name: "FuzzNumber", dependencies: [.product(name: "ZhAnalysis", package: "zhkb")]),
        .executableTarget(name: "FuzzSegmenter", dependencies: [.product(name: "ZhAnalysis", package: "zhkb")]),
        .executableTarget(name: "FuzzRecord", dependencies: [.product(name: "ZhAnalysis", package: "zhkb")]),
    ]
)
