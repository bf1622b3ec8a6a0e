import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// Identities the definitions imply, checked on seeded random data.
@Suite struct RegressionMetricsPropertyTests {
    typealias R = RegressionMetrics

    static func all(_ y: [Double], _ p: [Double], _ w: [Double]?) throws -> [String: Double] {
        let report = try R.evaluate(predictions: p, targets: y, weights: w, quantile: 0.3)
        return Dictionary(uniqueKeysWithValues: report.namedValues.map { ($0.name, $0.value) })
    }

    @Test func unitWeightsEqualUnweightedExactly() throws {
        var data = MetricTestData(seed: 1)
        for n in [1, 2, 3, 10, 101] {
            let (y, p, _) = data.sample(n)
            let weighted = try Self.all(y, p, Array(repeating: 1, count: n))
            let unweighted = try Self.all(y, p, nil)
            for key in RegressionMetricsReport.keys {
                let (a, b) = (weighted[key]!, unweighted[key]!)
                #expect(a == b || (a.isNaN && b.isNaN), "\(key), n = \(n): \(a) vs \(b)")
            }
        }
    }

    @Test func integerWeightsEqualRepeatedSamples() throws {
        var data = MetricTestData(seed: 2)
        let (y, p, _) = data.sample(40)
        let w = (0..<40).map { Double($0 % 4) }  // 0, 1, 2, 3 copies
        let repeatedY = y.indices.flatMap { Array(repeating: y[$0], count: Int(w[$0])) }
        let repeatedP = p.indices.flatMap { Array(repeating: p[$0], count: Int(w[$0])) }
        let weighted = try Self.all(y, p, w)
        let repeated = try Self.all(repeatedY, repeatedP, nil)
        for key in RegressionMetricsReport.keys where key != "max_error" {
            let (a, b) = (weighted[key]!, repeated[key]!)
            #expect(a.isApproximatelyEqual(to: b, relativeTolerance: 1e-14), "\(key): \(a) vs \(b)")
        }
    }

    @Test(arguments: [0.001, 3.7, 1024.0, 1e250, 1e307])  // 1e307: Σw overflows unless rescaled
    func scalingTheWeightsChangesNothing(_ factor: Double) throws {
        var data = MetricTestData(seed: 3)
        let (y, p, w) = data.sample(33)
        let base = try Self.all(y, p, w)
        let scaled = try Self.all(y, p, w.map { $0 * factor })
        for key in RegressionMetricsReport.keys {
            let (a, b) = (base[key]!, scaled[key]!)
            #expect(a.isApproximatelyEqual(to: b, relativeTolerance: 1e-14), "\(key) ×\(factor): \(a) vs \(b)")
        }
    }

    @Test(arguments: [-2.5, 0.01, 7.0])
    func scalingTheDataScalesTheErrors(_ c: Double) throws {
        var data = MetricTestData(seed: 4)
        let (y, p, w) = data.sample(50)
        let base = try Self.all(y, p, w)
        let scaled = try Self.all(y.map { $0 * c }, p.map { $0 * c }, w)
        let power: [String: Double] = [
            "mse": 2, "rmse": 1, "mae": 1, "max_error": 1, "median_absolute_error": 1, "r2": 0,
            "explained_variance": 0, "mape": 0,
        ]
        for (key, k) in power {
            let expected = base[key]! * Double.pow(abs(c), k)
            #expect(scaled[key]!.isApproximatelyEqual(to: expected, relativeTolerance: 1e-13), "\(key) ×\(c)")
        }
        // Pinball is scale-equivariant for c > 0 only (a negative c swaps α and 1 − α).
        if c > 0 {
            #expect(scaled["mean_pinball_loss"]!.isApproximatelyEqual(to: base["mean_pinball_loss"]! * c, relativeTolerance: 1e-13))
        }
    }

    @Test func shiftingTargetsAndPredictionsLeavesResidualMetricsAlone() throws {
        var data = MetricTestData(seed: 5)
        let (y, p, w) = data.sample(50)
        let base = try Self.all(y, p, w)
        let shifted = try Self.all(y.map { $0 + 0.5 }, p.map { $0 + 0.5 }, w)
        for key in ["mse", "rmse", "mae", "r2", "explained_variance", "max_error", "median_absolute_error", "mean_pinball_loss"] {
            #expect(shifted[key]!.isApproximatelyEqual(to: base[key]!, relativeTolerance: 1e-13), "\(key)")
        }
    }

