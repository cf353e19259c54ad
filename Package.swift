// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// The `sift` command links mimalloc when the system has it (Debian's `libmimalloc-dev`, which
/// `scripts/install-deps` installs): a page of scraped text makes a few dozen allocations of a
/// few kilobytes per stage, and glibc's allocator spent a fifth of `clean-scraped`'s CPU time on
/// them (BENCHMARKS.md, *cleaning*). Without it, the system allocator serves, with the same output.
let mimalloc: [LinkerSetting] = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"]
    .contains { FileManager.default.fileExists(atPath: $0 + "/libmimalloc.so") } ? [.linkedLibrary("mimalloc")] : []

let package = Package(
    name: "Sift",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sift", targets: ["sift"]),
        .library(name: "Sift", targets: ["Sift", "SiftStages", "SiftICU"]),
        // The fuzz targets and invariant checks, for Fuzz/ (libFuzzer) and the regression tests.
        .library(name: "SiftFuzzing", targets: ["SiftFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // pkg-config flags for the system ICU; nothing but CICUBridge sees it.
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-uc icu-i18n",
            providers: [.apt(["libicu-dev", "pkg-config"])]
        ),
        // The system zlib: gzip-compressed JSONL shards and CRC-32 content hashes.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // C/C++ over ICU behind an opaque header (stdint types and handles only),
        // so no ICU type ever meets Foundation's private ICU copy in a clang module.
        .target(
            name: "CICUBridge",
            dependencies: ["CICU"],
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        // Byte scans sixteen bytes a step (SSE2), where Swift's SIMD types compile to per-lane loops.
        .target(name: "CByteScan"),
        // The Swift face of ICU: Strings and UTF-8 in, Strings out, Swift errors.
        .target(name: "SiftICU", dependencies: ["CICUBridge"]),
        // Documents, spans and edits, the stage model and registry, pipeline files, runner, formats.
        .target(
            name: "Sift",
            dependencies: ["SiftICU", "CZlib", "CByteScan", .product(name: "Yams", package: "Yams")]
        ),
        // Every stage, grouped by concern, and the one catalogue that lists them.
        .target(name: "SiftStages", dependencies: ["Sift", "SiftICU", "CByteScan"]),
        // The command line: argument parsing and terminal output only.
        .executableTarget(
            name: "sift",
            dependencies: ["Sift", "SiftStages", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            linkerSettings: mimalloc
        ),
        // Fuzz harnesses, hostile-text generators and document invariants (Fuzz/README.md).
        .target(name: "SiftFuzzing", dependencies: ["Sift", "SiftStages", "SiftICU"]),
        .target(name: "SiftTestSupport", dependencies: ["Sift", "SiftStages"], path: "Tests/SiftTestSupport"),
        .testTarget(name: "SiftICUTests", dependencies: ["SiftICU", "SiftFuzzing"]),
        .testTarget(name: "SiftTests", dependencies: ["Sift", "SiftStages", "SiftTestSupport", "SiftFuzzing"]),
        .testTarget(name: "SiftStagesTests", dependencies: ["SiftStages", "SiftTestSupport", "SiftFuzzing"]),
        .testTarget(name: "SiftCLITests", dependencies: ["sift", "SiftTestSupport", "SiftFuzzing"]),
    ],
    cxxLanguageStandard: .cxx17
)
