// swift-tools-version: 6.1
//
// Cohort's module map. Dependency arrows point inwards to `CohortCore`, which imports no I/O.
// C libraries come from Debian's -dev packages (see the Makefile) through one shim per library.

import PackageDescription

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
]
let nioSSL: Target.Dependency = .product(name: "NIOSSL", package: "swift-nio-ssl")
let nioWebSocket: Target.Dependency = .product(name: "NIOWebSocket", package: "swift-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let collections: Target.Dependency = .product(name: "Collections", package: "swift-collections")
let propertyBased: Target.Dependency = .product(name: "PropertyBased", package: "swift-property-based")

let package = Package(
    name: "Cohort",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cohort", targets: ["cohort"]),
        .library(name: "CohortBinance", type: .dynamic, targets: ["BinancePlugin"]),
        .library(name: "CohortKraken", type: .dynamic, targets: ["KrakenPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: C libraries (system) and their shims
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        .target(name: "CLuaSandbox", dependencies: ["CLua"]),
        .target(name: "CCohortPlugin", path: "plugins/include"),

        // MARK: The core
        .target(name: "CohortCore"),
        .target(name: "Indicators", dependencies: ["CohortCore"], exclude: ["README.md"]),
        .target(name: "Telemetry", dependencies: [logging, metrics, .product(name: "Prometheus", package: "swift-prometheus")] + nio),
        .target(name: "Storage", dependencies: ["CohortCore", "CSQLite", logging]),
        .target(name: "Venues", dependencies: ["CohortCore", "Telemetry", "CCohortPlugin", "CCurl", "CCrypto", "CSecp256k1", nioSSL, nioWebSocket, collections] + nio),
        .target(name: "Simulator", dependencies: ["CohortCore", "Telemetry", "CCrypto", "CSecp256k1", nioWebSocket, collections] + nio),
        .target(name: "Strategies", dependencies: ["CohortCore", "Indicators", "Telemetry", "CLuaSandbox", "CCrypto"]),
        .target(name: "Trading", dependencies: ["CohortCore", "Telemetry", collections]),
        .target(name: "MPC", dependencies: ["CohortCore", "Telemetry", "CCrypto", nioSSL] + nio),
        .target(name: "Backtest", dependencies: ["CohortCore", "Indicators", "Strategies", "Trading", "Storage", "Telemetry", "CCrypto"]),
        .target(name: "Engine", dependencies: [
            "CohortCore", "Indicators", "Telemetry", "Storage", "Venues", "Simulator", "Strategies",
            "Trading", "MPC", "Backtest", collections,
        ] + nio),
        .executableTarget(name: "cohort", dependencies: [
            "Engine", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: Venue plugins: each its own shared library, loaded with dlopen
        .target(name: "CohortPluginKit", dependencies: ["CCohortPlugin"], path: "plugins/kit"),
        .target(name: "BinancePlugin", dependencies: ["CohortPluginKit"], path: "plugins/binance"),
        .target(name: "KrakenPlugin", dependencies: ["CohortPluginKit"], path: "plugins/kraken"),

        // MARK: Tests, one target per module
        .testTarget(name: "CShimTests", dependencies: ["CLua", "CSQLite", "CSecp256k1", "CCurl", "CCrypto"]),
        .testTarget(name: "CohortCoreTests", dependencies: ["CohortCore", propertyBased]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", propertyBased], resources: [.copy("Fixtures")]),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", propertyBased]),
        // A child process for the crash test: commits transactions until it is SIGKILLed.
        .executableTarget(name: "StorageCrashWriter", dependencies: ["Storage"], path: "Tests/StorageCrashWriter"),
        .testTarget(name: "VenuesTests", dependencies: ["Venues", "Simulator", "CohortPluginKit", propertyBased]),
        .testTarget(name: "StrategiesTests", dependencies: ["Strategies", propertyBased]),
        .testTarget(name: "TradingTests", dependencies: ["Trading", propertyBased]),
        .testTarget(name: "MPCTests", dependencies: ["MPC", propertyBased]),
        .testTarget(name: "BacktestTests", dependencies: ["Backtest", propertyBased]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"]),
    ],
    swiftLanguageModes: [.v6]
)
