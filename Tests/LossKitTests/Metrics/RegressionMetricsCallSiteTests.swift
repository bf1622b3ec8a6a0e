import Testing
import LossKit

@Suite struct RegressionMetricsCallSiteTests {
    /// Integer and mixed literals infer `Double` for the generic API.
    @Test func literalArraysInferDouble() throws {
        #expect(try RegressionMetrics.meanSquaredError(targets: [1, 2], predictions: [1, 4]) == 2)
        #expect(try RegressionMetrics.maxError(targets: [1, 2], predictions: [1, 4]) == 2)
        let scores = try RegressionMetrics.meanAbsoluteError(targetColumns: [[1, 2], [0, 0]], predictionColumns: [[1, 4], [1, 1]])
        #expect(scores.rawValues == [1, 1])
    }
}
