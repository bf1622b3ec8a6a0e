import Testing
import LossKit

@Suite struct RegressionMetricsCallSiteTests {
    /// Integer and mixed literals infer `Double` for the generic API.
    @Test func literalArraysInferDouble() throws {
        #expect(try RegressionMetrics.meanSquaredError(predictions: [1, 4], targets: [1, 2]) == 2)
        #expect(try RegressionMetrics.maxError(predictions: [1, 4], targets: [1, 2]) == 2)
        let scores = try RegressionMetrics.meanAbsoluteError(predictionColumns: [[1, 4], [1, 1]], targetColumns: [[1, 2], [0, 0]])
        #expect(scores.rawValues == [1, 1])
    }
}
