import LossKitData
import LossKitNumerics

/// Ridge regression (scikit-learn's `Ridge` convention):
/// `min Σ wᵢ (yᵢ − b₀ − xᵢᵀβ)² + α‖β‖²`, the intercept not penalized.
///
/// ```swift
/// let fit = try Ridge(alpha: 10).fit(x, y)
/// let path = try Ridge.path(alphas: [0.1, 1, 10, 100], x, y)   // one SVD for all
/// ```
///
/// ## Detailed design
/// The design is centered by the weighted means and scaled by `√w`, then
/// decomposed once, `X̃ = U·diag(s)·Vᵀ` (`SingularValueDecomposition`); every
/// α costs only `O(p·k)`: `β = V·diag(sₖ/(sₖ² + α))·Uᵀỹ`, `b₀ = ȳ − x̄ᵀβ`.
/// Works for `n ≤ p` too. α = 0 gives the minimum-norm least-squares
/// solution (singular values below `max(n, p)·ε·s₀` dropped).
///
/// Accuracy: the SVD is backward stable, so β has relative error about
/// `ε·cond_α`, with `cond_α = (s₀² + α)/(s_min² + α)·s_min/s₀`-ish — ridge
/// improves the conditioning as α grows. Weights: `Σwᵢ(…)²`, not normalized
/// by Σw (scikit-learn's `sample_weight`), so α's scale is that of a sum.
/// - Complexity: O(n·p·min(n, p)) for the SVD, then O(p·min(n, p)) per α;
///   O(n·p) memory.
public struct Ridge: Sendable {
    /// α ≥ 0.
    public var alpha: Double
    public var fitIntercept: Bool

    /// Parameters are checked by `fit`.
    public init(alpha: Double = 1, fitIntercept: Bool = true) {
        self.alpha = alpha
        self.fitIntercept = fitIntercept
    }

    /// Fits one α.
    /// - Throws: `LossKitError.invalidParameter` for α < 0, NaN or ∞;
    ///   `.countMismatch`, `.nonFiniteValue` (column and 0-based row),
    ///   `.invalidWeight`, `.tooFewValues` for fewer than 2 rows.
    public func fit(features x: Matrix, targets y: [Double], weights sampleWeights: [Double]? = nil,
                    featureNames: [String]? = nil) throws -> RidgeResult {
        try Self.path(alphas: [alpha], features: x, targets: y, weights: sampleWeights, fitIntercept: fitIntercept,
                      featureNames: featureNames)[0]
    }

    /// Fits every α of `alphas` from one SVD of the centered design.
    /// - Returns: one `RidgeResult` per α, in the order given.
    public static func path(
        alphas: [Double], features x: Matrix, targets y: [Double], weights sampleWeights: [Double]? = nil,
        fitIntercept: Bool = true, featureNames: [String]? = nil
    ) throws -> [RidgeResult] {
        let (decomposition, names) = try prepare(alphas: alphas, x, y, sampleWeights, fitIntercept, featureNames)
        return try alphas.map { try result(alpha: $0, decomposition, x, y, names) }
    }

    static func checkAlphas(_ alphas: [Double]) throws {
        guard !alphas.isEmpty else { throw LossKitError.tooFewValues(name: "alphas", count: 0, minimum: 1) }
        for a in alphas where !(a >= 0) || !a.isFinite {
            throw LossKitError.invalidParameter(name: "alpha", value: "\(a)", requirement: "must be finite and >= 0")
        }
    }

    static func prepare(
        alphas: [Double], _ x: Matrix, _ y: [Double], _ w: [Double]?, _ fitIntercept: Bool, _ featureNames: [String]?
    ) throws -> (RidgeDecomposition, [String]) {
        try checkAlphas(alphas)
        let names = try LinearRegression.checkedNames(featureNames, columns: x.columns)
        try LinearRegression.checkInputs(x, y, w, names: names)
        guard x.rows >= 2 else { throw LossKitError.tooFewValues(name: "rows of x", count: x.rows, minimum: 2) }
        return (try RidgeDecomposition(x: x, y: y, weights: w, fitIntercept: fitIntercept), names)
    }

    static func result(alpha: Double, _ d: RidgeDecomposition, _ x: Matrix, _ y: [Double], _ names: [String]) throws -> RidgeResult {
        try fitted(alpha: alpha, d, x, y, names).result
    }

    /// The fit at `alpha` and its residuals `yᵢ − b₀ − xᵢᵀβ` (extended
    /// precision), which `RidgeCV` turns into leave-one-out residuals.
    static func fitted(
        alpha: Double, _ d: RidgeDecomposition, _ x: Matrix, _ y: [Double], _ names: [String]
    ) throws -> (result: RidgeResult, residuals: [Double]) {
        let beta = try d.coefficients(alpha)
        let b0 = d.fitIntercept ? d.design.intercept(for: beta).value : 0
        let residuals = try ExtendedPrecision.residuals(y: y, x: x, coefficients: beta, intercept: b0)
        // RSS and TSS of y scaled by the power of two of its largest value
        // (exact), so that R² does not overflow (NaN) or underflow (1) for y
        // near 1e±300; the reported RSS is unscaled (±∞ only when it is
        // outside Double's range).
        let e = Equilibration.exponent(of: y)
        let scaledY = y.map { $0.timesPowerOfTwo(-e) }
        let rss = d.design.weightedSumOfSquares(residuals.map { $0.timesPowerOfTwo(-e) })
        let tss = d.design.withTarget(scaledY).totalSumOfSquares(scaledY)
        let s = d.svd.singularValues
        let positive = s.filter { $0 > Double(max(x.rows, x.columns)) * Double.ulpOfOne * (s.first ?? 0) }
        let result = RidgeResult(
            alpha: alpha, featureNames: names, fitIntercept: d.fitIntercept, intercept: b0, coefficients: beta,
            observationCount: x.rows, totalWeight: d.design.totalWeight, weighted: d.design.sqrtWeights != nil,
            residualSumOfSquares: rss.timesPowerOfTwo(2 * e), rSquared: tss > 0 ? 1 - rss / tss : (rss == 0 ? 1 : 0),
            effectiveDegreesOfFreedom: d.effectiveDegreesOfFreedom(alpha),
            rank: positive.count,
            conditionNumber: (s.first ?? .nan) / (s.last ?? .nan))
        return (result, residuals)
    }
}
