// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "scimdiag",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "scimdiag", targets: ["scimdiag"]),
    .library(name: "ScimDiagCore", targets: ["ScimDiagCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
  ],
  targets: [
    // The byte-level readers (JSON, text encodings, timestamps, hashing) and the error type
    // every stage throws. They run byte loops over gigabytes: optimised in debug builds too, so
    // tests and `swift run` on real exports are not 20 times slower than a release build.
    .target(
      name: "ScimDiagParsing",
      dependencies: [.product(name: "Crypto", package: "swift-crypto")],
      swiftSettings: [.unsafeFlags(["-O"])]
    ),
    // Everything else: record parsers, store, correlation, rules, reports; debuggable in debug builds.
    .target(
      name: "ScimDiagCore",
      dependencies: [
        "ScimDiagParsing",
        .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    .executableTarget(
      name: "scimdiag",
      dependencies: [
        "ScimDiagCore", "ScimDiagParsing",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "ScimDiagCoreTests",
      dependencies: ["ScimDiagCore", "ScimDiagParsing", .product(name: "GRDB", package: "GRDB.swift")],
      exclude: ["Fixtures", "Snapshots"]
    ),
    .testTarget(
      name: "ScimDiagCLITests",
      dependencies: ["scimdiag"],
      exclude: ["Cases", "Helpers"]
    ),
  ]
)
