import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The first record (delimiter detection, header names) must read the same
/// whatever the chunk size, also when the record is longer than a chunk
/// (fuzz findings csv-2 and csv-3: the delimiter was detected from the first
/// chunk only).
@Suite struct CSVFirstRecordTests {
    /// Chunk sizes 1…64 (the reader rounds up to 16) on one thread and on
    /// several, and the default tuning.
    static let tunings: [CSVTuning] =
        (1...64).map { CSVTuning(chunkSize: $0, threads: 1, minimumParallelBytes: 1 << 30) }
        + [CSVTuning(chunkSize: 17, threads: 3, minimumParallelBytes: 0), CSVTuning()]

    static func read(_ bytes: [UInt8], tuning: CSVTuning, options: DataReadOptions = DataReadOptions())
        -> Result<NumericTable, DataError>
    {
        let file = TemporaryFile(name: "data.csv", bytes: bytes)
        do {
            return .success(try DataReader.read(path: file.path, options: options, tuning: tuning))
        } catch let error as DataError {
            return .failure(error)
        } catch {
            Issue.record("not a DataError: \(error)")
            return .failure(.emptyFile(path: file.path))
        }
    }

    /// csv-3: the delimiter occurs only after the first chunk of the header.
    @Test func delimiterIsDetectedFromTheWholeFirstRecord() throws {
        let long = String(repeating: "a", count: 20)
        let cases: [(text: String, names: [String], columns: [[Double]])] = [
            ("\(long);b\n1;2\n", [long, "b"], [[1], [2]]),
            ("\(long)\tb\tc\n1\t2\t3\n4\t5\t6\n", [long, "b", "c"], [[1, 4], [2, 5], [3, 6]]),
            // More semicolons than commas, the commas first and in quotes or not.
            ("\(long),x;y;z\n1,2;3;4\n", ["\(long),x", "y", "z"], []),
            ("\"\(long),\(long),\(long)\";b\n1;2\n", ["\(long),\(long),\(long)", "b"], [[1], [2]]),
            // A stray quote mid-field is a character: it opens nothing.
            ("\(long)\"in;b;c\n1;2;3\n", ["\(long)\"in", "b", "c"], [[1], [2], [3]]),
            // The header is the file's last line.
            ("\(long);b", [long, "b"], []),
            // CR LF, and a preamble of blank lines.
            ("\n\r\n\(long);b\r\n1;2\r\n", [long, "b"], [[1], [2]]),
        ]
        for (text, names, columns) in cases {
            let file = TemporaryFile(name: "data.csv", text)
            for tuning in Self.tunings {
                let where_ = "\(text.debugDescription), chunk \(tuning.chunkSize)"
                let stream = try CSVStream(path: file.path, options: DataReadOptions(), tuning: tuning)
                #expect(stream.fileColumnNames == names, "\(where_)")
                // Without columns: no data rows, or a field that is not a number.
                guard !columns.isEmpty else { continue }
                let table = try DataReader.read(path: file.path, options: DataReadOptions(), tuning: tuning)
                #expect(table.columnNames == names, "\(where_)")
                #expect(table.columns == columns, "\(where_)")
            }
        }
    }

    /// csv-2: duplicate names in a header longer than a chunk are reported
    /// as such, not as a one-column file with no data rows.
    @Test func duplicateNamesInALongHeaderAreReportedAtEveryChunkSize() throws {
        let long = String(repeating: "a", count: 20)
        let nul = [UInt8](repeating: 0, count: 7)
        let cases: [(bytes: [UInt8], name: String)] = [
            (Array("\(long)\t\(long)".utf8), long),
            (Array("\(long)\t\(long)\n1\t2\n".utf8), long),
            (Array("b;\(long);c;\(long)\n1;2;3;4\n".utf8), long),
            (Array("9999.ta9O".utf8) + nul + [9] + nul + [9] + nul, String(decoding: nul, as: UTF8.self)),
        ]
        for (bytes, name) in cases {
            for tuning in Self.tunings {
                let result = Self.read(bytes, tuning: tuning)
                guard case .failure(let error) = result else {
                    Issue.record("read \(bytes), chunk \(tuning.chunkSize)")
                    continue
                }
                #expect(error == .duplicateColumn(name: name), "chunk \(tuning.chunkSize)")
            }
        }
    }

    /// The fuzzer's inputs whose first record spans chunks (csv-2, csv-3 and
    /// the 26 of the same family, kept in Fuzz/corpus/csv as regression
    /// seeds): each reads the same, table or error, at every chunk size.
    @Test func fuzzFirstRecordInputsReadTheSameAtEveryChunkSize() throws {
        let directory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/csv/first-record")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names.count >= 28)
        for name in names {
            let path = directory.appendingPathComponent(name).path
            func outcome(_ tuning: CSVTuning) -> String {
                do {
                    let table = try DataReader.read(path: path, options: DataReadOptions(), tuning: tuning)
                    return "\(table.columnNames) \(table.columns.map { $0.map(\.bitPattern) })"
                } catch {
                    return "\(error)"
                }
            }
            let expected = outcome(CSVTuning())
            for tuning in Self.tunings {
                #expect(outcome(tuning) == expected, "\(name), chunk \(tuning.chunkSize)")
            }
        }
    }

    /// A first record longer than `maxRecordBytes` is `recordTooLong` while
    /// the delimiter is looked for, as it is after.
    @Test func detectionStopsAtTheRecordLimit() throws {
        let text = String(repeating: "a", count: 100) + ";b\n1;2\n"
        var options = DataReadOptions()
        options.maxRecordBytes = 40
        let result = Self.read(Array(text.utf8), tuning: CSVTuning(chunkSize: 16, threads: 1), options: options)
        guard case .failure(let error) = result, case .recordTooLong(_, let line, _) = error else {
            Issue.record("expected recordTooLong, got \(result)")
            return
        }
        #expect(line == 1)
    }
}
