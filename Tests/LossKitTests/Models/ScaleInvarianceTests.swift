import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// Issue 10, class 3: the answer must not depend on the units. Least squares
/// (and every robust fit) is equivariant under scaling a column or the target
/// by `2^k`: coefficient j scales by `2^(k_y − k_j)`, the intercept by
/// `2^(k_y)`, standard errors like the coefficients, and R², t and p do not
/// change. Powers of two are exact in binary floating point, so the fit at
/// ordinary scale (k = 0) is the reference for every scaled one, bit for bit:
/// the fits equilibrate by powers of two and solve the *same* scaled problem.
/// The data are small dyadic numbers (integers and multiples of 2^−3 below
/// 2^8), so `2^k` times them is exact for every k used, down to subnormal data.
@Suite struct ScaleInvarianceTests {
    static let n = 24
    /// Two features with distinct patterns (not collinear) and a noisy target.
    static let x1: [Double] = (0..<n).map { Double(($0 * 7) % 23) + 1 }
    static let x2: [Double] = (0..<n).map { Double(($0 * 5) % 11) * 0.5 - 2 }
    static let y: [Double] = (0..<n).map { i in
        let noise: Double = Double((i * 13) % 7 - 3) * 0.125
        let signal: Double = 2 * x1[i] - 1.5 * x2[i]
        return 3 + signal + noise
    }
    static let w: [Double] = (0..<n).map { Double(($0 % 5) + 1) * 0.25 }

    /// Column and target exponents across the whole range: normal data from
    /// 2^−1000 to 2^1000 and subnormal data (k = −1060: the features are then
    /// below 2^−1022).
    static let exponents = [-1060, -1000, -700, -300, -64, -1, 1, 64, 300, 700, 1000, 1010]

    static func design(_ k1: Int, _ k2: Int) throws -> Matrix {
        try Matrix(columns: [x1.map { $0.timesPowerOfTwo(k1) }, x2.map { $0.timesPowerOfTwo(k2) }])
    }

