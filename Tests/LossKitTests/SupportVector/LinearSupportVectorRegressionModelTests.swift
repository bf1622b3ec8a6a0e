import Foundation
import Testing
@testable import LossKit
@testable import LossKitModels

/// The fitted linear SVR: the model contract, its model file, its summaries.
@Suite struct LinearSupportVectorRegressionModelTests {
    static func fitted(_ loss: LinearSupportVectorRegression.Loss, weighted: Bool = false) throws -> (LinearSupportVectorRegressionModel, RegressionData) {
        let f = try LinearSVRFixture.load("outliers")
        let data = try RegressionData(features: Matrix(rowMajor: f.x), targets: f.y, weights: weighted ? f.weights : nil,
                                      featureNames: ["a", "b", "c", "d", "e"], targetName: "t")
        return (try LinearSupportVectorRegression(loss: loss, C: 2, epsilon: 0.25).fit(data), data)
    }

    @Test(arguments: LinearSupportVectorRegression.Loss.allCases)
    func modelFileRoundTripPredictsBitIdentically(loss: LinearSupportVectorRegression.Loss) throws {
        let (model, data) = try Self.fitted(loss, weighted: true)
        let bytes = try model.modelFileData()
        let loaded = try #require(try ModelRegistry.load(from: bytes) as? LinearSupportVectorRegressionModel)
        #expect(loaded == model)
        #expect(loaded.training == nil)
        let before = try model.predict(data), after = try loaded.predict(data)
        #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
        #expect(try SavedModel.load(from: bytes).kind == "linear-svr")
        #expect(ModelRegistry.kinds.contains("linear-svr"))
        // Saving again gives the same bytes.
        #expect(try loaded.modelFileData() == bytes)
    }

    @Test func damagedFilesNameTheField() throws {
        let (model, _) = try Self.fitted(.epsilonInsensitive)
        var object = try #require(try JSONSerialization.jsonObject(with: model.modelFileData()) as? [String: Any])
        object["coefficients"] = [1.0]
        #expect(throws: ModelFileError.self) {
            _ = try ModelRegistry.load(from: JSONSerialization.data(withJSONObject: object))
        }
        object = try #require(try JSONSerialization.jsonObject(with: model.modelFileData()) as? [String: Any])
        object["loss"] = "huber"
        do {
            _ = try ModelRegistry.load(from: JSONSerialization.data(withJSONObject: object))
            Issue.record("an unknown loss must be rejected")
        } catch let ModelFileError.invalidField(name, _) {
            #expect(name == "loss")
        }
    }

    @Test(arguments: LinearSupportVectorRegression.Loss.allCases)
    func answersTheContract(loss: LinearSupportVectorRegression.Loss) throws {
        let (model, data) = try Self.fitted(loss)
        #expect(model.modelName == "svr")
        #expect(model.modelKind == "linear-svr")
        #expect(model.inputNames == ["a", "b", "c", "d", "e"])
        let line = try #require(model.linearCoefficients)
        let yHat = try model.predict(data)
        for i in yHat.indices {
            let expected = (line.intercept ?? 0) + zip(line.coefficients, (0..<5).map { data.features[row: i, column: $0] })
                .reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(yHat[i] - expected) <= 1e-12 * max(1, abs(expected)))
        }
        let json = FitReport(model: model, rowCount: data.rowCount, metrics: [("mse", 1)]).json
        guard case let .object(members) = json else { Issue.record("not an object"); return }
        let keys = members.map(\.0)
        #expect(Array(keys.prefix(5)) == ["model", "n", "intercept", "coefficients", "feature_names"])
        for key in ["support_vectors", "dual_objective", "primal_objective", "converged", "iterations"] {
            #expect(keys.contains(key), "missing \(key)")
        }
        #expect(keys.last == "metrics")
        // Support vectors: rows with β ≠ 0, exactly the count reported.
        let support = try #require(model.supportVectors)
        #expect(support.rows.count == model.supportVectorCount)
        #expect(support.dualCoefficients.allSatisfy { $0 != 0 })
        #expect(model.primalObjective >= model.dualObjective - 1e-9 * model.primalObjective)
        let tables = model.summaryTables(context: SummaryContext(source: "s.csv", targetName: "t", rowCount: data.rowCount))
        #expect(tables.count == 1 && tables[0].rows.count == 6)
        #expect(model.fitSummary.warnings.isEmpty)
    }
}
