// Fuzz target 1: the CSV/TSV reader: DataReader.read / forEachBlock / header
// on a tmpfs file (there is no in-memory entry point).
//
// Each input is read with five option sets, each with three reader tunings
// (the internal CSVTuning knobs, through `@testable import`: chunk sizes of
// 16 KiB, 16 and 61 bytes, one or three threads, the plain-record loop on
// or off), and once per input through the public API with its defaults.
// For each:
//  - no trap, no hang, no unbounded allocation (ASan, libFuzzer's limits);
//  - read(path:) and forEachBlock(path:) (rowsPerBlock 1, 7, 3) agree:
//    both throw the same DataError, or both succeed and the blocks, joined,
//    are the whole table bit for bit (column names, row count, values,
//    dropped rows), whatever the tuning.
#if canImport(Glibc)
import Glibc
#endif
import FuzzSupport
import LossKitData

private let optionSets: [DataReadOptions] = [
    // Defaults: auto delimiter, header, error on missing values.
    DataReadOptions(format: .delimitedText),
    // Drop rows, comments, semicolon, no header, custom tokens.
    DataReadOptions(format: .delimitedText, delimiter: .semicolon, hasHeader: false, commentPrefix: "#",
                    missingValues: .dropRow, missingTokens: ["", "?", "-"]),
    // Tab, a selected column subset (only some columns parsed), drop rows.
    DataReadOptions(format: .delimitedText, delimiter: .tab, columns: ["y", "x"], missingValues: .dropRow),
    // An odd single-character delimiter, an empty column selection (count rows only),
    // a multi-character comment prefix.
    DataReadOptions(format: .delimitedText, delimiter: .character("|"), commentPrefix: "//", columns: []),
    // Auto format (the .npy magic decides), comma.
    DataReadOptions(format: .auto, delimiter: .comma, missingValues: .dropRow),
]

/// FUZZ_CSV_THREADS=1 takes the parallel parse out of the run; default 3.
private let parallelThreads = getenv("FUZZ_CSV_THREADS").flatMap { Int(String(cString: $0)) } ?? 3
/// FUZZ_CSV_PLAIN_LOOP=0 takes the plain-record loop out of the 61-byte-chunk
/// read, to fuzz past finding csv-1 (Fuzz/findings/csv/README.md: the loop
/// reads one byte past the window) until it is fixed; default 1.
private let plainLoop61 = getenv("FUZZ_CSV_PLAIN_LOOP").map { String(cString: $0) != "0" } ?? true

/// FUZZ_CSV_FIRST_RECORD_FITS=1: the small chunks are made at least as long
/// as the preamble and first record (to the first line feed after the first
/// line that is not blank or a comment; the whole input if a quote comes
/// before it), to fuzz past csv-2/csv-3 (Fuzz/findings/README.md).
private let firstRecordFits = getenv("FUZZ_CSV_FIRST_RECORD_FITS").map { String(cString: $0) == "1" } ?? false

private func firstRecordLength(_ bytes: UnsafeRawBufferPointer) -> Int {
    var lineStart = 0
    while lineStart < bytes.count {
        var end = lineStart
        var quoted = false
        while end < bytes.count && bytes[end] != UInt8(ascii: "\n") {
            if bytes[end] == UInt8(ascii: "\"") { quoted = true }
            end += 1
        }
        if quoted { return bytes.count + 1 }
        let line = bytes[lineStart..<end]
        let blank = line.allSatisfy { $0 == UInt8(ascii: "\r") }
        let comment = line.first == UInt8(ascii: "#") || line.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")])
        if !blank && !comment { return end + 1 }
        lineStart = end + 1
    }
    return bytes.count + 1
}

/// FUZZ_CSV_PUBLIC_ONLY=1: only the public API, every option set (to show
/// that a finding is reachable without the internal knobs).
private let publicOnly = getenv("FUZZ_CSV_PUBLIC_ONLY").map { String(cString: $0) == "1" } ?? false

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let path = FuzzFile.write(start, count, name: "input.csv")
    if publicOnly {
        for (i, options) in optionSets.enumerated() {
            checkSame(readWhole(path, options), readBlocks(path, options, rowsPerBlock: 3), "options \(i), public API")
        }
        return 0
    }
    let least = firstRecordFits ? firstRecordLength(UnsafeRawBufferPointer(start: start, count: count)) : 0
    for (i, options) in optionSets.enumerated() {
        // Reference: one chunk holds any input (max_len 8192), one thread.
        let full = readWhole(path, options, .small(chunkSize: 1 << 14))
        // Chunk boundaries everywhere, the general record loop.
        checkSame(full, readBlocks(path, options, rowsPerBlock: 1, .small(chunkSize: max(16, least), plainLoop: false)),
                  "options \(i), chunk 16, rowsPerBlock 1")
        // Odd chunk size, parallel parsing of quote-free chunks, blocks of 7.
        checkSame(full, readBlocks(path, options, rowsPerBlock: 7, .small(chunkSize: max(61, least), threads: parallelThreads, parallelFrom: 32, plainLoop: plainLoop61)),
                  "options \(i), chunk 61, \(parallelThreads) threads, rowsPerBlock 7")
        _ = try? DataReader.header(path: path, options: options)
    }
    // The public entry points with their default tuning, on one option set
    // per input (they cost ~0.5 ms each under ASan: the 8 MiB buffer).
    let i = count % optionSets.count
    let full = readWhole(path, optionSets[i], .small(chunkSize: 1 << 14))
    checkSame(full, readWhole(path, optionSets[i]), "options \(i), public read(path:) vs reference")
    checkSame(full, readBlocks(path, optionSets[i], rowsPerBlock: 3), "options \(i), public forEachBlock, rowsPerBlock 3")
    return 0
}

/// The executable's entry point (see FuzzSupport.runFuzzer).
@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzz(UnsafeRawPointer(data ?? UnsafePointer(bitPattern: 1)!), size) }
}