    /// `a` equals `b·2^k` exactly (both ±∞ and NaN compare as themselves).
    static func expectScaled(_ a: Double, _ b: Double, _ k: Int, _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = b.timesPowerOfTwo(k)
        #expect(a == expected || (a.isNaN && expected.isNaN), "\(what): \(a) vs \(b)·2^\(k) = \(expected)",
                sourceLocation: sourceLocation)
    }

    static func expectEquivariant(_ scaled: LinearRegressionResult, _ base: LinearRegressionResult,
                                  intercept ki: Int, slopes ks: [Int],
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        expectScaled(scaled.intercept, base.intercept, ki, "intercept", sourceLocation: sourceLocation)
        for j in ks.indices {
            expectScaled(scaled.coefficients[j], base.coefficients[j], ks[j], "β\(j)", sourceLocation: sourceLocation)
            expectScaled(scaled.standardErrors[j], base.standardErrors[j], ks[j], "se\(j)", sourceLocation: sourceLocation)
            expectScaled(scaled.confidenceIntervals[j].lower, base.confidenceIntervals[j].lower, ks[j], "lower\(j)",
                         sourceLocation: sourceLocation)
            #expect(scaled.tStatistics[j] == base.tStatistics[j], sourceLocation: sourceLocation)
            #expect(scaled.pValues[j] == base.pValues[j], sourceLocation: sourceLocation)
        }
        #expect(scaled.rSquared == base.rSquared, sourceLocation: sourceLocation)
        #expect(scaled.conditionNumber == base.conditionNumber, sourceLocation: sourceLocation)
        #expect(scaled.rank == base.rank, sourceLocation: sourceLocation)
        // Warnings agree, except that a value beyond Double's range in the
        // scaled units is ±∞ *with* a warning naming it.
        func isOverflow(_ w: ModelWarning) -> Bool { if case .notRepresentable = w { return true } else { return false } }
        #expect(scaled.warnings.filter { !isOverflow($0) } == base.warnings, "warnings: \(scaled.warnings)",
                sourceLocation: sourceLocation)
        let infinite = (scaled.coefficients + scaled.standardErrors + [scaled.intercept, scaled.training.residualSumOfSquares])
            .contains { $0.isInfinite }
        #expect(scaled.warnings.contains(where: isOverflow) == infinite, "warnings: \(scaled.warnings)",
                sourceLocation: sourceLocation)
    }

    static let solvers: [LinearRegression.Solver] = [.extendedQR, .householderQR, .cholesky]

    // MARK: OLS / WLS

    @Test(arguments: solvers, exponents)
    func columnScalingScalesTheSlopeExactly(solver: LinearRegression.Solver, k: Int) throws {
        let model = LinearRegression(solver: solver)
        let base = try model.fit(features: Self.design(0, 0), targets: Self.y)
        let scaled = try model.fit(features: Self.design(k, 0), targets: Self.y)
        #expect(base.warnings.isEmpty)
        Self.expectEquivariant(scaled, base, intercept: 0, slopes: [-k, 0])
        // Both columns at once, in opposite directions.
        let both = try model.fit(features: Self.design(k, -k / 2), targets: Self.y)
        Self.expectEquivariant(both, base, intercept: 0, slopes: [-k, k / 2])
    }

    @Test(arguments: solvers, exponents.filter { $0 >= -1000 })
    func targetScalingScalesEverythingExactly(solver: LinearRegression.Solver, k: Int) throws {
        let model = LinearRegression(solver: solver)
        let base = try model.fit(features: Self.design(0, 0), targets: Self.y)
        let scaled = try model.fit(features: Self.design(0, 0), targets: Self.y.map { $0.timesPowerOfTwo(k) })
        Self.expectEquivariant(scaled, base, intercept: k, slopes: [k, k])
        Self.expectScaled(scaled.residualStandardDeviation, base.residualStandardDeviation, k, "σ̂")
        // Data and target in the same units far from 1: slopes unchanged.
        let same = try model.fit(features: Self.design(k, k), targets: Self.y.map { $0.timesPowerOfTwo(k) })
        Self.expectEquivariant(same, base, intercept: k, slopes: [0, 0])
    }

    @Test(arguments: solvers, [-1000, -300, -1, 1, 300, 1000, 1020])
    func weightScalingChangesNothing(solver: LinearRegression.Solver, k: Int) throws {
        let model = LinearRegression(solver: solver)
        let base = try model.fit(features: Self.design(0, 0), targets: Self.y, weights: Self.w)
        let scaled = try model.fit(features: Self.design(0, 0), targets: Self.y, weights: Self.w.map { $0.timesPowerOfTwo(k) })
        Self.expectEquivariant(scaled, base, intercept: 0, slopes: [0, 0])
        Self.expectScaled(scaled.training.totalWeight, base.training.totalWeight, k, "Σw")
    }

    /// Equal weights of 2^1020 (≈ 1e307) on every row: the unweighted fit.
    @Test(arguments: solvers)
    func hugeEqualWeightsGiveTheUnweightedFit(solver: LinearRegression.Solver) throws {
        let model = LinearRegression(solver: solver)
        let plain = try model.fit(features: Self.design(0, 0), targets: Self.y)
        let weighted = try model.fit(features: Self.design(0, 0), targets: Self.y,
                                     weights: Array(repeating: 0x1p1020, count: Self.n))
        for j in 0..<2 {
            #expect(weighted.coefficients[j].isApproximatelyEqual(to: plain.coefficients[j], relativeTolerance: 1e-13))
            #expect(weighted.standardErrors[j].isApproximatelyEqual(to: plain.standardErrors[j], relativeTolerance: 1e-13))
        }
        #expect(weighted.intercept.isApproximatelyEqual(to: plain.intercept, relativeTolerance: 1e-13))
    }

    /// An answer outside Double's range is ±∞ with a warning that says so.
    @Test func unrepresentableCoefficientIsInfiniteWithAWarning() throws {
        // x ≈ 2^−1000, y ≈ 2^1000: the slope ≈ 2^2001 cannot be a Double.
        let fit = try LinearRegression().fit(features: Self.design(-1000, -1000), targets: Self.y.map { $0.timesPowerOfTwo(1000) })
        #expect(fit.coefficients[0].isInfinite)
        #expect(fit.warnings.contains { if case .notRepresentable = $0 { return true } else { return false } })
        // t, p and R² are scale-free and still right.
        let base = try LinearRegression().fit(features: Self.design(0, 0), targets: Self.y)
        #expect(fit.pValues == base.pValues)
        #expect(fit.rSquared == base.rSquared)
    }

    /// The condition number of an exactly collinear design is +∞, not 1.
    @Test(arguments: solvers)
    func collinearDesignHasInfiniteConditionNumber(solver: LinearRegression.Solver) throws {
        let x = try Matrix(columns: [Self.x1, Self.x1.map { 2 * $0 }])
        let fit = try LinearRegression(solver: solver).fit(features: x, targets: Self.y)
        #expect(fit.rank == 2)
        #expect(fit.conditionNumber == .infinity)
        #expect(fit.warnings.contains { if case .rankDeficient = $0 { return true } else { return false } })
    }

    // MARK: Streaming

    static func streamed(_ x: Matrix, _ y: [Double], _ w: [Double]? = nil, shards: Bool = false) throws -> LinearRegressionResult {
        var first = StreamingLeastSquares(featureCount: 2), second = StreamingLeastSquares(featureCount: 2)
        for start in stride(from: 0, to: n, by: 5) {
            let rows = Array(start..<min(start + 5, n))
            let block = try Matrix(columns: (0..<2).map { j in rows.map { x[row: $0, column: j] } })
            if shards && start >= n / 2 {
                try second.add(features: block, targets: rows.map { y[$0] }, weights: w.map { w in rows.map { w[$0] } })
            } else {
                try first.add(features: block, targets: rows.map { y[$0] }, weights: w.map { w in rows.map { w[$0] } })
            }
        }
        if shards { try first.merge(second) }
        return try first.finish()
    }

    /// `StreamingLeastSquares` keeps R equilibrated: the same exact
    /// equivariance as the in-memory fit, blocks and merged shards alike.
    @Test(arguments: exponents.filter { $0 >= -1000 })
    func streamingScalesExactly(k: Int) throws {
        for shards in [false, true] {
            let base = try Self.streamed(Self.design(0, 0), Self.y, shards: shards)
            let columns = try Self.streamed(Self.design(k, -k / 2), Self.y, shards: shards)
            Self.expectEquivariant(columns, base, intercept: 0, slopes: [-k, k / 2])
            let target = try Self.streamed(Self.design(0, 0), Self.y.map { $0.timesPowerOfTwo(k) }, shards: shards)
            Self.expectEquivariant(target, base, intercept: k, slopes: [k, k])
            let weighted = try Self.streamed(Self.design(0, 0), Self.y, Self.w, shards: shards)
            let heavy = try Self.streamed(Self.design(0, 0), Self.y, Self.w.map { $0.timesPowerOfTwo(2 * (k / 2)) }, shards: shards)
            Self.expectEquivariant(heavy, weighted, intercept: 0, slopes: [0, 0])
        }
        // And it agrees with the in-memory fit at that scale.
        let memory = try LinearRegression().fit(features: Self.design(k, 0), targets: Self.y)
        let stream = try Self.streamed(Self.design(k, 0), Self.y)
        #expect(stream.coefficients[0].isApproximatelyEqual(to: memory.coefficients[0], relativeTolerance: 1e-12))
    }

    // MARK: Polynomial

    @Test(arguments: exponents.filter { $0 >= -1000 })
    func polynomialTargetScaling(k: Int) throws {
        let model = PolynomialRegression(degree: 2)
        let base = try model.fit(feature: Self.x1, targets: Self.y)
        let scaled = try model.fit(feature: Self.x1, targets: Self.y.map { $0.timesPowerOfTwo(k) })
        for j in 0...2 {
            Self.expectScaled(scaled.coefficientStatistics.map(\.estimate).prepended(scaled.intercept)[j],
                              base.coefficientStatistics.map(\.estimate).prepended(base.intercept)[j], k, "B\(j)")
        }
        #expect(scaled.training.rSquared == base.training.rSquared)
        #expect(scaled.coefficientStatistics.map(\.pValue) == base.coefficientStatistics.map(\.pValue))
    }

    /// Column scaling of x by 2^k scales the raw-power coefficient B_j by
    /// 2^(−jk). Within ±300 (degree 2, so the powers stay normal) exactly.
    @Test(arguments: [-300, -64, -1, 1, 64, 300])
    func polynomialFeatureScaling(k: Int) throws {
        let model = PolynomialRegression(degree: 2)
        let base = try model.fit(feature: Self.x1, targets: Self.y)
        let scaled = try model.fit(feature: Self.x1.map { $0.timesPowerOfTwo(k) }, targets: Self.y)
        Self.expectScaled(scaled.intercept, base.intercept, 0, "B0")
        for j in 0..<2 {
            Self.expectScaled(scaled.coefficientStatistics[j].estimate, base.coefficientStatistics[j].estimate,
                              -(j + 1) * k, "B\(j + 1)")
        }
    }

    // MARK: Ridge (target scaling: α keeps its meaning only when the columns keep their units)

    @Test(arguments: exponents.filter { $0 >= -1000 })
    func ridgeTargetScaling(k: Int) throws {
        let model = Ridge(alpha: 2)
        let base = try model.fit(features: Self.design(0, 0), targets: Self.y)
        let scaled = try model.fit(features: Self.design(0, 0), targets: Self.y.map { $0.timesPowerOfTwo(k) })
        Self.expectScaled(scaled.intercept, base.intercept, k, "b0")
        for j in 0..<2 { Self.expectScaled(scaled.coefficients[j], base.coefficients[j], k, "β\(j)") }
        #expect(scaled.rSquared == base.rSquared)
    }

    /// Scaling every column by 2^k and α by 2^(2k) keeps the penalized problem
    /// the same: slopes scale by 2^(−k), the intercept and R² do not change.
    @Test(arguments: [-500, -300, -64, -1, 1, 64, 300, 500])
    func ridgeColumnScalingWithMatchingAlpha(k: Int) throws {
        let base = try Ridge(alpha: 2).fit(features: Self.design(0, 0), targets: Self.y)
        let scaled = try Ridge(alpha: Double(2).timesPowerOfTwo(2 * k)).fit(features: Self.design(k, k), targets: Self.y)
        for j in 0..<2 {
            #expect(scaled.coefficients[j].isApproximatelyEqual(to: base.coefficients[j].timesPowerOfTwo(-k), relativeTolerance: 1e-13),
                    "β\(j): \(scaled.coefficients[j]) vs \(base.coefficients[j])·2^\(-k)")
        }
        #expect(scaled.intercept.isApproximatelyEqual(to: base.intercept, relativeTolerance: 1e-13))
        #expect(scaled.rSquared.isApproximatelyEqual(to: base.rSquared, relativeTolerance: 1e-13))
    }

    // MARK: Robust: Huber, L1, quantile

    static let robustLosses: [RobustLoss] = [.huber(), .leastAbsoluteDeviation, .quantile(0.25)]

    @Test(arguments: robustLosses, exponents)
    func robustColumnAndTargetScaling(loss: RobustLoss, k: Int) throws {
        let model = RobustLinearRegression(loss: loss)
        // An outlier, so that the robust weights matter.
        var y = Self.y
        y[5] += 40
        let base = try model.fitDetails(features: Self.design(0, 0), targets: y)
        let columns = try model.fitDetails(features: Self.design(k, -k / 2), targets: y)
        Self.expectScaled(columns.intercept, base.intercept, 0, "b0")
        Self.expectScaled(columns.coefficients[0], base.coefficients[0], -k, "β0")
        Self.expectScaled(columns.coefficients[1], base.coefficients[1], k / 2, "β1")
        #expect(columns.weights == base.weights)
        #expect(columns.stopReason == base.stopReason)
        let ky = max(k, -1000)
        let target = try model.fitDetails(features: Self.design(0, 0), targets: y.map { $0.timesPowerOfTwo(ky) })
        Self.expectScaled(target.intercept, base.intercept, ky, "b0")
        for j in 0..<2 { Self.expectScaled(target.coefficients[j], base.coefficients[j], ky, "β\(j)") }
        Self.expectScaled(target.scale, base.scale, ky, "scale")
        #expect(target.stopReason == base.stopReason)
        #expect(target.iterations == base.iterations)
    }

    /// Outlier diagnostics: leverage, studentized residuals and Cook's
    /// distances are scale-free; coefficients and residuals scale exactly.
    @Test(arguments: exponents.filter { $0 >= -1000 })
    func outlierDiagnosticsScaleExactly(k: Int) throws {
        var y = Self.y
        y[5] += 40
        let base = try OutlierDiagnostics(features: Self.design(0, 0), targets: y)
        let scaled = try OutlierDiagnostics(features: Self.design(k, -k / 2), targets: y.map { $0.timesPowerOfTwo(k) })
        #expect(scaled.leverage == base.leverage)
        #expect(scaled.studentizedExternal == base.studentizedExternal)
        #expect(scaled.cooksDistance == base.cooksDistance)
        #expect(scaled.outlierRows() == base.outlierRows())
        Self.expectScaled(scaled.intercept, base.intercept, k, "b0")
        Self.expectScaled(scaled.coefficients[0], base.coefficients[0], 0, "β0")
        Self.expectScaled(scaled.coefficients[1], base.coefficients[1], k + k / 2, "β1")
        for i in y.indices { Self.expectScaled(scaled.residuals[i], base.residuals[i], k, "e\(i)") }
    }
}

