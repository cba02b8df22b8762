// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "zhkb",
    products: [
        .executable(name: "zhkb", targets: ["zhkb"]),
        .library(name: "ZhAnalysis", targets: ["ZhAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(
            name: "CZhICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        // zlib from /usr/include and the system library path (Debian zlib1g-dev).
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "ZhAnalysis",
            dependencies: ["CZhICU", "CZlib", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Plot", package: "Plot"),
                           .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("../../Dictionaries")]
        ),
        .executableTarget(
            name: "zhkb",
            dependencies: [
                "ZhAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "zhkb-train",
            dependencies: ["ZhAnalysis"]
        ),
        .executableTarget(
            name: "zhkb-bench",
            dependencies: ["ZhAnalysis"],
            path: "Benchmarks/zhkb-bench"
        ),
        .testTarget(
            name: "ZhAnalysisTests",
            dependencies: ["ZhAnalysis", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures"), .copy("Snapshots")]
        ),
        .testTarget(
            name: "zhkbTests",
            dependencies: ["ZhAnalysis", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
