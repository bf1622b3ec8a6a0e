import Foundation
import Testing

/// `losskit evaluate --json` against scikit-learn and PyTorch values computed by
/// scripts/generate_cli_fixtures.py on the same CSV.
@Suite struct EvaluateCommandTests {
    static var fixtureFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: fixtureFolder.appendingPathComponent("evaluate-random.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: [false, true])
    func jsonAgreesWithScikitLearnAndPyTorch(weighted: Bool) throws {
        let csv = Self.fixtureFolder.appendingPathComponent("evaluate-random.csv").path
        var arguments = ["evaluate", csv, "--target", "y", "--prediction", "yhat", "--json"]
        if weighted { arguments += ["--weights", "w"] }
        let outcome = try ToolRunner.run(arguments)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let expected = try #require(try Self.reference()[weighted ? "weighted" : "unweighted"] as? [String: Any])
        #expect(expected.count >= 17)
        for (key, value) in expected {
            let want = try #require(value as? Double, "\(key)")
            let got = try #require(json[key] as? Double, "missing key \(key)")
            let relative = abs(got - want) / max(abs(want), .leastNormalMagnitude)
            #expect(relative <= 1e-12, "\(key): losskit \(got), reference \(want), relative error \(relative)")
        }
        #expect(json["weighted"] as? Bool == weighted)
    }

    @Test func tableOutputListsEveryMetricAndLoss() throws {
        let csv = Self.fixtureFolder.appendingPathComponent("evaluate-random.csv").path
        let outcome = try ToolRunner.run(["evaluate", csv, "--target", "y", "--prediction", "yhat"])
        #expect(outcome.status == 0)
        for name in ["mse", "rmse", "mae", "r2", "explained_variance", "max_error", "median_absolute_error",
                     "mape", "huber", "smooth_l1", "log_cosh", "pinball", "epsilon_insensitive"] {
            #expect(outcome.stdout.contains("  \(name) "), "table lacks \(name)")
        }
    }

    @Test func missingColumnIsOneClearLineAndExitCode1() throws {
        let csv = Self.fixtureFolder.appendingPathComponent("evaluate-random.csv").path
        let outcome = try ToolRunner.run(["evaluate", csv, "--target", "nope", "--prediction", "yhat"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("losskit: error:"))
        #expect(outcome.stderr.contains("nope"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stdout.isEmpty)
    }

    @Test func badQuantileIsAUsageError() throws {
        let csv = Self.fixtureFolder.appendingPathComponent("evaluate-random.csv").path
        let outcome = try ToolRunner.run(["evaluate", csv, "--target", "y", "--prediction", "yhat", "--quantile", "1.5"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--quantile"))
    }

    @Test func nonNumericCellNamesRowAndColumn() throws {
        let folder = try ToolRunner.temporaryFolder()
        let file = folder.appendingPathComponent("bad.csv")
        try "y,yhat\n1,2\n3,abc\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try ToolRunner.run(["evaluate", file.path, "--target", "y", "--prediction", "yhat"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("row 2"))
        #expect(outcome.stderr.contains("yhat"))
    }
}