/// Means of losses and metrics are finite whenever the answer is: sums of
/// terms near 1e307 (or weights near 1e308) are rescaled by powers of two.
@Suite struct OverflowSafeMeanTests {
    /// Targets and predictions: small dyadic numbers; the means at `2^k` are
    /// the means at 1 times `2^k` (mathematically exactly; the scaled route
    /// rounds differently, so to a few ulps).
    static let a: [Double] = (0..<40).map { Double(($0 * 7) % 23) - 11.5 }
    static let b: [Double] = (0..<40).map { Double(($0 * 3) % 17) - 8 + 0.25 }

    @Test(arguments: [-1000, -300, 0, 300, 900, 1010, 1016])
    func metricMeansScaleWithTheData(k: Int) throws {
        let y = Self.a.map { $0.timesPowerOfTwo(k) }, p = Self.b.map { $0.timesPowerOfTwo(k) }
        func check(_ scaled: Double, _ base: Double, _ name: String) {
            let expected = base.timesPowerOfTwo(k)
            #expect(scaled.isFinite, "\(name) at 2^\(k): \(scaled)")
            #expect(scaled.isApproximatelyEqual(to: expected, relativeTolerance: 1e-14), "\(name): \(scaled) vs \(expected)")
        }
        check(try RegressionMetrics.meanAbsoluteError(predictions: p, targets: y),
              try RegressionMetrics.meanAbsoluteError(predictions: Self.b, targets: Self.a), "MAE")
        check(try RegressionMetrics.meanPinballLoss(predictions: p, targets: y, alpha: 0.3),
              try RegressionMetrics.meanPinballLoss(predictions: Self.b, targets: Self.a, alpha: 0.3), "pinball")
        check(try AbsoluteError().loss(predictions: p, targets: y),
              try AbsoluteError().loss(predictions: Self.b, targets: Self.a), "AbsoluteError.loss")
        check(try PinballLoss(quantile: 0.7).loss(predictions: p, targets: y),
              try PinballLoss(quantile: 0.7).loss(predictions: Self.b, targets: Self.a), "PinballLoss.loss")
        if k >= 2 {
            // Every |r| ≥ 1 = δ: Huber is |r| − 1/2 per sample, so its mean is MAE − 1/2.
            let huber = try HuberLoss(delta: 1).loss(predictions: p, targets: y)
            let mae = try AbsoluteError().loss(predictions: Self.b, targets: Self.a).timesPowerOfTwo(k)
            #expect(huber.isFinite, "Huber at 2^\(k): \(huber)")
            #expect(huber.isApproximatelyEqual(to: mae - 0.5, relativeTolerance: 1e-14), "Huber \(huber) vs \(mae) − 1/2")
        }
        // MAPE is unit-free wherever |y| ≥ ε (scikit-learn's floor max(|y|, ε)
        // is absolute, so for targets below 2.2e-16 it is not, by definition).
        let mape = try RegressionMetrics.meanAbsolutePercentageError(predictions: p, targets: y)
        let mapeBase = try RegressionMetrics.meanAbsolutePercentageError(predictions: Self.b, targets: Self.a)
        if k >= 0 {
            #expect(mape.isApproximatelyEqual(to: mapeBase, relativeTolerance: 1e-14), "MAPE \(mape) vs \(mapeBase)")
        }
        // RMSE was already protected; it must stay so.
        check(try RegressionMetrics.rootMeanSquaredError(predictions: p, targets: y),
              try RegressionMetrics.rootMeanSquaredError(predictions: Self.b, targets: Self.a), "RMSE")
    }

