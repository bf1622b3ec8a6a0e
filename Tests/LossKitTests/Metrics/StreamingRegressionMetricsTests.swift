import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The streamed metrics share `MetricSums` with the in-memory ones; these
/// tests hold them to scikit-learn's values (Fixtures/metrics, written by
/// scripts/generate_metric_fixtures.py) for every way of cutting the rows
/// into blocks, so a merge that drifted would show.
@Suite struct StreamingRegressionMetricsTests {
    /// scikit-learn agreement promised by the metrics (1e-12); merging blocks
    /// adds a few roundings to the single-block value.
    static let tolerance = 1e-12

    static func streamed(
        _ p: [Double], _ y: [Double], _ w: [Double]?, blockRows: Int, quantile: Double = 0.5
    ) throws -> [String: Double?] {
        var metrics = try StreamingRegressionMetrics(quantile: quantile)
        var start = 0
        while start < y.count {
            let end = min(start + blockRows, y.count)
            try metrics.add(predictions: Array(p[start..<end]), targets: Array(y[start..<end]),
                            weights: w.map { Array($0[start..<end]) })
            start = end
        }
        #expect(metrics.count == y.count)
        return Dictionary(uniqueKeysWithValues: metrics.namedValues.map { ($0.name, $0.value) })
    }

    @Test(arguments: MetricFixtures.caseNames)
    func everyBlockingMatchesScikitLearn(_ name: String) throws {
        let c = try MetricFixtures.case(named: name)
        let columns = c.targetColumns.indices
        let hasNaN = (c.targetColumns + c.predictionColumns + [c.weights ?? []]).joined().contains { $0.isNaN }
        guard !hasNaN, c.targetColumns[0].count >= 2 else { return }  // NaN policies: in-memory only
        let e = c.expected
        for j in columns {
            let (y, p, w) = (c.targetColumns[j], c.predictionColumns[j], c.weights)
            for blockRows in Set([1, 2, 3, 7, y.count]) {
                let v = try Self.streamed(p, y, w, blockRows: blockRows)
                let label = "\(name) output \(j) blocks of \(blockRows)"
                for (key, expected) in [("mse", e.mse), ("rmse", e.rmse), ("mae", e.mae), ("mape", e.mape),
                                        ("r2", e.r2), ("explained_variance", e.explainedVariance)] {
                    expectClose(try #require(v[key] ?? nil), expected.rawValues[j].value,
                                relativeTolerance: Self.tolerance, "\(label) \(key)")
                }
                #expect((v["median_absolute_error"] ?? 0) == nil)
                if columns.count == 1, let maxError = e.maxError {
                    expectClose(try #require(v["max_error"] ?? nil), maxError.value, "\(label) max_error")
                }
                for pinball in e.meanPinballLoss {
                    let q = try Self.streamed(p, y, w, blockRows: blockRows, quantile: pinball.alpha)
                    expectClose(try #require(q["mean_pinball_loss"] ?? nil), pinball.rawValues[j].value,
                                relativeTolerance: Self.tolerance, "\(label) pinball α=\(pinball.alpha)")
                }
            }
        }
    }

    /// Scaling targets and predictions by 2^±600 (exact) scales MSE by 2^±1200
    /// — beyond Double's range for MSE itself at +600, so RMSE is checked — and
    /// leaves R² and explained variance unchanged, however the rows are blocked.
    @Test(arguments: [600, -600])
    func extremeMagnitudesMergeWithoutOverflow(_ exponent: Int) throws {
        let c = try MetricFixtures.case(named: "single_weighted")
        let (y, p, w) = (c.targetColumns[0], c.predictionColumns[0], c.weights)
        let f = Double(sign: .plus, exponent: exponent, significand: 1)
        for blockRows in [1, 7, y.count] {
            let plain = try Self.streamed(p, y, w, blockRows: blockRows)
            let scaled = try Self.streamed(p.map { $0 * f }, y.map { $0 * f }, w, blockRows: blockRows)
            let rmse = try #require(plain["rmse"] ?? nil), scaledRMSE = try #require(scaled["rmse"] ?? nil)
            expectClose(scaledRMSE / f, rmse, relativeTolerance: 1e-14, "rmse 2^\(exponent) blocks of \(blockRows)")
            for key in ["r2", "explained_variance"] {
                expectClose(try #require(scaled[key] ?? nil), try #require(plain[key] ?? nil),
                            relativeTolerance: 1e-13, "\(key) 2^\(exponent) blocks of \(blockRows)")
            }
        }
    }

    @Test func badBlocksThrowAndChangeNothing() throws {
        var metrics = try StreamingRegressionMetrics()
        try metrics.add(predictions: [1, 2], targets: [1, 3])
        #expect(throws: LossKitError.self) { try metrics.add(predictions: [1], targets: [1, 2]) }
        #expect(throws: LossKitError.self) { try metrics.add(predictions: [1, 2], targets: [1, 2], weights: [1]) }
        #expect(throws: LossKitError.self) { try metrics.add(predictions: [1], targets: [1], weights: [-1]) }
        #expect(throws: LossKitError.self) { try StreamingRegressionMetrics(quantile: 1) }
        #expect(metrics.count == 2)
        let mse = try #require(metrics.namedValues.first { $0.name == "mse" }?.value)
        #expect(mse == 0.5)
    }
}
