import Foundation
import Testing

/// `losskit fit` and `losskit predict` end to end, against NIST's certified
/// values (the StRD fixtures the library tests use) and the JSON contract.
@Suite struct FitCommandTests {
    static var nistFolder: URL {
        ToolRunner.packageRoot.appendingPathComponent("Tests/LossKitTests/Fixtures/nist")
    }

    static func certified(_ name: String) throws -> (coefficients: [Double], standardDeviations: [Double], residualSD: Double, rSquared: Double) {
        let data = try Data(contentsOf: nistFolder.appendingPathComponent("\(name).json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let certified = try #require(json["certified"] as? [String: Any])
        func numbers(_ key: String) throws -> [Double] {
            let texts = try #require(certified[key] as? [String])
            return try texts.map { text in try #require(Double(text)) }
        }
        func number(_ key: String) throws -> Double {
            let text = try #require(certified[key] as? String)
            return try #require(Double(text))
        }
        return (try numbers("coefficients"), try numbers("standard_deviations"),
                try number("residual_sd"), try number("r_squared"))
    }

    static func fitJSON(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try ToolRunner.run(["fit"] + arguments + ["--json"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    static func expectRelative(_ got: Double?, _ want: Double, _ tolerance: Double, _ what: String) {
        guard let got else { Issue.record("\(what) missing"); return }
        let error = want == 0 ? abs(got) : abs(got - want) / abs(want)
        #expect(error <= tolerance, "\(what): got \(got), certified \(want)")
    }

    /// Longley: six nearly collinear economic series; the classic test of OLS software.
    @Test func longleyMatchesCertifiedValuesThroughTheTool() throws {
        let json = try Self.fitJSON([Self.nistFolder.appendingPathComponent("Longley.csv").path, "--target", "y"])
        let cert = try Self.certified("Longley")
        for key in ["model", "n", "intercept", "coefficients", "feature_names", "standard_errors", "residual_sd",
                    "r_squared", "rank", "condition_number", "metrics"] {
            #expect(json[key] != nil, "the --json contract needs \(key)")
        }
        #expect(json["model"] as? String == "ols")
        #expect(json["n"] as? Int == 16)
        #expect(json["feature_names"] as? [String] == ["x1", "x2", "x3", "x4", "x5", "x6"])
        Self.expectRelative(json["intercept"] as? Double, cert.coefficients[0], 1e-9, "intercept")
        let coefficients = try #require(json["coefficients"] as? [Double])
        for j in 0..<6 { Self.expectRelative(coefficients[j], cert.coefficients[j + 1], 1e-9, "B\(j + 1)") }
        let se = try #require(json["standard_errors"] as? [String: Any])
        Self.expectRelative(se["intercept"] as? Double, cert.standardDeviations[0], 1e-8, "SE(B0)")
        let seCoefficients = try #require(se["coefficients"] as? [Double])
        for j in 0..<6 { Self.expectRelative(seCoefficients[j], cert.standardDeviations[j + 1], 1e-8, "SE(B\(j + 1))") }
        Self.expectRelative(json["residual_sd"] as? Double, cert.residualSD, 1e-8, "residual SD")
        Self.expectRelative(json["r_squared"] as? Double, cert.rSquared, 1e-9, "R²")
        #expect(json["rank"] as? Int == 7)
        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(metrics["mse"] is Double && metrics["r2"] is Double)
    }

    /// Filip: degree-10 polynomial, the set most double-precision tools fail.
    @Test func filipDegreeTenThroughTheTool() throws {
        let json = try Self.fitJSON([Self.nistFolder.appendingPathComponent("Filip.csv").path,
                                     "--target", "y", "--features", "x", "--degree", "10"])
        let cert = try Self.certified("Filip")
        #expect(json["model"] as? String == "polynomial")
        Self.expectRelative(json["intercept"] as? Double, cert.coefficients[0], 1e-9, "B0")
        let coefficients = try #require(json["coefficients"] as? [Double])
        #expect(coefficients.count == 10)
        for j in 0..<10 { Self.expectRelative(coefficients[j], cert.coefficients[j + 1], 1e-9, "B\(j + 1)") }
        Self.expectRelative(json["residual_sd"] as? Double, cert.residualSD, 1e-8, "residual SD")
    }

    @Test func noInterceptGivesNullIntercept() throws {
        let json = try Self.fitJSON([Self.nistFolder.appendingPathComponent("NoInt1.csv").path,
                                     "--target", "y", "--no-intercept"])
        let cert = try Self.certified("NoInt1")
        #expect(json["intercept"] is NSNull)
        let coefficients = try #require(json["coefficients"] as? [Double])
        Self.expectRelative(coefficients.first, cert.coefficients[0], 1e-9, "B1")
    }

    @Test func ridgeCrossValidationReportsAlphaAndCurve() throws {
        let json = try Self.fitJSON([ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path,
                                     "--target", "y1", "--features", "x1", "--model", "ridge",
                                     "--alphas", "0.01,0.1,1,10", "--cv"])
        #expect(json["model"] as? String == "ridge")
        let alpha = try #require(json["alpha"] as? Double)
        #expect([0.01, 0.1, 1, 10].contains(alpha))
        let curve = try #require(json["cv_curve"] as? [[String: Any]])
        #expect(curve.count == 4)
        let best = curve.min { ($0["mean_squared_loo_error"] as? Double ?? .infinity) < ($1["mean_squared_loo_error"] as? Double ?? .infinity) }
        #expect(best?["alpha"] as? Double == alpha)
    }

    @Test func saveThenPredictReproducesTheFit() throws {
        let folder = try ToolRunner.temporaryFolder()
        let model = folder.appendingPathComponent("model.json").path
        let predictions = folder.appendingPathComponent("predictions.csv").path
        let data = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path
        let json = try Self.fitJSON([data, "--target", "y3", "--features", "x3", "--save", model])
        let b0 = try #require(json["intercept"] as? Double)
        let b1 = try #require((json["coefficients"] as? [Double])?.first)
        let outcome = try ToolRunner.run(["predict", model, data, "--output", predictions])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "x3,prediction")
        #expect(lines.count == 12)
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",").compactMap { Double($0) }
            #expect(fields.count == 2)
            // The library promises bit-identical predictions across a model-file round
            // trip (its own tests); here the tool's output must match b0 + b1·x to a few ulps.
            let expected = b0 + fields[0] * b1
            #expect(abs(fields[1] - expected) <= 4 * expected.ulp, "prediction for x = \(fields[0])")
        }
    }

    @Test func predictNeverOverwritesAnInput() throws {
        let folder = try ToolRunner.temporaryFolder()
        let data = folder.appendingPathComponent("data.csv")
        try Data(contentsOf: ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv")).write(to: data)
        let before = try Data(contentsOf: data)
        let model = folder.appendingPathComponent("m.json").path
        _ = try Self.fitJSON([data.path, "--target", "y1", "--features", "x1", "--save", model])
        let outcome = try ToolRunner.run(["predict", model, data.path, "--output", data.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("refusing"))
        #expect(try Data(contentsOf: data) == before)
    }

    @Test(arguments: ["", "{\"format\": \"something-else\"}", "{\"format\": \"losskit-model\", \"version\": 99, \"kind\": \"ridge\"}"])
    func badModelFileIsOneClearError(content: String) throws {
        let folder = try ToolRunner.temporaryFolder()
        let model = folder.appendingPathComponent("bad.json")
        try content.write(to: model, atomically: true, encoding: .utf8)
        let data = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path
        let outcome = try ToolRunner.run(["predict", model.path, data])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("losskit: error:"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func degreeWithTwoFeaturesIsAUsageError() throws {
        let data = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path
        let outcome = try ToolRunner.run(["fit", data, "--target", "y1", "--features", "x1,x2", "--degree", "2"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("exactly one feature"))
    }
}

/// `losskit fit --stream`: the same fit from blocks of rows.
@Suite struct StreamingFitCommandTests {
    @Test(arguments: [1, 5, 7, 1000])
    func streamingEqualsInMemoryFitOnLongley(blockRows: Int) throws {
        let data = FitCommandTests.nistFolder.appendingPathComponent("Longley.csv").path
        let memory = try FitCommandTests.fitJSON([data, "--target", "y"])
        let streamed = try FitCommandTests.fitJSON([data, "--target", "y", "--stream", "--block-rows", String(blockRows)])
        #expect(streamed["streamed"] as? Bool == true)
        #expect(memory["streamed"] as? Bool == false)
        let cert = try FitCommandTests.certified("Longley")
        FitCommandTests.expectRelative(streamed["intercept"] as? Double, cert.coefficients[0], 1e-9, "streamed intercept")
        let coefficients = try #require(streamed["coefficients"] as? [Double])
        for j in 0..<6 { FitCommandTests.expectRelative(coefficients[j], cert.coefficients[j + 1], 1e-9, "streamed B\(j + 1)") }
        FitCommandTests.expectRelative(streamed["residual_sd"] as? Double, cert.residualSD, 1e-8, "streamed residual SD")
        let a = try #require(memory["metrics"] as? [String: Any])
        let b = try #require(streamed["metrics"] as? [String: Any])
        for key in ["mse", "rmse", "mae", "r2", "explained_variance", "max_error", "mape", "mean_pinball_loss"] {
            let want = try #require(a[key] as? Double)
            FitCommandTests.expectRelative(b[key] as? Double, want, 1e-9, "streamed metric \(key)")
        }
        #expect(b["median_absolute_error"] is NSNull)
    }

    @Test func streamingRidgeMatchesInMemoryRidge() throws {
        let data = FitCommandTests.nistFolder.appendingPathComponent("Longley.csv").path
        let memory = try FitCommandTests.fitJSON([data, "--target", "y", "--model", "ridge", "--alpha", "0.5"])
        let streamed = try FitCommandTests.fitJSON([data, "--target", "y", "--model", "ridge", "--alpha", "0.5", "--stream", "--block-rows", "3"])
        let want = try #require(memory["coefficients"] as? [Double])
        let got = try #require(streamed["coefficients"] as? [Double])
        for j in want.indices { FitCommandTests.expectRelative(got[j], want[j], 1e-7, "ridge coefficient \(j)") }
    }

    @Test func streamingRejectsInMemoryOnlyOptions() throws {
        let data = FitCommandTests.nistFolder.appendingPathComponent("Longley.csv").path
        let outcome = try ToolRunner.run(["fit", data, "--target", "y", "--model", "ridge", "--cv", "--stream"])
        #expect(outcome.status == 2)
    }
}

/// `losskit fit --model huber|l1|quantile` and their model files.
@Suite struct RobustFitCommandTests {
    static let data = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path

    @Test(arguments: ["huber", "l1", "quantile"])
    func robustFitIgnoresAnscombeIIIOutlierAndRoundTrips(model: String) throws {
        let folder = try ToolRunner.temporaryFolder()
        let file = folder.appendingPathComponent("\(model).json").path
        let json = try FitCommandTests.fitJSON([Self.data, "--target", "y3", "--features", "x3", "--model", model, "--save", file])
        #expect(json["model"] as? String == model)
        // The ten clean points of set III lie on y = 4.0056 + 0.34539 x (OLS on them, see the demo);
        // robust fits must land there, L2 lands at slope 0.4997.
        let slope = try #require((json["coefficients"] as? [Double])?.first)
        #expect(abs(slope - 0.3454) < 0.01, "\(model) slope \(slope)")
        #expect(json["outlier_rows"] as? [Int] == [3] || model != "huber")
        let outcome = try ToolRunner.run(["predict", file, Self.data, "--json"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let predicted = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(predicted["model"] as? String == "robust-linear-regression")
        let values = try #require(predicted["predictions"] as? [Double])
        let b0 = try #require(json["intercept"] as? Double)
        #expect(values.count == 11)
        #expect(abs(values[0] - (b0 + 10 * slope)) <= 1e-12 * abs(values[0]))
    }

    @Test func robustOptionsNeedTheirModel() throws {
        let outcome = try ToolRunner.run(["fit", Self.data, "--target", "y3", "--features", "x3", "--delta", "2"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--model huber"))
    }
}

/// Bad data through the tool: one line naming the data row and column.
@Suite struct BadDataCommandTests {
    static func write(_ text: String) throws -> String {
        let file = try ToolRunner.temporaryFolder().appendingPathComponent("data.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func infiniteValueNamesTheDataRowAndColumn() throws {
        let file = try Self.write("x,y\n1,2\n2,inf\n3,5\n4,7\n")
        let outcome = try ToolRunner.run(["fit", file, "--target", "y"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "losskit: error: column 'y' holds inf at data row 2; the fit needs finite numbers\n")
    }

    @Test func missingValueSuggestsTheFlag() throws {
        let file = try Self.write("x,y\n1,2\n2,NA\n3,5\n4,7\n5,9\n")
        let failing = try ToolRunner.run(["fit", file, "--target", "y"])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("data row 2"))
        #expect(failing.stderr.contains("--drop-missing"))
        let dropping = try ToolRunner.run(["fit", file, "--target", "y", "--drop-missing", "--json"])
        #expect(dropping.status == 0)
        #expect(dropping.stderr.contains("dropped 1 row"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dropping.stdout.utf8)) as? [String: Any])
        #expect(json["n"] as? Int == 4)
    }

    @Test func tooFewRowsIsAClearError() throws {
        let file = try Self.write("a,b,y\n1,2,3\n2,1,4\n")
        let outcome = try ToolRunner.run(["fit", file, "--target", "y"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("too few"))
    }

    @Test func emptyFileIsAClearError() throws {
        let file = try Self.write("")
        let outcome = try ToolRunner.run(["evaluate", file, "--target", "y", "--prediction", "p"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("losskit: error:"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func negativeWeightIsAClearError() throws {
        let file = try Self.write("x,y,w\n1,2,1\n2,3,-1\n3,5,1\n4,7,1\n")
        let outcome = try ToolRunner.run(["fit", file, "--target", "y", "--weights", "w"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("-1"))
    }
}

/// Issue 11: gradient-trained fits say when the raw features would make
/// gradient descent crawl (κ of the unscaled least-squares Hessian), and that
/// LossKit standardizes internally; well-scaled features get no such note.
@Suite struct GradientConditioningWarningTests {
    static func write(_ rows: [(Double, Double, Double)], in folder: URL) throws -> String {
        let url = folder.appendingPathComponent("data.csv")
        try ("x1,x2,y\n" + rows.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// x2 = 1000 + 100·u: offset and scale far from x1's give κ ≈ 1e8 raw.
    static func rows(offset: Double, scale: Double) -> [(Double, Double, Double)] {
        (0..<200).map { i in
            let a = sin(Double(i)), b = cos(Double(i) * 1.7)
            return (a, offset + scale * b, 2 * a + 0.5 * b + 0.01 * sin(Double(i * 7)))
        }
    }

    @Test(arguments: ["sgd", "mlp"])
    func badlyScaledFeaturesAreNamed(model: String) throws {
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.write(Self.rows(offset: 1000, scale: 100), in: folder)
        let outcome = try ToolRunner.run(["fit", path, "--target", "y", "--model", model, "--epochs", "5", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("gradient descent on the raw data would need about"))
        #expect(outcome.stderr.contains("LossKit standardizes the features internally"))
        let wellScaled = try Self.write(Self.rows(offset: 0, scale: 1), in: folder)
        let quiet = try ToolRunner.run(["fit", wellScaled, "--target", "y", "--model", model, "--epochs", "5", "--json"])
        #expect(quiet.status == 0)
        #expect(!quiet.stderr.contains("raw data would need"))
        // Least-squares fits solve directly: no such note.
        let ols = try ToolRunner.run(["fit", path, "--target", "y", "--json"])
        #expect(!ols.stderr.contains("raw data would need"))
    }
}
