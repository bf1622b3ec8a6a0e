import Foundation
import Testing
import LossKit

/// The README's library example, compiled and run, so the front page cannot
/// drift from the API. The expected values are the README's own claims, which
/// come from scikit-learn's documentation example (MSE 0.375 for these four
/// pairs) and Anscombe's set III.
@Suite struct ReadmeExampleTests {
    @Test func libraryTourRuns() throws {
        let y: [Double] = [3, -0.5, 2, 7]
        let yHat: [Double] = [2.5, 0.0, 2, 8]
        let mse = try SquaredError().loss(predictions: yHat, targets: y)
        #expect(mse == 0.375)
        let (huber, gradient) = try HuberLoss(delta: 1).valueAndGradient(predictions: yHat, targets: y)
        #expect(huber > 0 && gradient.count == 4)

        let metrics = try RegressionMetrics.evaluate(predictions: yHat, targets: y)
        #expect(abs(metrics.rootMeanSquaredError - 0.375.squareRoot()) < 1e-15)

        let x = try Matrix(columns: [[1, 2, 3, 4, 5], [2, 1, 4, 3, 6]])
        let fit = try LinearRegression().fit(features: x, targets: [2.1, 2.9, 4.2, 4.8, 6.1], featureNames: ["a", "b"])
        #expect(fit.coefficients.count == 2 && fit.standardErrors.count == 2 && fit.pValues.count == 2)
        let cubic = try PolynomialRegression(degree: 3).fit(feature: [1, 2, 3, 4, 5, 6], targets: [1, 8, 27, 64, 125, 216.5])
        #expect(cubic.coefficients.count == 3)
        let ridge = try RidgeCV(alphas: [0.01, 0.1, 1, 10]).fit(features: x, targets: [2.1, 2.9, 4.2, 4.8, 6.1])
        #expect([0.01, 0.1, 1, 10].contains(ridge.alpha))

        let set3 = Anscombe.quartet[2]
        let verdict = try L2Verdict.assess(features: Matrix(columns: [set3.x]), targets: set3.y)
        #expect(verdict.level == .switchLoss)
        #expect(verdict.reason.contains("76"))
        let robust = try RobustLinearRegression(loss: .huber()).fitDetails(feature: set3.x, targets: set3.y)
        #expect(abs(robust.coefficients[0] - 0.3454) < 0.005)

        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/anscombe.csv").path
        let table = try DataReader.read(path: csv)
        #expect(table.rowCount == 11 && table.columnCount == 8)

        let data = try RegressionData(table: table, target: "y3", features: ["x3"])
        let ols = try LinearRegression().fit(data)
        #expect(abs(ols.coefficients[0] - 0.4997) < 0.001)
        let huberFit = try RobustLinearRegression(loss: .huber()).fit(data)
        let saved = try SavedModel.load(from: huberFit.modelFileData())
        let predicted = try saved.predict(columns: data.featureColumns)
        #expect(try predicted == huberFit.predict(data))
        var rows = 0
        try DataReader.forEachBlock(path: csv, rowsPerBlock: 4) { block in rows += block.rowCount }
        #expect(rows == 11)
    }
}
