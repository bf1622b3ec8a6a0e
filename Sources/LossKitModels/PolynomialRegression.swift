import LossKitData
import LossKitNumerics

/// Least-squares polynomial fit `y ≈ B₀ + B₁x + … + B_D x^D` of one feature,
/// reported on the raw powers of x, yet computed in a well-conditioned basis.
///
/// ```swift
/// let fit = try PolynomialRegression(degree: 10).fit(x: x, y: y)
/// fit.coefficients            // B₁ … B₁₀ on raw powers of x
/// fit.intercept               // B₀
/// try fit.predict([-5.0])
/// ```
///
/// ## Detailed design
/// The raw power basis is extremely ill-conditioned (NIST's Filip set:
/// `cond ≈ 2e15`), so fitting it directly loses every digit in Double. The fit
/// instead maps x to `t = (x − c)/s ∈ [−1, 1]` (`c` the midpoint, `s` the
/// half-range), fits `Σ aₖ tᵏ` with `ExtendedLeastSquares` (double-double
/// Householder QR), and maps the coefficients back exactly:
/// `Bⱼ = Σₖ aₖ·C(k, j)·(−c)^(k−j) / sᵏ`, and the covariance by the same linear
/// map (`Cov_B = T Cov_a Tᵀ`), all in double-double. The back-transformation
/// cancels many digits, which the double-double representation absorbs.
///
/// Accuracy: on the NIST StRD polynomial sets (Filip, Pontius, Wampler1–5)
/// every coefficient and standard deviation agrees with NIST's certified
/// values to ≥ 12 significant digits (see docs/accuracy.md).
/// Weights: `Σ wᵢ (yᵢ − ŷᵢ)²` is minimized; see `LinearRegression`.
/// - Complexity: O(n·D²) double-double operations, O(n·D) memory.
public struct PolynomialRegression: Sendable {
    /// The degree D ≥ 0 (0 fits a weighted mean).
    public var degree: Int
    /// Level of the reported confidence intervals, in (0, 1).
    public var confidenceLevel: Double

    /// Parameters are checked by `fit`.
    public init(degree: Int, confidenceLevel: Double = 0.95) {
        self.degree = degree
        self.confidenceLevel = confidenceLevel
    }

