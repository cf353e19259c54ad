// swift-tools-version: 6.0
// The libFuzzer driver for Sift's fuzz harnesses (Sources/SiftFuzzing). Built only by Fuzz/run:
//   swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
//     -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
import Foundation
import PackageDescription

// A path dependency is named after its folder, which differs between checkouts.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "SiftFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(
            name: "sift-fuzz",
            dependencies: [.product(name: "SiftFuzzing", package: root.lastPathComponent)]
        ),
    ]
)
