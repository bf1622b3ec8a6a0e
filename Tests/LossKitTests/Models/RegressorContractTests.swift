import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The model contract: every estimator fits `RegressionData`, every fitted
/// model answers the same questions, and the `fit --json` object has the
/// contract keys in order.
@Suite struct RegressorContractTests {
    static let set3 = Anscombe.quartet[2]

    static func data(weights: [Double]? = nil) throws -> RegressionData {
        try RegressionData(features: Matrix(columns: [set3.x]), targets: set3.y, weights: weights, featureNames: ["x3"], targetName: "y3")
    }

    @Test(arguments: ["ols", "ridge", "huber", "l1", "quantile", "sgd"])
    func everyCatalogModelFitsAndAnswersTheContract(name: String) throws {
        let data = try Self.data()
        let model = try ModelCatalog.estimator(named: name).fitModel(data)
        #expect(model.modelName == name)
        #expect(model.inputNames == ["x3"])
        #expect(ModelRegistry.kinds.contains(model.modelKind))
        let yHat = try model.predict(data)
        #expect(yHat.count == data.rowCount)
        // Every model here is linear: its predictions are its coefficients' line.
        let line = try #require(model.linearCoefficients)
        for i in yHat.indices {
            let expected = (line.intercept ?? 0) + line.coefficients[0] * Self.set3.x[i]
            #expect(abs(yHat[i] - expected) <= 1e-12 * max(1, abs(expected)))
        }
        let json = FitReport(model: model, rowCount: data.rowCount, metrics: [("mse", 1)]).json
        guard case let .object(members) = json else { Issue.record("not an object"); return }
        let keys = members.map(\.0)
        #expect(Array(keys.prefix(5)) == ["model", "n", "intercept", "coefficients", "feature_names"])
        #expect(keys.last == "metrics")
        #expect(!model.summaryTables(context: SummaryContext(source: "s", targetName: "y3", rowCount: 11)).isEmpty)
    }

    @Test func robustModelsExposeTheirIterationsAndOutliers() throws {
        let model = try RobustLinearRegression(loss: .huber()).fit(Self.data())
        let history = try #require(model.iterationHistory)
        #expect(history.iterations == model.iterations)
        #expect(history.objective.count >= 2)
        // Row 3 (0-based 2) of Anscombe III is the outlier.
        #expect(model.outlierRows == [2])
        #expect(try LinearRegression().fit(Self.data()).iterationHistory == nil)
    }

    @Test func weightsReachEveryLeastSquaresFitAndRobustFitsSayWhyNot() throws {
        let w = (1...11).map { Double($0) }
        let weighted = try Self.data(weights: w)
        #expect(try LinearRegression().fit(weighted).modelName == "wls")
        #expect(try Ridge(alpha: 1).fit(weighted).fitSummary.weighted)
        do {
            _ = try RobustLinearRegression().fit(weighted)
            Issue.record("weights must not be ignored silently")
        } catch let LossKitError.unsupported(name, _, _) {
            #expect(name == "weights")
        }
    }

    @Test func regressionDataChecksOnceAndNamesTheProblem() throws {
        let x = try Matrix(columns: [[1, 2, 3], [4, .nan, 6]])
        do {
            _ = try RegressionData(features: x, targets: [1, 2, 3], featureNames: ["a", "b"])
            Issue.record("a NaN feature must be rejected")
        } catch let LossKitError.nonFiniteValue(name, row, value) {
            #expect(name == "b" && row == 1 && value.isNaN)
        }
        #expect(throws: LossKitError.self) { _ = try RegressionData(features: x, targets: [1, 2]) }
        #expect(throws: LossKitError.invalidWeight(index: 2, value: -1)) {
            _ = try RegressionData(features: Matrix(columns: [[1, 2, 3]]), targets: [1, 2, 3], weights: [1, 1, -1])
        }
        // A zero weight is a row that does not count (issue 10): left out, not an error.
        #expect(try RegressionData(features: Matrix(columns: [[1, 2, 3]]), targets: [1, 2, 3], weights: [1, 1, 0]).rowCount == 2)
        let table = try NumericTable(columnNames: ["a", "y", "w"], columns: [[1, 2, 3], [2, 4, 7], [1, 2, 1]])
        let data = try RegressionData(table: table, target: "y", weights: "w")
        #expect(data.featureNames == ["a"])
        #expect(data.weights == [1, 2, 1])
        #expect(throws: DataError.self) { _ = try RegressionData(table: table, target: "nope") }
    }

    @Test func polynomialCoefficientsAreNamedAfterTheFeature() throws {
        let model = try PolynomialRegression(degree: 2).fit(Self.data())
        #expect(model.coefficientStatistics.map(\.name) == ["x3^1", "x3^2"])
        #expect(model.inputNames == ["x3"])
        #expect(throws: LossKitError.self) {
            _ = try PolynomialRegression(degree: 2).fit(RegressionData(features: Matrix(columns: [[1, 2, 3, 4], [1, 0, 1, 0]]), targets: [1, 2, 3, 5]))
        }
    }

    @Test func ridgeCVKeepsThePathItComputed() throws {
        let alphas = [0.01, 0.1, 1, 10]
        let cv = try RidgeCV(alphas: alphas).fit(Self.data())
        #expect(cv.path.map(\.alpha) == alphas)
        for (k, alpha) in alphas.enumerated() {
            let single = try Ridge(alpha: alpha).fit(Self.data())
            #expect(cv.path[k].coefficients == single.coefficients)
            #expect(cv.path[k].intercept == single.intercept)
        }
        #expect(cv.regularizationPath?.chosen == cv.alpha)
    }
}