    @Test func permutingSamplesChangesNothing() throws {
        var data = MetricTestData(seed: 6)
        let (y, p, w) = data.sample(31)
        let order = (0..<31).map { ($0 * 17) % 31 }
        let base = try Self.all(y, p, w)
        let permuted = try Self.all(order.map { y[$0] }, order.map { p[$0] }, order.map { w[$0] })
        for key in RegressionMetricsReport.keys {
            #expect(permuted[key]!.isApproximatelyEqual(to: base[key]!, relativeTolerance: 1e-14), "\(key)")
        }
    }

    @Test func relationsBetweenMetrics() throws {
        var data = MetricTestData(seed: 7)
        let (y, p, w) = data.sample(64)
        let m = try Self.all(y, p, w)
        #expect((m["rmse"]! * m["rmse"]!).isApproximatelyEqual(to: m["mse"]!, relativeTolerance: 1e-15))
        #expect(m["explained_variance"]! >= m["r2"]!)
        #expect(m["mae"]! <= m["rmse"]! && m["rmse"]! <= m["max_error"]!)
        // Pinball at α = 0.5 is half the absolute error.
        let half = try R.meanPinballLoss(predictions: p, targets: y, weights: w, alpha: 0.5)
        #expect(half.isApproximatelyEqual(to: m["mae"]! / 2, relativeTolerance: 1e-15))
        // Explained variance equals R² once the residuals have weighted mean 0.
        let bias = zip(zip(y, p), w).reduce(0.0) { $0 + $1.1 * ($1.0.0 - $1.0.1) } / w.reduce(0, +)
        let unbiased = p.map { $0 + bias }
        let r2 = try R.r2Score(predictions: unbiased, targets: y, weights: w)
        let ev = try R.explainedVarianceScore(predictions: unbiased, targets: y, weights: w)
        #expect(r2.isApproximatelyEqual(to: ev, relativeTolerance: 1e-13))
    }

    @Test func twoMultiOutputRootMeanSquaredErrors() throws {
        // Outputs with very different errors: the mean of roots is below the root of the mean.
        let y: [[Double]] = [[0, 0, 0, 0], [0, 0, 0, 0]]
        let p: [[Double]] = [[1, -1, 1, -1], [3, 3, -3, -3]]
        let perOutput = try R.rootMeanSquaredError(predictionColumns: p, targetColumns: y)
        #expect(perOutput.rawValues == [1, 3])
        #expect(perOutput.uniformAverage == 2)  // (1 + 3) / 2, scikit-learn's uniform_average
        let pooled = try R.pooledRootMeanSquaredError(predictionColumns: p, targetColumns: y)
        #expect(pooled.isApproximatelyEqual(to: 5.0.squareRoot(), relativeTolerance: 1e-15))  // sqrt((1 + 9) / 2)
        let mse = try R.meanSquaredError(predictionColumns: p, targetColumns: y)
        #expect(mse.uniformAverage == 5)
    }

    @Test func multiOutputColumnsMatchSingleOutputCalls() throws {
        var data = MetricTestData(seed: 8)
        let (y0, p0, w) = data.sample(25)
        let (y1, p1, _) = data.sample(25)
        let columns = try R.r2Score(predictionColumns: [p0, p1], targetColumns: [y0, y1], weights: w)
        #expect(columns.rawValues[0] == (try R.r2Score(predictions: p0, targets: y0, weights: w)))
        #expect(columns.rawValues[1] == (try R.r2Score(predictions: p1, targets: y1, weights: w)))
        let weighted = try columns.average(.outputWeights([1, 3]))
        #expect(weighted.isApproximatelyEqual(to: (columns.rawValues[0] + 3 * columns.rawValues[1]) / 4, relativeTolerance: 1e-15))
        #expect(try columns.average(.uniformAverage) == columns.uniformAverage)
    }

    @Test func floatInputsAreWidenedExactly() throws {
        let yf: [Float] = [1.5, -2.25, 3.1, 0.7]
        let pf: [Float] = [1.0, -2.0, 2.9, 1.1]
        let wf: [Float] = [1, 0.5, 2, 1]
        let yd = yf.map(Double.init)
        let pd = pf.map(Double.init)
        let wd = wf.map(Double.init)
        #expect(try R.meanSquaredError(predictions: pf, targets: yf, weights: wf)
            == R.meanSquaredError(predictions: pd, targets: yd, weights: wd))
        #expect(try R.evaluate(predictions: pf, targets: yf, weights: wf)
            == R.evaluate(predictions: pd, targets: yd, weights: wd))
        #expect(try R.r2Score(predictionColumns: [pf], targetColumns: [yf]).rawValues
            == R.r2Score(predictionColumns: [pd], targetColumns: [yd]).rawValues)
    }
}
