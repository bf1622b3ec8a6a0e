import Foundation
import Testing
@testable import losskit

/// Issue 10, input side, end to end: standard input, FIFOs and process
/// substitution as data files; CR-only line ends; column names holding
/// the separator; inputs without line ends; file text in messages.
@Suite struct DataInputCommandTests {
    /// y = 0.75 + 2.15 x by least squares (Sxy = 10.75, Sxx = 5, by hand).
    static let text = "x,y\n1,3\n2,5\n3,7\n4,9.5\n"

    static func expectFit(_ outcome: ToolRunner.Outcome, intercept: Double = 0.75, slope: Double = 2.15,
                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)", sourceLocation: sourceLocation)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any],
            sourceLocation: sourceLocation)
        let b0 = try #require(json["intercept"] as? Double, sourceLocation: sourceLocation)
        let b = try #require(json["coefficients"] as? [Double], sourceLocation: sourceLocation)
        #expect(abs(b0 - intercept) < 1e-12, sourceLocation: sourceLocation)
        #expect(b.count == 1 && abs(b[0] - slope) < 1e-12, "\(b)", sourceLocation: sourceLocation)
    }

    @Test func standardInputAsDash() throws {
        try Self.expectFit(ToolRunner.run(["fit", "-", "--target", "y", "--json"], standardInput: Data(Self.text.utf8)))
        // evaluate reads it too (a prediction column against the target).
        let evaluation = try ToolRunner.run(
            ["evaluate", "-", "--target", "y", "--prediction", "x", "--json"], standardInput: Data(Self.text.utf8))
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
    }

    /// A streamed fit reads its input twice (fit, then score): from a pipe
    /// it reads a temporary copy, which is gone afterwards, and gives the
    /// same fit as the in-memory path.
    @Test(.timeLimit(.minutes(1))) func streamedFitFromAPipeReadsATemporaryCopy() throws {
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try ToolRunner.run(["fit", "-", "--target", "y", "--stream", "--json"],
                                         standardInput: Data(Self.text.utf8), environment: ["TMPDIR": folder.path])
        try Self.expectFit(outcome)
        #expect(outcome.stdout.contains("\"streamed\": true"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        // An error in the data still names the row, not the temporary copy.
        let bad = try ToolRunner.run(["fit", "-", "--target", "y", "--stream"],
                                     standardInput: Data("x,y\n1,2\n2,zz\n".utf8), environment: ["TMPDIR": folder.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("'zz' in column 'y' at data row 2"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// `losskit fit - < file`: standard input is a regular file whose
    /// offset every read of it shares.
    @Test func standardInputRedirectedFromAFile() throws {
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.csv")
        try Data(Self.text.utf8).write(to: file)
        let process = Process()
        process.executableURL = ToolRunner.executableURL
        process.arguments = ["fit", "-", "--target", "y", "--json"]
        process.standardInput = try FileHandle(forReadingFrom: file)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try Self.expectFit(ToolRunner.Outcome(
            status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: ""))
    }

    @Test(.timeLimit(.minutes(1))) func fifoAsDataFile() throws {
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("data.fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        let bytes = Data(Self.text.utf8)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.write(bytes)
                try? handle.close()
            }
        }
        writer.start()
        try Self.expectFit(ToolRunner.run(["fit", path, "--target", "y", "--json"]))
    }

    @Test func processSubstitution() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { return }
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.csv")
        try Data(Self.text.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "\"$0\" fit <(cat \"$1\") --target y --json", ToolRunner.executableURL.path, file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try Self.expectFit(ToolRunner.Outcome(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: ""))
    }

    @Test func carriageReturnLineEnds() throws {
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mac.csv")
        try Data(Self.text.replacingOccurrences(of: "\n", with: "\r").utf8).write(to: file)
        try Self.expectFit(ToolRunner.run(["fit", file.path, "--target", "y", "--json"]))
    }

    /// `"a,b"` in the header is selected as `a\,b`; the other column is noise
    /// that must not enter the fit (y = 0.75 + 2.15 · (a,b) as above).
    @Test func columnNameHoldingTheSeparator() throws {
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("names.csv")
        try Data("noise,\"a,b\",y\n5,1,3\n-2,2,5\n9,3,7\n0,4,9.5\n".utf8).write(to: file)
        try Self.expectFit(ToolRunner.run(["fit", file.path, "--target", "y", "--features", "a\\,b", "--json"]))
        let missing = try ToolRunner.run(["fit", file.path, "--target", "y", "--features", "a,b"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no column 'a' in --features"))
    }

    /// An input with no line end: one clear line and exit 1, in bounded time.
    @Test(.timeLimit(.minutes(1))) func deviceWithoutLineEnds() throws {
        let outcome = try ToolRunner.run(["fit", "/dev/zero", "--target", "y"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("'/dev/zero': the record at line 1 runs on for more than 67108864 bytes"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    /// Terminal escapes, BEL and CR in a header name, and a name of 2 MB,
    /// reach the message escaped and cut.
    @Test func headerTextInMessagesIsSanitized() throws {
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("nasty.csv")
        let long = String(repeating: "L", count: 2_000_000)
        try Data("x,\"\u{1B}]0;owned\u{07}\r\",\(long),y\n1,2,3,4\n".utf8).write(to: file)
        for arguments in [["--target", "nope"], ["--target", "y", "--features", "nope"]] {
            let outcome = try ToolRunner.run(["fit", file.path] + arguments)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("\\u{1B}]0;owned\\u{7}\\u{D}"))
            #expect(!outcome.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(outcome.stderr.utf8.count < 2_000)
        }
    }

    // MARK: - The tool's name lists

    @Test func nameListEscapes() {
        #expect(commaSeparated("a, b ,c") == ["a", "b", "c"])
        #expect(commaSeparated("price\\, USD,qty") == ["price, USD", "qty"])
        #expect(commaSeparated("a\\\\,b") == ["a\\", "b"])
        #expect(commaSeparated("C:\\temp,x") == ["C:\\temp", "x"])
        #expect(commaSeparated("a,,b,") == ["a", "b"])
        #expect(commaSeparated("trailing\\") == ["trailing\\"])
        #expect(splitNameList("a,,b") == ["a", "", "b"])
    }

    /// 300,000 columns and 40,000 listed features: set look-ups keep it
    /// linear (a `contains` per name over the header would take some
    /// 10^10 comparisons).
    @Test(.timeLimit(.minutes(1))) func featureColumnsIsLinear() throws {
        let header = (0..<300_000).map { "c\($0)" } + ["y"]
        let listed = (0..<40_000).map { "c\(299_999 - $0 * 7)" }
        let names = try featureColumns(header: header, target: "y", features: listed.joined(separator: ","))
        #expect(names == listed)
        let all = try featureColumns(header: header, target: "y", features: nil, excluded: header.suffix(1000).dropLast().map { $0 })
        #expect(all.count == 300_000 - 999)
        #expect(throws: (any Error).self) {
            try featureColumns(header: header, target: "y", features: listed.joined(separator: ",") + ",absent")
        }
        // predict's check that the file has every input of the model.
        try requireColumns(listed, in: header, file: "data.csv")
        #expect(throws: (any Error).self) { try requireColumns(listed + ["absent"], in: header, file: "data.csv") }
    }
}
