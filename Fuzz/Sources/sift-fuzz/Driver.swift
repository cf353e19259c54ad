#if canImport(Glibc)
import Glibc
#endif
import SiftFuzzing

// libFuzzer's entry points. SwiftPM renames an executable's `main` to `<module>_main` (so tests can
// link it), and libFuzzer brings its own `main`; so the program starts in `sift_fuzz_main`, takes
// the harness name from its first argument, and hands the rest to libFuzzer's driver.

func say(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

nonisolated(unsafe) var harness: FuzzHarness = .json

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let problems = harness.run(UnsafeBufferPointer(start: data, count: size))
    if !problems.isEmpty {
        say("sift-fuzz \(harness.rawValue): invariant broken:\n  " + problems.prefix(5).joined(separator: "\n  ") + "\n")
        abort()
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("sift_fuzz_main")
public func siftFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    let names = FuzzHarness.allCases.map(\.rawValue).joined(separator: "|")
    guard argc >= 2, let name = argv[1].map({ String(cString: $0) }), let chosen = FuzzHarness(rawValue: name) else {
        say("usage: sift-fuzz \(names) [libFuzzer options] [corpus folders]\n")
        return 2
    }
    harness = chosen
    FuzzHarness.singleThreaded = true
    if let root = getenv("SIFT_ROOT") { FuzzHarness.pipelineSearchPath = [String(cString: root) + "/Pipelines"] }
    // Drop the harness name: libFuzzer sees `sift-fuzz [options] [corpus]`.
    argv[1] = argv[0]
    var count = argc - 1
    var args: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv + 1
    return LLVMFuzzerRunDriver(&count, &args, testOneInput)
}