    /// Weights of 2^1020 (≈ 1e307) on every row: Σw overflows, the mean is the unweighted one.
    @Test func hugeEqualWeightsGiveTheUnweightedMean() throws {
        let w = Array(repeating: 0x1p1020, count: Self.a.count)
        func check(_ weighted: Double, _ plain: Double, _ name: String) {
            #expect(weighted.isApproximatelyEqual(to: plain, relativeTolerance: 1e-14), "\(name): \(weighted) vs \(plain)")
        }
        check(try AbsoluteError().loss(predictions: Self.b, targets: Self.a, weights: w),
              try AbsoluteError().loss(predictions: Self.b, targets: Self.a), "AbsoluteError")
        check(try HuberLoss(delta: 2).loss(predictions: Self.b, targets: Self.a, weights: w),
              try HuberLoss(delta: 2).loss(predictions: Self.b, targets: Self.a), "Huber")
        check(try PinballLoss(quantile: 0.2).loss(predictions: Self.b, targets: Self.a, weights: w),
              try PinballLoss(quantile: 0.2).loss(predictions: Self.b, targets: Self.a), "Pinball")
        check(try SquaredError().loss(predictions: Self.b, targets: Self.a, weights: w),
              try SquaredError().loss(predictions: Self.b, targets: Self.a), "SquaredError")
        check(try RegressionMetrics.meanAbsoluteError(predictions: Self.b, targets: Self.a, weights: w),
              try RegressionMetrics.meanAbsoluteError(predictions: Self.b, targets: Self.a), "MAE")
    }

