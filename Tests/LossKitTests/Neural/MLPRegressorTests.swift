import Foundation
import Testing
@testable import LossKitModels
@testable import LossKitNumerics
import LossKitOptimization

/// The network fits known functions, reaches least squares with no hidden
/// layer, decreases a full-batch L2 loss monotonically, and trains
/// reproducibly.
@Suite struct MLPRegressorTests {
    /// `n` points of x uniform in [lo, hi] (seeded) and y = f(x).
    static func data(_ n: Int, _ lo: Double, _ hi: Double, seed: UInt64 = 1, _ f: (Double) -> Double) throws -> RegressionData {
        var generator = SplitMix64(seed: seed)
        let x = (0..<n).map { _ in lo + (hi - lo) * Double(generator.next() >> 11) * 0x1p-53 }
        return try RegressionData(features: Matrix(columns: [x]), targets: x.map(f))
    }

    static func mse(_ model: MLPRegressionModel, _ data: RegressionData) throws -> Double {
        let yHat = try model.predict(data)
        return zip(yHat, data.targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(data.rowCount)
    }

    /// sin on [−π, π] with one tanh layer of 32: training MSE below 1e-3
    /// (the target's variance is 0.5).
    @Test(arguments: [MLPRegressor.Precision.float, .double])
    func fitsSineOnAnInterval(precision: MLPRegressor.Precision) throws {
        let data = try Self.data(256, -Double.pi, Double.pi) { sin($0) }
        var estimator = MLPRegressor(hiddenLayerSizes: [32], activation: .tanh, alpha: 0, batchSize: 32, learningRate: 0.01,
                                     maxEpochs: 400, tolerance: 0, patience: 400, precision: precision)
        estimator.seed = 3
        let model = try estimator.fit(data)
        let mse = try Self.mse(model, data)
        #expect(mse < 1e-3, "MSE \(mse) after \(model.epochs) epochs")
        #expect(model.stopReason == .iterationLimit)
        #expect(model.lossHistory.count == 400)
    }

    /// y linear in 3 inputs plus noise, no hidden layer, full batch, plain
    /// gradient descent in Double: the MSE of LossKit's OLS within 1e-6 relative.
    @Test func linearTargetWithoutHiddenLayerReachesTheLeastSquaresMSE() throws {
        var generator = SplitMix64(seed: 11)
        func draw() -> Double { Double(generator.next() >> 11) * 0x1p-53 * 2 - 1 }
        let n = 200
        let columns = (0..<3).map { j in (0..<n).map { _ in draw() * Double(j + 1) } }
        let y = (0..<n).map { i in 1.5 + 2 * columns[0][i] - 0.5 * columns[1][i] + 0.25 * columns[2][i] + 0.3 * draw() }
        let data = try RegressionData(features: Matrix(columns: columns), targets: y)
        let ols = try LinearRegression().fit(data)
        let olsMSE = zip(try ols.predict(data), y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(n)
        let estimator = MLPRegressor(hiddenLayerSizes: [], solver: .sgd(momentum: 0.9, nesterov: true), alpha: 0, batchSize: n,
                                     learningRate: 0.05, maxEpochs: 2000, tolerance: 0, patience: 2000, precision: .double)
        let model = try estimator.fit(data)
        let mse = try Self.mse(model, data)
        #expect(abs(mse - olsMSE) / olsMSE < 1e-6, "MLP \(mse) vs OLS \(olsMSE)")
    }

    /// Full batch, plain gradient descent, a small rate: the L2 objective
    /// (smooth, with a Lipschitz gradient) decreases at every epoch.
    @Test(arguments: [MLPActivation.tanh, .logistic, .relu])
    func fullBatchL2LossDecreasesMonotonically(activation: MLPActivation) throws {
        let data = try Self.data(100, -2, 2) { $0 * $0 - sin(3 * $0) }
        let estimator = MLPRegressor(hiddenLayerSizes: [16, 8], activation: activation, solver: .sgd(momentum: 0, nesterov: false),
                                     alpha: 1e-3, batchSize: 100, learningRate: 0.01, maxEpochs: 300, tolerance: 0, patience: 300,
                                     precision: .double)
        let model = try estimator.fit(data)
        let history = model.lossHistory
        #expect(history.count == 300)
        for e in 1..<history.count {
            #expect(history[e] < history[e - 1], "epoch \(e + 1): \(history[e]) after \(history[e - 1])")
        }
        #expect(history.last! < history.first!)
    }

    @Test func theSameSeedGivesTheSameModelBitForBit() throws {
        let data = try Self.data(300, -3, 3) { cos($0) }
        var estimator = MLPRegressor(hiddenLayerSizes: [16, 16], batchSize: 64, maxEpochs: 5)
        estimator.seed = 9
        let a = try estimator.fit(data), b = try estimator.fit(data)
        #expect(a == b)
        #expect(try a.predict(data) == b.predict(data))
        estimator.seed = 10
        #expect(try estimator.fit(data).network != a.network)
    }

    @Test(arguments: [MLPRegressor.Precision.float, .double])
    func modelFileRoundTripPredictsBitIdentically(precision: MLPRegressor.Precision) throws {
        let data = try Self.data(100, -1, 1) { exp($0) }
        var estimator = MLPRegressor(hiddenLayerSizes: [7, 5], activation: .logistic, loss: .huber(delta: 0.5), maxEpochs: 3, precision: precision)
        estimator.earlyStopping = true
        let model = try estimator.fit(data)
        let bytes = try model.modelFileData()
        let loaded = try MLPRegressionModel.load(from: bytes)
        #expect(loaded == model)
        let x = try Matrix(columns: [(0..<50).map { -1.3 + Double($0) * 0.05 }])
        #expect(try loaded.predict(features: x) == model.predict(features: x))
        let any = try SavedModel.load(from: bytes)
        #expect(any.kind == "mlp-regressor")
        #expect(try any.predict(columns: [x.column(0)]) == model.predict(features: x))
    }

    @Test func aLoadedFloatModelRejectsAWeightThatIsNotAFloat() throws {
        let model = try MLPRegressor(hiddenLayerSizes: [2], maxEpochs: 1).fit(Self.data(20, 0, 1) { $0 })
        var object = try #require(JSONSerialization.jsonObject(with: model.modelFileData()) as? [String: Any])
        var parameters = try #require(object["parameters"] as? [Double])
        parameters[0] = 0.1  // not representable in Float
        object["parameters"] = parameters
        let bytes = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: ModelFileError.self) { _ = try MLPRegressionModel.load(from: bytes) }
    }

    @Test func aDivergingRunStopsAndKeepsFiniteWeights() throws {
        let data = try Self.data(200, -1, 1) { 3 * $0 }
        let estimator = MLPRegressor(hiddenLayerSizes: [8], activation: .relu, solver: .sgd(momentum: 0.9, nesterov: true),
                                     batchSize: 200, learningRate: 1e6, maxEpochs: 50)
        let model = try estimator.fit(data)
        #expect(model.stopReason == .diverged)
        #expect(!model.converged)
        #expect(model.fitSummary.warnings.contains { $0.contains("diverged") })
        #expect(model.lossHistory.allSatisfy { $0.isFinite })
        let predictions = try model.predict(data)
        #expect(predictions.allSatisfy { $0.isFinite })
        #expect(model.resultMembers().contains { $0.0 == "stopped_because" && $0.1 == .string("diverged") })
    }

    @Test func earlyStoppingRecordsValidationLossAndStops() throws {
        // Pure noise: the validation loss cannot keep improving.
        var generator = SplitMix64(seed: 5)
        let x = (0..<400).map { _ in Double(generator.next() >> 11) * 0x1p-53 }
        let y = (0..<400).map { _ in Double(generator.next() >> 11) * 0x1p-53 }
        let data = try RegressionData(features: Matrix(columns: [x]), targets: y)
        var estimator = MLPRegressor(hiddenLayerSizes: [64], learningRate: 0.01, maxEpochs: 500, patience: 5)
        estimator.earlyStopping = true
        estimator.validationFraction = 0.2
        let model = try estimator.fit(data)
        #expect(model.stopReason == .noImprovement)
        #expect(model.epochs < 500)
        let validation = try #require(model.validationHistory)
        #expect(validation.count == model.epochs)
        #expect(model.iterationHistory?.validation == validation)
    }

    @Test func weightsMeanRepeatedRows() throws {
        // Full batch, no standardization, plain GD: weight 2 on a row is that row twice.
        let x: [Double] = [0.1, 0.5, 0.9, 1.3], y: [Double] = [1, 0, 2, 1]
        let settings = MLPRegressor(hiddenLayerSizes: [3], activation: .tanh, solver: .sgd(momentum: 0, nesterov: false), alpha: 0,
                                    batchSize: 10, learningRate: 0.1, maxEpochs: 50, tolerance: 0, patience: 50, precision: .double,
                                    standardizeInputs: false, standardizeTargets: false)
        let weighted = try settings.fit(RegressionData(features: Matrix(columns: [x]), targets: y, weights: [2, 1, 1, 3]))
        let repeated = try settings.fit(RegressionData(features: Matrix(columns: [[0.1, 0.1, 0.5, 0.9, 1.3, 1.3, 1.3]]), targets: [1, 1, 0, 2, 1, 1, 1]))
        let probe = try Matrix(columns: [[0.0, 0.7, 1.5]])
        for (a, b) in zip(try weighted.predict(features: probe), try repeated.predict(features: probe)) {
            #expect(abs(a - b) < 1e-12)
        }
    }

    @Test func severalOutputsAreFittedTogether() throws {
        let x = (0..<100).map { Double($0) / 50 - 1 }
        let targets = try Matrix(columns: [x.map { 2 * $0 }, x.map { -$0 + 1 }])
        let model = try MLPRegressor(hiddenLayerSizes: [], solver: .sgd(), batchSize: 100, learningRate: 0.1, maxEpochs: 300, tolerance: 0, patience: 300)
            .fit(features: Matrix(columns: [x]), targets: targets, targetNames: ["a", "b"])
        let yHat = try model.predictOutputs(Matrix(columns: [[0.5]]))
        #expect(abs(yHat.column(0)[0] - 1) < 1e-3 && abs(yHat.column(1)[0] - 0.5) < 1e-3)
        #expect(throws: LossKitError.self) { _ = try model.predict(features: Matrix(columns: [[0.5]])) }
    }

    @Test func badSettingsNameTheSetting() throws {
        let data = try Self.data(20, 0, 1) { $0 }
        func name(_ estimator: MLPRegressor) -> String? {
            do { _ = try estimator.fit(data); return nil } catch let LossKitError.invalidParameter(name, _, _) { return name } catch { return "\(error)" }
        }
        #expect(name(MLPRegressor(hiddenLayerSizes: [4, 0])) == "hiddenLayerSizes")
        #expect(name(MLPRegressor(learningRate: 0)) == "learningRate")
        #expect(name(MLPRegressor(batchSize: 0)) == "batchSize")
        #expect(name(MLPRegressor(patience: 0)) == "patience")
        #expect(name(MLPRegressor(alpha: -1)) == "alpha")
        var settings = ModelCatalog.Settings()
        settings.solver = "lbfgs"
        #expect(name(MLPRegressor(settings: settings)) == "solver")
        // No hidden layer is allowed: linear regression.
        #expect(try MLPRegressor(hiddenLayerSizes: [], maxEpochs: 2).fit(data).hiddenLayerSizes == [])
    }

    @Test func theCatalogBuildsItAndTheContractHolds() throws {
        let data = try Self.data(50, 0, 1) { $0 * $0 }
        var settings = ModelCatalog.Settings()
        settings.hiddenLayerSizes = [4]
        settings.epochs = 3
        let model = try ModelCatalog.estimator(named: "mlp", settings: settings).fitModel(data)
        #expect(model.modelName == "mlp")
        #expect(ModelRegistry.kinds.contains(model.modelKind))
        #expect(model.iterationHistory?.iterations == 3)
        let json = try FitReport(model: model, trainingData: data).json
        guard case let .object(members) = json else { Issue.record("not an object"); return }
        let keys = members.map(\.0)
        #expect(Array(keys.prefix(3)) == ["model", "n", "feature_names"])
        for key in ["loss_history", "validation_history", "stopped_because", "epochs"] { #expect(keys.contains(key)) }
        #expect(keys.last == "metrics")
        #expect(!model.summaryTables(context: SummaryContext(source: "s", targetName: "y", rowCount: 50)).isEmpty)
    }
}
