import Foundation
import Testing

/// `losskit fit --model mlp` end to end: the JSON contract, the model file,
/// and errors that name the flag.
@Suite struct FitOptionsMLPTests {
    /// y = x1² − x2 on a small grid, written once per test run.
    static func dataFile() throws -> URL {
        let folder = try ToolRunner.temporaryFolder()
        var lines = ["x1,x2,y"]
        for i in 0..<60 {
            let a = Double(i % 10) / 5 - 1, b = Double(i / 10) / 3 - 1
            lines.append("\(a),\(b),\(a * a - b)")
        }
        let url = folder.appendingPathComponent("mlp.csv")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func jsonHasTheContractKeysAndTheTrainingCurve() throws {
        let file = try Self.dataFile()
        let outcome = try ToolRunner.run(["fit", file.path, "--target", "y", "--model", "mlp", "--hidden", "8,4", "--epochs", "7",
                                          "--early-stopping", "--validation-fraction", "0.2", "--patience", "100", "--seed", "3", "--json"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["model"] as? String == "mlp")
        #expect(json["n"] as? Int == 60)
        #expect(json["feature_names"] as? [String] == ["x1", "x2"])
        #expect(json["metrics"] is [String: Any])
        #expect(json["epochs"] as? Int == 7)
        #expect((json["loss_history"] as? [Double])?.count == 7)
        #expect((json["validation_history"] as? [Double])?.count == 7)
        #expect(json["stopped_because"] as? String == "iteration_limit")
        #expect(json["hidden_layer_sizes"] as? [Int] == [8, 4])
    }

    @Test func savedModelPredictsTheSameAsTheFit() throws {
        let file = try Self.dataFile()
        let folder = try ToolRunner.temporaryFolder()
        let model = folder.appendingPathComponent("mlp.json").path
        let fit = try ToolRunner.run(["fit", file.path, "--target", "y", "--model", "mlp", "--hidden", "", "--solver", "sgd",
                                      "--momentum", "0.5", "--learning-rate", "0.05", "--alpha", "0", "--epochs", "5", "--save", model])
        #expect(fit.status == 0, "stderr: \(fit.stderr)")
        let first = try ToolRunner.run(["predict", model, file.path, "--json"])
        let second = try ToolRunner.run(["predict", model, file.path, "--json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout == second.stdout)
        let saved = try String(contentsOfFile: model, encoding: .utf8)
        #expect(saved.contains("\"kind\" : \"mlp-regressor\""))
    }

    @Test(arguments: [
        (["--hidden", "64,0"], "--hidden"),
        (["--hidden", "64,x"], "--hidden"),
        (["--learning-rate", "0"], "--learning-rate"),
        (["--learning-rate", "constant"], "--learning-rate"),
        (["--batch-size", "0"], "--batch-size"),
        (["--patience", "-1"], "--patience"),
        (["--epochs", "0"], "--epochs"),
        (["--alpha", "-1"], "--alpha"),
        (["--solver", "lbfgs"], "--solver"),
        (["--loss", "pinball"], "--loss"),
        (["--momentum", "0.5"], "--momentum"),
        (["--penalty", "l1"], "--penalty"),
        (["--no-intercept"], "--no-intercept"),
    ])
    func badFlagsAreUsageErrorsNamingTheFlag(flags: [String], name: String) throws {
        let file = try Self.dataFile()
        let outcome = try ToolRunner.run(["fit", file.path, "--target", "y", "--model", "mlp"] + flags)
        #expect(outcome.status == 2, "stdout: \(outcome.stdout)")
        #expect(outcome.stderr.contains(name), "stderr: \(outcome.stderr)")
    }

    @Test func networkFlagsNeedTheNetwork() throws {
        let file = try Self.dataFile()
        let outcome = try ToolRunner.run(["fit", file.path, "--target", "y", "--hidden", "4"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--hidden needs --model mlp"))
    }
}