    /// A residual beyond Double's range (1.5·2^1023 − (−1.5·2^1023)) in a
    /// representable mean: the metrics rescale the inputs, not only the sum.
    @Test func residualBeyondDoubleRangeInARepresentableMean() throws {
        let y = [0x1.8p1023, 0, 1, 2], p = [-0x1.8p1023, 0, 1, 2]
        // (2·1.5·2^1023)/4 = 1.5·2^1022, exactly.
        #expect(try RegressionMetrics.meanAbsoluteError(predictions: p, targets: y) == 0x1.8p1022)
        #expect(try RegressionMetrics.meanPinballLoss(predictions: p, targets: y, alpha: 0.5) == 0x1.8p1021)
    }

    /// The streamed metrics merge blocks whose sums overflow.
    @Test func streamedMetricsNearTheOverflowThreshold() throws {
        let y = Self.a.map { $0.timesPowerOfTwo(1012) }, p = Self.b.map { $0.timesPowerOfTwo(1012) }
        var stream = try StreamingRegressionMetrics()
        for start in stride(from: 0, to: y.count, by: 7) {
            let end = min(start + 7, y.count)
            try stream.add(predictions: Array(p[start..<end]), targets: Array(y[start..<end]))
        }
        let mae = try RegressionMetrics.meanAbsoluteError(predictions: Self.b, targets: Self.a).timesPowerOfTwo(1012)
        let streamed = try #require(stream.namedValues.first { $0.name == "mae" }?.value)
        #expect(streamed.isFinite)
        #expect(streamed.isApproximatelyEqual(to: mae, relativeTolerance: 1e-14))
    }
}

private extension Array {
    func prepended(_ e: Element) -> [Element] { [e] + self }
}
