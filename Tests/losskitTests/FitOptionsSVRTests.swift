import Foundation
import Testing

/// `losskit fit --model svr` end to end: its flags, their errors, the JSON
/// keys, and `--save` / `predict` for every kernel.
@Suite struct FitOptionsSVRTests {
    static let anscombe = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path
    static let base = ["fit", anscombe, "--target", "y1", "--features", "x1", "--model", "svr"]

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try ToolRunner.run(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test func jsonHasTheContractAndSVRKeys() throws {
        let json = try Self.json(Self.base + ["--json", "-C", "2", "--epsilon", "0.2", "--tol", "1e-6", "--max-iter", "100000"])
        #expect(json["model"] as? String == "svr")
        #expect(json["n"] as? Int == 11)
        #expect(json["intercept"] is Double)
        #expect((json["support_vectors"] as? Int).map { $0 > 0 && $0 <= 11 } == true)
        #expect(json["dual_objective"] is Double)
        #expect(json["converged"] as? Bool == true)
        #expect(json["iterations"] is Int)
        #expect(json["C"] as? Double == 2)
        #expect(json["epsilon"] as? Double == 0.2)
        #expect(json["metrics"] is [String: Any])
    }

    @Test func theIterationLimitIsAWarningNotAnError() throws {
        let json = try Self.json(Self.base + ["--json", "--max-iter", "1", "--tol", "1e-12"])
        #expect(json["converged"] as? Bool == false)
        #expect((json["warnings"] as? [String])?.first?.contains("iteration limit") == true)
    }

    @Test(arguments: [
        (["-C", "0"], "-C"),
        (["-C", "-1"], "-C"),
        (["--epsilon", "-0.1"], "--epsilon"),
        (["--gamma", "0"], "--gamma"),
        (["--gamma", "-2"], "--gamma"),
        (["--kernel", "poly", "--kernel-degree", "0"], "--kernel-degree"),
        (["--cache-mb", "0.5"], "--cache-mb"),
        (["--tol", "0"], "--tol"),
        (["--epochs", "3"], "--epochs"),
        (["--kernel", "linear", "--gamma", "1"], "--gamma"),
        (["--penalize-intercept"], "--penalize-intercept"),
    ])
    func badInputIsOneErrorNamingTheFlag(extra: [String], flag: String) throws {
        let outcome = try ToolRunner.run(Self.base + extra)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(flag), "\(outcome.stderr)")
    }

    @Test(arguments: [["--kernel", "rbf"], ["-C", "2"], ["--svr-loss", "l2"], ["--cache-mb", "10"], ["--coef0", "1"]])
    func svrFlagsAreRefusedWithOtherModels(extra: [String]) throws {
        let outcome = try ToolRunner.run(["fit", Self.anscombe, "--target", "y1", "--features", "x1"] + extra)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("needs --model svr"), "\(outcome.stderr)")
    }

    @Test(arguments: [["--kernel", "linear"], ["--kernel", "rbf", "--svr-loss", "l2"], ["--kernel", "poly", "--kernel-degree", "2", "--coef0", "1", "--gamma", "auto"],
                      ["--kernel", "sigmoid", "--gamma", "0.01"]])
    func saveAndPredictWorkForEveryKernel(extra: [String]) throws {
        let folder = try ToolRunner.temporaryFolder()
        let model = folder.appendingPathComponent("svr.json").path
        let fit = try Self.json(Self.base + extra + ["--save", model, "--json"])
        let predicted = try Self.json(["predict", model, Self.anscombe, "--json"])
        let values = try #require(predicted["predictions"] as? [Double])
        #expect(values.count == 11)
        // The training-set MSE from the saved model's predictions is the fit's.
        let y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]
        let mse = zip(values, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 11
        let reported = try #require((fit["metrics"] as? [String: Any])?["mse"] as? Double)
        #expect(abs(mse - reported) <= 1e-12 * reported)
    }
}
