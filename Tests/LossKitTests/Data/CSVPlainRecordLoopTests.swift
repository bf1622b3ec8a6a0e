import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The lean loop for plain records (`CSVRecordParser.parsePlainRecords`)
/// must read every file exactly as the general loop does: same values, same
/// dropped rows, same error with the same row and line. Each file here is
/// long runs of plain records (which the lean loop takes) with one record
/// of another shape at the start, the middle or the end: numbers it also
/// takes (exponents, long digit runs, signs) or records it must hand to the
/// general loop without consuming any of it (quotes, padding, blank and
/// comment lines, missing values, trailing delimiters).
@Suite struct CSVPlainRecordLoopTests {
    /// A record of another shape, and how it reads.
    enum Edge: String, CaseIterable, CustomTestStringConvertible {
        case quotedNumber, paddedNumber, crlf, blankLine, commentLine, droppedMissingValue, exponent
        case trailingDelimiter, longInteger, manyFractionDigits, seventeenDigits, quotedUnreadField, quotedLineFeed
        case highByteInUnreadField, signs, bareFraction, bareInteger, emptyUnreadField

        var testDescription: String { rawValue }

        /// The fields of the record (numbers first, the unread label last)
        /// and the line end, or nil for a line that is not a record.
        func record(_ values: [Double]) -> (fields: [String], ending: String)? {
            let plain = values.map { String(format: "%.6f", $0) }
            switch self {
            case .quotedNumber: return (["\"\(plain[0])\""] + plain.dropFirst() + ["x"], "\n")
            case .paddedNumber: return ([" \(plain[0]) "] + plain.dropFirst() + ["x"], "\n")
            case .crlf: return (plain + ["x"], "\r\n")
            case .blankLine, .commentLine, .droppedMissingValue: return nil
            case .exponent: return ([String(format: "%.6e", values[0])] + plain.dropFirst() + ["x"], "\n")
            case .trailingDelimiter: return (plain + ["x", ""], "\n")
            case .longInteger, .manyFractionDigits, .seventeenDigits, .signs, .bareFraction, .bareInteger:
                return (spelled(values), "\n")
            case .quotedUnreadField: return (plain + ["\"a,b\""], "\n")
            case .quotedLineFeed: return (plain + ["\"a\n1,2,3,4,b\""], "\n")
            case .highByteInUnreadField: return (plain + ["naïve"], "\n")
            case .emptyUnreadField: return (plain + [""], "\n")
            }
        }

        /// Numbers in the spellings of the edge (long runs, signs, bare
        /// points); `ownValues` is what they read as.
        func spelled(_ values: [Double]) -> [String] {
            switch self {
            case .longInteger: return ["123456789.5", "-98765432", "12345678", "1"] + ["x"]
            case .manyFractionDigits: return ["0.1234567890123456", "-0.00000000000000012", "1.5", "2"] + ["x"]
            case .seventeenDigits: return ["0.30000000000000004", "9007199254740993", "-1.7976931348623157", "3"] + ["x"]
            case .signs: return ["+1.5", "-0.0", "+0", "-7"] + ["x"]
            case .bareFraction: return [".5", "-.25", "+.125", "0"] + ["x"]
            case .bareInteger: return ["5.", "-3.", "0.", "12"] + ["x"]
            default: return values.map { String(format: "%.6f", $0) } + ["x"]
            }
        }

        /// The values the edge record reads as, when it has its own.
        var ownValues: [Double]? {
            switch self {
            case .longInteger: return [123456789.5, -98765432, 12345678, 1]
            case .manyFractionDigits: return [0.1234567890123456, -0.00000000000000012, 1.5, 2]
            case .seventeenDigits: return [0.30000000000000004, 9007199254740992, -1.7976931348623157, 3]  // "9007199254740993" (2^53 + 1) rounds to even
            case .signs: return [1.5, -0.0, 0, -7]
            case .bareFraction: return [0.5, -0.25, 0.125, 0]
            case .bareInteger: return [5, -3, 0, 12]
            default: return nil
            }
        }
    }

    static let numericColumns = ["a", "b", "c", "d"]

