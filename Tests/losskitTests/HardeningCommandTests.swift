import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 10 through the tool: no flag value reaches a trap, impossible work
/// is refused first, negative numbers are read as values, zero weights mean
/// "this row does not count", and file errors are one clear line.
@Suite struct HardeningCommandTests {
    static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    static let data = "x,z,y,w\n1,3,2,1\n2,1,3,0\n3,4,5,2\n4,1,4,1\n5,9,9,0\n6,2,6,1\n7,5,8,3\n"
    /// `data` without the rows whose weight is 0.
    static let weighted = "x,z,y,w\n1,3,2,1\n3,4,5,2\n4,1,4,1\n6,2,6,1\n7,5,8,3\n"

    static func json(_ outcome: ToolRunner.Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    // MARK: - Class 1: sizes no allocation can meet

    @Test func hugeBlockRowsGiveTheOrdinaryAnswer() throws {
        let folder = try ToolRunner.temporaryFolder()
        let data = try Self.write(Self.data, "d.csv", in: folder)
        let model = folder.appendingPathComponent("m.json").path
        let plain = try ToolRunner.run(["fit", data, "--target", "y", "--features", "x,z", "--stream", "--json"])
        #expect(plain.status == 0, "\(plain.stderr)")
        for rows in ["1000000000000", String(Int.max)] {
            let fit = try ToolRunner.run(["fit", data, "--target", "y", "--features", "x,z", "--stream", "--json", "--block-rows", rows])
            #expect(fit.status == 0, "\(fit.stderr)")
            #expect(fit.stdout == plain.stdout)
        }
        #expect(try ToolRunner.run(["fit", data, "--target", "y", "--features", "x,z", "--save", model]).status == 0)
        let predicted = try ToolRunner.run(["predict", model, data])
        let huge = try ToolRunner.run(["predict", model, data, "--block-rows", "1000000000000"])
        #expect(huge.status == 0, "\(huge.stderr)")
        #expect(huge.stdout == predicted.stdout)
    }

    @Test func reportOnDataNearTheLargestDoubleWritesAReport() throws {
        let folder = try ToolRunner.temporaryFolder()
        let data = try Self.write("x,y\n1,1e308\n2,-1e308\n3,5\n4,7e307\n5,-3\n6,1\n", "huge.csv", in: folder)
        let output = folder.appendingPathComponent("r.html").path
        let outcome = try ToolRunner.run(["report", data, "--target", "y", "--output", output])
        #expect(outcome.status == 0 || outcome.status == 1, "trapped: \(outcome.status) \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Fatal error"))
    }

    // MARK: - Class 2: impossible work refused first

    @Test func streamedFitWithTooFewRowsIsRefusedBeforeTheTriangle() throws {
        let folder = try ToolRunner.temporaryFolder()
        let p = 400
        var text = (["y"] + (0..<p).map { "x\($0)" }).joined(separator: ",") + "\n"
        for i in 0..<20 { text += (0...p).map { String(($0 * 7 + i * 13) % 11) }.joined(separator: ",") + "\n" }
        let data = try Self.write(text, "wide.csv", in: folder)
        // Blocks wider than the parameter count, and narrower (a counting pass).
        for blockRows in ["65536", "5"] {
            let outcome = try ToolRunner.run(["fit", data, "--target", "y", "--stream", "--block-rows", blockRows])
            #expect(outcome.status == 1)
            #expect(outcome.stderr == "losskit: error: 20 rows are too few to estimate 401 parameters\n", "\(blockRows)")
        }
    }

    // MARK: - Class 5: negative values are values

    /// Every numeric option of every subcommand, given a negative value in
    /// its own argument: rejected for what it is, never "Missing value".
    static let negativeValues: [[String]] = [
        ["fit", "--model", "ridge", "--alpha", "-1"],
        ["fit", "--model", "ridge", "--alphas", "-1,2"],
        ["fit", "--model", "huber", "--delta", "-2"],
        ["fit", "--model", "huber", "--huber-k", "-2"],
        ["fit", "--model", "quantile", "--quantile", "-0.5"],
        ["fit", "--degree", "-2"],
        ["fit", "--level", "-0.9"],
        ["fit", "--stream", "--block-rows", "-5"],
        ["predict", "--block-rows", "-5"],
        ["report", "--delta", "-2"],
        ["report", "--huber-k", "-2"],
        ["report", "--quantile", "-0.5"],
        ["evaluate", "--prediction", "x", "--delta", "-2"],
        ["evaluate", "--prediction", "x", "--beta", "-1"],
        ["evaluate", "--prediction", "x", "--quantile", "-0.5"],
        ["evaluate", "--prediction", "x", "--epsilon", "-0.1"],
    ]

    @Test(arguments: negativeValues)
    func negativeNumberIsReadAsAValue(arguments: [String]) throws {
        let folder = try ToolRunner.temporaryFolder()
        let data = try Self.write(Self.data, "d.csv", in: folder)
        var line = [arguments[0]]
        if arguments[0] == "predict" { line += [folder.appendingPathComponent("m.json").path, data] } else { line += [data, "--target", "y"] }
        line += arguments.dropFirst()
        let outcome = try ToolRunner.run(line)
        let flag = try #require(arguments.last(where: { $0.hasPrefix("--") }))
        #expect(outcome.status == 2, "\(line): \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Missing value"), "\(line): \(outcome.stderr)")
        let first = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains(flag) || (flag == "--delta" && first.contains("--huber-k")), "\(line): \(first)")
    }

