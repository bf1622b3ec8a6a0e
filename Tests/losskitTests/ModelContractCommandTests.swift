import Foundation
import Testing

/// The tool after the model contract: old model files predict, Huber's two
/// parameters have two names, and row numbers count data rows from 1 on every path.
@Suite struct ModelContractCommandTests {
    static let anscombe = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try ToolRunner.run(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test(arguments: ["v1-linear-regression-ols", "v1-polynomial-regression", "v1-ridge", "v1-robust-huber", "v1-robust-quantile"])
    func everyOldModelFilePredicts(name: String) throws {
        let file = ToolRunner.packageRoot.appendingPathComponent("Tests/LossKitTests/Fixtures/model-files/\(name).json").path
        let json = try Self.json(["predict", file, Self.anscombe, "--json"])
        #expect(json["n"] as? Int == 11)
        #expect((json["predictions"] as? [Double])?.count == 11)
    }

    @Test func huberKAndItsOldAliasDeltaAreTheSameFit() throws {
        let base = ["fit", Self.anscombe, "--target", "y3", "--features", "x3", "--model", "huber", "--json"]
        let k = try Self.json(base + ["--huber-k", "2"])
        let alias = try Self.json(base + ["--delta", "2"])
        #expect(k["coefficients"] as? [Double] == alias["coefficients"] as? [Double])
        #expect(k["delta"] as? Double == 2)
        let defaultFit = try Self.json(base)
        #expect(k["coefficients"] as? [Double] != defaultFit["coefficients"] as? [Double])
    }

    @Test func reportDeltaChangesTheHuberFitItShows() throws {
        let folder = try ToolRunner.temporaryFolder()
        func html(_ extra: [String]) throws -> String {
            let out = folder.appendingPathComponent("r\(extra.count).html").path
            let outcome = try ToolRunner.run(["report", Self.anscombe, "--target", "y3", "--features", "x3",
                                              "--models", "ols,huber", "--output", out] + extra)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return try String(contentsOfFile: out, encoding: .utf8)
        }
        let absolute = try html(["--delta", "2"])
        let scaled = try html([])
        // The absolute δ = 2 fit is Huber with k = 2 and the scale held at 1; the default is k = 1.345 MAD units.
        #expect(absolute.contains("Huber (k = 2 s)") && absolute.contains("Huber δ = 2<"))
        #expect(scaled.contains("Huber (k = 1.345 s)") && !scaled.contains("Huber (k = 2 s)"))
        #expect(try ToolRunner.run(["report", Self.anscombe, "--target", "y3", "--delta", "1", "--huber-k", "1"]).status == 2)
    }

    @Test(arguments: [false, true]) func badWeightNamesTheDataRow(streamed: Bool) throws {
        let file = try ToolRunner.temporaryFolder().appendingPathComponent("w.csv")
        try "x,y,w\n1,2,1\n2,3,1\n3,5,-1\n4,4,1\n5,6,1\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try ToolRunner.run(["fit", file.path, "--target", "y", "--weights", "w", "--block-rows", "2"]
                                         + (streamed ? ["--stream"] : []))
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "losskit: error: the weights column holds -1.0 at data row 3; weights must be finite and >= 0\n")
    }
}

/// A header's terminal escapes never reach standard output in the fit summary.
@Suite struct SummaryEscapeCommandTests {
    @Test func headerEscapesAreShownEscaped() throws {
        let file = try ToolRunner.temporaryFolder().appendingPathComponent("esc.csv")
        try "\"x\u{1B}]0;t\u{07}\",y\n1,2\n2,3\n3,5\n4,4\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try ToolRunner.run(["fit", file.path, "--target", "y"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
        #expect(outcome.stdout.contains("x\\u{1B}]0;t\\u{7}"))
    }
}