    /// A file of `rows` plain records with `edge` put at row `position`,
    /// and the values it holds, column by column.
    static func file(edge: Edge, at position: Int, rows: Int, seed: UInt64) -> (text: String, columns: [[Double]]) {
        var generator = SplitMix64(seed: seed)
        var text = (numericColumns + ["label"]).joined(separator: ",") + "\n"
        var columns = [[Double]](repeating: [], count: numericColumns.count)
        for row in 0..<rows {
            let values = (0..<numericColumns.count).map { _ in
                Double(Int64(bitPattern: generator.next()) % 2_000_000_000) / 1e6
            }
            // The plain spelling, read back exactly as written.
            let plain = values.map { String(format: "%.6f", $0) }
            let readBack = plain.map { Double($0)! }
            if row == position {
                switch edge {
                case .blankLine: text += "\n"
                case .commentLine: text += "# 1,2,3,4,x\n"
                case .droppedMissingValue: text += (["NA"] + plain.dropFirst() + ["x"]).joined(separator: ",") + "\n"
                default: break
                }
                if let (fields, ending) = edge.record(values) {
                    text += fields.joined(separator: ",") + ending
                    let own = edge.ownValues ?? fields.prefix(numericColumns.count).map {
                        Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")))!
                    }
                    for j in columns.indices { columns[j].append(own[j]) }
                }
            }
            text += (plain + ["x"]).joined(separator: ",") + "\n"
            for j in columns.indices { columns[j].append(readBack[j]) }
        }
        return (text, columns)
    }

    static let tunings: [CSVTuning] = [
        CSVTuning(chunkSize: 1 << 20, threads: 1, minimumParallelBytes: 1 << 30),
        CSVTuning(chunkSize: 777, threads: 1, minimumParallelBytes: 1 << 30),
        CSVTuning(chunkSize: 4096, threads: 3, minimumParallelBytes: 0),
    ]

    static func withoutLeanLoop(_ tuning: CSVTuning) -> CSVTuning {
        var general = tuning
        general.plainRecordLoop = false
        return general
    }

    @Test(arguments: Edge.allCases)
    func edgeRecordAmongPlainRecords(_ edge: Edge) throws {
        let rows = 400
        let options = DataReadOptions(
            commentPrefix: "#", columns: Self.numericColumns, missingValues: .dropRow)
        for position in [0, 1, rows / 2, rows - 1] {
            let (text, expected) = Self.file(edge: edge, at: position, rows: rows, seed: UInt64(position) + 11)
            let file = TemporaryFile(text)
            for tuning in Self.tunings {
                let lean = try DataReader.read(path: file.path, options: options, tuning: tuning)
                let general = try DataReader.read(path: file.path, options: options, tuning: Self.withoutLeanLoop(tuning))
                #expect(lean == general, "\(edge) at row \(position), chunk \(tuning.chunkSize)")
                let same = lean.columns.count == expected.count && zip(lean.columns, expected).allSatisfy { read, written in
                    read.count == written.count && zip(read, written).allSatisfy { $0.bitPattern == $1.bitPattern }
                }
                #expect(same, "\(edge) at row \(position), chunk \(tuning.chunkSize)")
                #expect(lean.droppedRowCount == (edge == .droppedMissingValue ? 1 : 0))
            }
        }
    }

    /// Bad records among plain ones: both loops throw the same error,
    /// naming the same row and line.
    @Test(arguments: [
        ("1.5,2.5,oops,4.5,x", "notANumber"),
        ("1.5,2.5,3.5,x", "ragged: too few"),
        ("1.5,2.5,3.5,4.5,x,y", "ragged: too many"),
        ("1.5,,3.5,4.5,x", "missing"),
        ("1.5,2.5\r,3.5,4.5,x", "lone CR"),
        ("1.5,2.5,3.5,4.5e,x", "exponent without digits"),
        ("1.5,2.5,3.5,4é,x", "non-ASCII in a number"),
    ])
    func badRecordAmongPlainRecords(_ bad: String, _ what: String) throws {
        for position in [0, 250, 499] {
            var text = "a,b,c,d,label\n"
            for row in 0..<500 {
                text += row == position ? bad + "\n" : "\(row).25,-\(row).5,0.00\(row),\(row),x\n"
            }
            let file = TemporaryFile(text)
            for tuning in Self.tunings {
                let lean = dataError { _ = try DataReader.read(path: file.path, options: DataReadOptions(), tuning: tuning) }
                let general = dataError { _ = try DataReader.read(path: file.path, options: DataReadOptions(), tuning: Self.withoutLeanLoop(tuning)) }
                #expect(lean != nil, "\(what) at row \(position)")
                #expect(lean == general, "\(what) at row \(position), chunk \(tuning.chunkSize)")
            }
        }
    }
}