    /// Fits the polynomial.
    /// - Parameters:
    ///   - x: the feature; finite values.
    ///   - y: the targets, as many as `x`; finite.
    ///   - sampleWeights: optional weights, finite and > 0 (`Σwᵢrᵢ²` is minimized).
    /// - Throws: `LossKitError.invalidParameter` for a negative degree or a
    ///   level outside (0, 1); `.countMismatch`, `.nonFiniteValue` (naming x or y
    ///   and the 0-based row), `.invalidWeight`, `.insufficientRows` when
    ///   `n ≤ D + 1`. A constant x (or fewer than D + 1 distinct values) is not
    ///   an error: the result is rank-deficient, with a warning.
    public func fit(feature x: [Double], targets y: [Double], weights sampleWeights: [Double]? = nil) throws -> PolynomialRegressionResult {
        guard degree >= 0 else {
            throw LossKitError.invalidParameter(name: "degree", value: "\(degree)", requirement: "must be >= 0")
        }
        try ModelInput.checkLevel(confidenceLevel)
        guard x.count == y.count else {
            throw LossKitError.countMismatch(name: "x", count: x.count, otherName: "y", otherCount: y.count)
        }
        try ModelInput.checkTargets(x, name: "x")
        try ModelInput.checkTargets(y)
        try ModelInput.checkWeights(sampleWeights, rows: y.count)
        try ModelInput.checkRows(y.count, parameters: degree + 1)

        let lo = x.min() ?? 0, hi = x.max() ?? 0
        let center = lo / 2 + hi / 2
        let halfRange = hi / 2 - lo / 2 > 0 ? hi / 2 - lo / 2 : 1
        let scale = DoubleDouble(halfRange)
        // t = (x − c)/s in double-double; powers tᵏ likewise.
        let t = x.map { (DoubleDouble($0) - center).divided(by: scale) }
        var columns: [[DoubleDouble]] = []
        var power = t
        for k in 1...max(degree, 1) where k <= degree {
            if k > 1 { for i in power.indices { power[i] = power[i] * t[i] } }
            columns.append(power)
        }
        // The basis t ∈ [−1, 1] is unit-free already; y and the weights are
        // equilibrated by powers of two (exact), and FitInference unscales.
        let scaling = Equilibration(
            columnExponents: [], targetExponent: Equilibration.exponent(of: y),
            weightExponent: sampleWeights.map { Equilibration.exponent(of: $0) } ?? 0)
        var solution = ExtendedLeastSquares.solve(
            columns: columns, y: scaling.scaledTarget(y).map(DoubleDouble.init),
            weights: scaling.scaledWeights(sampleWeights), fitIntercept: true)
        solution.scaling = scaling

        // Map a (intercept first) → B on raw powers: B = T a.
        let transform = Self.rawPowerTransform(degree: degree, center: center, halfRange: halfRange)
        let scaled = [solution.intercept ?? .zero] + solution.coefficients
        var raw = [DoubleDouble](repeating: .zero, count: degree + 1)
        var rawFactor = [[DoubleDouble]](repeating: [], count: degree + 1)
        let scaledFactor = solution.covarianceFactor ?? []
        let width = scaledFactor.first?.count ?? 0
        for j in 0...degree {
            var s = DoubleDouble.zero
            var row = [DoubleDouble](repeating: .zero, count: width)
            for k in j...degree {
                s += transform[j][k] * scaled[k]
                for l in 0..<width { row[l] += transform[j][k] * scaledFactor[k][l] }
            }
            raw[j] = s
            rawFactor[j] = row
        }
        let featureNames = (0..<degree).map { "x^\($0 + 1)" }
        let (table, training) = try FitInference.summarize(
            estimates: raw, variances: LeastSquaresSolution.diagonal(of: rawFactor), names: ["intercept"] + featureNames, solution: solution,
            observationCount: y.count, hasIntercept: true, weighted: sampleWeights != nil,
            confidenceLevel: confidenceLevel, featureNames: featureNames)
        return PolynomialRegressionResult(
            degree: degree, center: center, halfRange: halfRange,
            scaledCoefficients: scaled.map { $0.timesPowerOfTwo(scaling.targetExponent).value },
            interceptStatistics: table[0], coefficientStatistics: Array(table.dropFirst()),
            confidenceLevel: confidenceLevel, training: training)
    }

    /// `T[j][k] = C(k, j)·(−c)^(k−j) / sᵏ` in double-double (upper triangular).
    static func rawPowerTransform(degree: Int, center: Double, halfRange: Double) -> [[DoubleDouble]] {
        var t = [[DoubleDouble]](repeating: [DoubleDouble](repeating: .zero, count: degree + 1), count: degree + 1)
        let minusC = DoubleDouble(-center)
        var invS = [DoubleDouble.one]
        for _ in 0..<degree { invS.append(invS[invS.count - 1].divided(by: DoubleDouble(halfRange))) }
        var cPowers = [DoubleDouble.one]
        for _ in 0..<degree { cPowers.append(cPowers[cPowers.count - 1] * minusC) }
        var binomial = [[Double]](repeating: [Double](repeating: 0, count: degree + 1), count: degree + 1)
        for k in 0...degree {
            binomial[k][0] = 1
            if k > 0 { for j in 1...k { binomial[k][j] = binomial[k - 1][j - 1] + (j < k ? binomial[k - 1][j] : 0) } }
        }
        for k in 0...degree {
            for j in 0...k { t[j][k] = cPowers[k - j] * invS[k] * binomial[k][j] }
        }
        return t
    }
}
