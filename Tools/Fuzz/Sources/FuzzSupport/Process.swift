#if canImport(Glibc)
import Glibc
#endif

/// The two C calls the checks need, in one place.
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
func abortProcess() -> Never { abort() }

/// Runs libFuzzer's driver over the process's arguments with `testOne` as the target: the recipe
/// that works on this toolchain (the target's own `main.swift`, with `-sanitize=fuzzer,address`).
public func runFuzzer(_ testOne: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv, testOne)
    exit(status)
}

/// libFuzzer's entry point when the program has its own main (`int LLVMFuzzerRunDriver(int *argc,
/// char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size))`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOne: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