    // MARK: - Class 5: zero weights

    @Test(arguments: [false, true])
    func zeroWeightsAreRowsThatDoNotCount(streamed: Bool) throws {
        let folder = try ToolRunner.temporaryFolder()
        let all = try Self.write(Self.data, "all.csv", in: folder)
        let kept = try Self.write(Self.weighted, "kept.csv", in: folder)
        let flags = ["--target", "y", "--features", "x,z", "--weights", "w", "--json"] + (streamed ? ["--stream", "--block-rows", "2"] : [])
        let withZeros = try ToolRunner.run(["fit", all] + flags)
        let without = try ToolRunner.run(["fit", kept] + flags)
        #expect(withZeros.status == 0, "\(withZeros.stderr)")
        #expect(without.status == 0, "\(without.stderr)")
        #expect(withZeros.stderr == "losskit: left out 2 row(s) whose weight is 0 (they do not count in the fit)\n")
        let a = try Self.json(withZeros), b = try Self.json(without)
        #expect(a["n"] as? Int == 5)
        let ca = try #require(a["coefficients"] as? [Double]), cb = try #require(b["coefficients"] as? [Double])
        let ia = try #require(a["intercept"] as? Double), ib = try #require(b["intercept"] as? Double)
        for (x, y) in zip(ca + [ia], cb + [ib]) { #expect(abs(x - y) <= 1e-12 * max(1, abs(y)), "\(ca) \(ia) vs \(cb) \(ib)") }
        let ma = try #require(a["metrics"] as? [String: Any]), mb = try #require(b["metrics"] as? [String: Any])
        #expect(Set(ma.keys) == Set(mb.keys))
        for (name, value) in mb {
            guard let y = value as? Double else { continue }
            let x = try #require(ma[name] as? Double, "\(name)")
            #expect(abs(x - y) <= 1e-12 * max(1, abs(y)), "\(name): \(x) vs \(y)")
        }
    }

    @Test(arguments: ["-1", "-0.5", "inf"])
    func negativeOrNonFiniteWeightsAreStillRejected(weight: String) throws {
        let folder = try ToolRunner.temporaryFolder()
        let data = try Self.write("x,y,w\n1,2,1\n2,3,\(weight)\n3,5,1\n4,4,1\n", "d.csv", in: folder)
        for extra in [[], ["--stream"]] {
            let outcome = try ToolRunner.run(["fit", data, "--target", "y", "--weights", "w"] + extra)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.hasPrefix("losskit: error: the weights column holds"), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("at data row 2; weights must be finite and >= 0"), "\(outcome.stderr)")
        }
    }

    // MARK: - Class 5: file errors in words

    @Test func unreadableFilesAreNamedWithTheReason() throws {
        let folder = try ToolRunner.temporaryFolder()
        let data = try Self.write(Self.data, "d.csv", in: folder)
        let missing = folder.appendingPathComponent("missing.json").path
        let cases: [([String], String)] = [
            (["predict", folder.path, data], "losskit: error: cannot read \(folder.path): it is a directory\n"),
            (["predict", missing, data], "losskit: error: cannot read \(missing): no such file or directory\n"),
        ]
        for (line, expected) in cases {
            let outcome = try ToolRunner.run(line)
            #expect(outcome.status == 1)
            #expect(outcome.stderr == expected)
        }
        // A model read from a pipe, as `<(…)` gives it.
        let model = folder.appendingPathComponent("m.json").path
        #expect(try ToolRunner.run(["fit", data, "--target", "y", "--save", model]).status == 0)
        let fifo = folder.appendingPathComponent("model-pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo), let bytes = FileManager.default.contents(atPath: model) {
                handle.write(bytes)
                try? handle.close()
            }
        }
        writer.start()
        let piped = try ToolRunner.run(["predict", fifo, data])
        #expect(piped.status == 0, "\(piped.stderr)")
        // Should the tool have failed before opening the FIFO, release the
        // writer (holding the read end open until it is done: no SIGPIPE).
        let release = open(fifo, O_RDONLY | O_NONBLOCK)
        while !writer.isFinished { usleep(10_000) }
        if release >= 0 { close(release) }
        #expect(piped.stdout.hasPrefix("x,z,w,prediction\n"))
    }
}
