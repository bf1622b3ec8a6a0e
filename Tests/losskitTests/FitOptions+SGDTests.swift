import Foundation
import Testing

/// `losskit fit --model sgd` end to end: the JSON contract, saving and
/// predicting, divergence as a result, and bad flags as usage errors naming
/// the flag.
@Suite struct FitOptionsSGDTests {
    /// y = 3 + 2a − b + small noise, a and b on different scales.
    static func dataFile() throws -> String {
        let file = try ToolRunner.temporaryFolder().appendingPathComponent("sgd.csv")
        var text = "a,b,y\n"
        for i in 0..<200 {
            let a = Double(i % 17) / 4, b = Double((i * 7) % 23) * 10, noise = Double((i * 13) % 11 - 5) / 100
            text += "\(a),\(b),\(3 + 2 * a - b / 100 + noise)\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try ToolRunner.run(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test func jsonHasTheContractKeysAndTheTrainingOutcome() throws {
        let file = try Self.dataFile()
        let outcome = try ToolRunner.run(["fit", file, "--target", "y", "--model", "sgd", "--learning-rate", "adaptive",
                                          "--tol", "1e-7", "--alpha", "0", "--seed", "3", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // No progress line on standard error with --json (nor when piped);
        // this file's offset features do draw the conditioning note, one line.
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.allSatisfy { $0.contains("LossKit standardizes the features internally") }, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("epoch"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["model"] as? String == "sgd")
        #expect(json["n"] as? Int == 200)
        for key in ["intercept", "coefficients", "feature_names", "metrics", "converged", "iterations", "loss_history",
                    "stopped_because", "objective"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["converged"] as? Bool == true)
        let c = try #require(json["coefficients"] as? [Double])
        #expect(abs(c[0] - 2) < 0.01 && abs(c[1] + 0.01) < 0.001, "\(c)")
        let history = try #require(json["loss_history"] as? [Double])
        #expect(history.count == (json["iterations"] as? Int ?? 0) + 1)
        // Keys come in the contract's order.
        let keys = outcome.stdout.components(separatedBy: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("\""), line.hasPrefix("  \""), !line.hasPrefix("   ") else { return nil }
            return String(t.dropFirst().prefix { $0 != "\"" })
        }
        #expect(Array(keys.prefix(5)) == ["model", "n", "intercept", "coefficients", "feature_names"])
    }

    @Test func theSameSeedGivesTheSameFitAndSavedModelsPredict() throws {
        let file = try Self.dataFile()
        let folder = try ToolRunner.temporaryFolder()
        let model = folder.appendingPathComponent("sgd-model.json").path
        let base = ["fit", file, "--target", "y", "--model", "sgd", "--loss", "huber", "--epsilon", "1",
                    "--penalty", "elasticnet", "--l1-ratio", "0.5", "--average", "--epochs", "20", "--seed", "5", "--json"]
        let a = try Self.json(base + ["--save", model])
        let b = try Self.json(base)
        #expect(a["coefficients"] as? [Double] == b["coefficients"] as? [Double])
        let predicted = try Self.json(["predict", model, file, "--json"])
        let yHat = try #require(predicted["predictions"] as? [Double])
        #expect(yHat.count == 200)
        let c = try #require(a["coefficients"] as? [Double]), b0 = try #require(a["intercept"] as? Double)
        // Row 1: a = 0, b = 0.
        #expect(abs(yHat[0] - b0) <= 1e-12 * max(1, abs(b0)))
        #expect(c.count == 2)
    }

    @Test func aDivergingRunIsAResultWithAWarning() throws {
        let file = try Self.dataFile()
        let json = try Self.json(["fit", file, "--target", "y", "--model", "sgd", "--learning-rate", "constant",
                                  "--eta0", "1e200", "--epochs", "5", "--json"])
        #expect(json["stopped_because"] as? String == "diverged")
        #expect(json["converged"] as? Bool == false)
        let warnings = try #require(json["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("smaller learning rate") })
        let text = try ToolRunner.run(["fit", file, "--target", "y", "--model", "sgd", "--learning-rate", "constant",
                                       "--eta0", "1e200", "--epochs", "5"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("warning: training diverged"))
    }

    @Test(arguments: [
        (["--alpha", "-1"], "--alpha"), (["--alpha", "nan"], "--alpha"), (["--epsilon", "-0.5", "--loss", "huber"], "--epsilon"),
        (["--eta0", "0"], "--eta0"), (["--eta0", "inf"], "--eta0"), (["--tol", "-1"], "--tol"), (["--batch-size", "0"], "--batch-size"),
        (["--l1-ratio", "1.5", "--penalty", "elasticnet"], "--l1-ratio"), (["--loss", "hinge"], "squared_epsilon_insensitive"),
        (["--penalty", "l3"], "elasticnet"), (["--learning-rate", "fast"], "invscaling"), (["--max-iter", "10"], "--max-iter"),
        (["--epsilon", "0.2"], "--epsilon"), (["--l1-ratio", "0.5"], "--l1-ratio"),
    ])
    func badValuesAreUsageErrorsNamingTheFlag(arguments: [String], named: String) throws {
        let outcome = try ToolRunner.run(["fit", try Self.dataFile(), "--target", "y", "--model", "sgd"] + arguments)
        #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.contains(named), "\(arguments): \(outcome.stderr)")
    }

    @Test func streamedTrainingGivesTheSameMinimumAsInMemory() throws {
        let file = try Self.dataFile()
        let base = ["fit", file, "--target", "y", "--model", "sgd", "--learning-rate", "adaptive", "--tol", "1e-8", "--json"]
        let streamed = try Self.json(base + ["--stream", "--block-rows", "16"])
        let inMemory = try Self.json(base)
        #expect(streamed["streamed"] as? Bool == true)
        #expect(inMemory["streamed"] as? Bool == false)
        let a = try #require(streamed["objective"] as? Double), b = try #require(inMemory["objective"] as? Double)
        #expect(abs(a - b) <= 1e-4 * b, "streamed \(a) vs in memory \(b)")
        let refused = try ToolRunner.run(base + ["--stream", "--early-stopping"])
        #expect(refused.status == 2 && refused.stderr.contains("--early-stopping"))
    }

    @Test func otherModelsRefuseTheTrainingFlags() throws {
        let outcome = try ToolRunner.run(["fit", try Self.dataFile(), "--target", "y", "--model", "ridge", "--epochs", "3"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--epochs does not apply to --model ridge"))
    }
}
