// Fuzz target 2: the decimal float parser, differentially against Swift's
// Double(String) (correctly rounded, strtod-compatible).
//
// The input, when it is a non-empty string of the decimal alphabet
// [0-9+-.eE], is parsed
//  (a) by DecimalFloatParser.parse(first, end) directly (internal, through
//      `@testable import`), from a heap buffer of exactly its size, so ASan
//      sees any read past the end (the parser loads 8 bytes at a time);
//  (b) by DecimalFloatParser.parseCommonPrefix (the reader's hot path) from
//      the text followed by a comma and 40 bytes of padding (its contract);
//      it must stop at the comma;
//  (c) by the reader: the single field of a one-column CSV file (twice: once
//      followed by a newline, once at the end of the file without one),
//      with the default tuning and with 16-byte chunks.
// Then for each:
//  - Double(text) != nil  ⇒ the reader gives exactly its bits, in both rows;
//  - Double(text) == nil  ⇒ the reader throws notANumber (the docs' grammar
//    `[+|-] digits [. digits] [(e|E) [+|-] digits]` is the same language).
// Inputs outside the alphabet are ignored (the CSV target covers them).
#if canImport(Glibc)
import Glibc
#endif
import FuzzSupport
@testable import LossKitData

private let options = DataReadOptions(format: .delimitedText, delimiter: .comma, hasHeader: true)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    for b in bytes {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"): continue
        default: return -1  // not kept in the corpus
        }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    let expected = Double(text)

    // (a) exact buffer.
    let exact = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
    defer { exact.deallocate() }
    exact.initialize(from: bytes.bindMemory(to: UInt8.self).baseAddress!, count: count)
    let direct = DecimalFloatParser.parse(UnsafePointer(exact), UnsafePointer(exact + count))
    if direct?.bitPattern != expected?.bitPattern {
        finding("'\(text)': parse(first, end) gives \(direct.map { "\($0) (bits \(String($0.bitPattern, radix: 16)))" } ?? "nil"), Double(String) \(expected.map { "\($0) (bits \(String($0.bitPattern, radix: 16)))" } ?? "nil")")
    }
    // (b) the hot path, with its padding.
    let padded = Array(bytes) + [UInt8(ascii: ",")] + Array(repeating: UInt8(ascii: "9"), count: DecimalFloatParser.fieldReach)
    padded.withUnsafeBufferPointer { buffer in
        let base = buffer.baseAddress!
        let parsed = DecimalFloatParser.parseCommonPrefix(base, base + buffer.count)
        guard let expected else { return }
        guard let parsed, parsed.next == base + count, parsed.value.bitPattern == expected.bitPattern else {
            finding("'\(text)': parseCommonPrefix gives \(parsed.map { "\($0.value) ending at \($0.next - base)" } ?? "nil"), expected \(expected) ending at \(count)")
        }
    }

    // (c) the reader, whole file.
    let path = FuzzFile.write("x\n\(text)\n\(text)", name: "float.csv")
    viaReader(text, expected, path, CSVTuning())
    var small = CSVTuning()
    small.chunkSize = 16
    // FUZZ_CSV_PLAIN_LOOP=0: past finding csv-1 (see Fuzz/findings/csv/README.md).
    small.plainRecordLoop = getenv("FUZZ_CSV_PLAIN_LOOP").map { String(cString: $0) != "0" } ?? true
    viaReader(text, expected, path, small)
    return 0
}

private func viaReader(_ text: String, _ expected: Double?, _ path: String, _ tuning: CSVTuning) {
    do {
        let table = try DataReader.read(path: path, options: options, tuning: tuning)
        guard let expected else {
            finding("'\(text)': Double(String) rejects it, the reader gives \(table.columns.first ?? [])")
        }
        guard table.rowCount == 2, table.columns.count == 1 else {
            finding("'\(text)': \(table.rowCount) rows × \(table.columns.count) columns, expected 2 × 1")
        }
        for value in table.columns[0] where value.bitPattern != expected.bitPattern {
            finding("'\(text)': reader \(value) (bits \(String(value.bitPattern, radix: 16))), Double(String) \(expected) (bits \(String(expected.bitPattern, radix: 16)))")
        }
    } catch let error as DataError {
        if let expected {
            finding("'\(text)': Double(String) gives \(expected), the reader throws \(error)")
        }
        guard case .notANumber = error else {
            finding("'\(text)': rejected with \(error), expected notANumber")
        }
    } catch {
        finding("'\(text)': non-DataError \(error)")
    }
}

/// The executable's entry point (see FuzzSupport.runFuzzer).
@_cdecl("FuzzFloat_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzz(UnsafeRawPointer(data ?? UnsafePointer(bitPattern: 1)!), size) }
}
