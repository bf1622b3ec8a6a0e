#if canImport(Glibc)
import Glibc
#endif

/// The readers of LossKitData take a path (there is no public entry point
/// that parses bytes in memory), so every fuzz input is written to a file on
/// tmpfs (`/dev/shm`, or `$TMPDIR` when there is no `/dev/shm`), one
/// directory per process, overwritten on every run.
public enum FuzzFile {
    private nonisolated(unsafe) static var directory: String?

    /// Writes `bytes` to `<dir>/input.<ext>` and returns the path.
    public static func write(_ start: UnsafeRawPointer, _ count: Int, name: String) -> String {
        let path = dir() + "/" + name
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("fuzz harness: cannot open \(path): errno \(errno)") }
        var offset = 0
        while offset < count {
            let n = Glibc.write(fd, start + offset, count - offset)
            guard n > 0 else { fatalError("fuzz harness: cannot write \(path): errno \(errno)") }
            offset += n
        }
        close(fd)
        return path
    }

    /// Writes the UTF-8 bytes of `text`.
    public static func write(_ text: String, name: String) -> String {
        var text = text
        return text.withUTF8 { write(UnsafeRawPointer($0.baseAddress ?? UnsafePointer(bitPattern: 1)!), $0.count, name: name) }
    }

    private static func dir() -> String {
        if let directory { return directory }
        var base = "/dev/shm"
        var info = stat()
        if stat(base, &info) != 0 { base = String(cString: getenv("TMPDIR") ?? strdup("/tmp")) }
        let made = base + "/losskit-fuzz-\(getpid())"
        mkdir(made, 0o700)
        directory = made
        atexit { FuzzFile.cleanUp() }
        return made
    }

    /// Removes the per-process directory (at exit; a crash leaves it, the
    /// name says which process it was).
    public static func cleanUp() {
        guard let directory else { return }
        if let d = opendir(directory) {
            while let entry = readdir(d) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." { unlink(directory + "/" + name) }
            }
            closedir(d)
        }
        rmdir(directory)
    }
}

/// Bit-for-bit equality (NaN equals NaN of the same payload, 0 ≠ -0).
public func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
}

/// A finding that is not a trap: print why and abort, so libFuzzer saves the input.
public func finding(_ message: String) -> Never {
    // Escaped: inputs put NULs, control characters and escapes in names.
    var printable = ""
    for scalar in message.unicodeScalars {
        if scalar.value < 0x20 || scalar.value == 0x7F { printable += "\\u{\(String(scalar.value, radix: 16))}" }
        else { printable.unicodeScalars.append(scalar) }
    }
    fputs("FUZZ FINDING: \(printable)\n", stderr)
    abort()
}

@_exported import CFuzzDriver

/// Runs libFuzzer's driver with `callback` (the target's LLVMFuzzerTestOneInput).
///
/// SwiftPM links an executable target with `main` aliased to
/// `<TargetName>_main`, so a target built with `-parse-as-library` (no `main`
/// of its own) defines that symbol with `@_cdecl` and calls this.
public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
