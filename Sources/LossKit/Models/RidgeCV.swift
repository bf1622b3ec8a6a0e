/// Ridge with α chosen by exact, efficient leave-one-out cross-validation
/// (scikit-learn's `RidgeCV` with `cv=None`): no refitting per α per fold.
///
/// ```swift
/// let cv = try RidgeCV(alphas: [0.01, 0.1, 1, 10, 100]).fit(x, y)
/// cv.alpha, cv.curve          // chosen α; α → mean squared LOO error
/// try cv.model.predict(x)
/// ```
///
/// ## Detailed design
/// One SVD of the centered, √w-scaled design (`Ridge`) gives, for each α, the
/// fit and the diagonal of the hat matrix
/// `hᵢᵢ = wᵢ/Σw + Σₖ Uᵢₖ² sₖ²/(sₖ² + α)` (the first term is the unpenalized
/// intercept). The leave-one-out residual is exactly `eᵢ = rᵢ/(1 − hᵢᵢ)`, and
/// the score is `Σ wᵢeᵢ²/Σw` (the plain mean without weights, which is what
/// `cv_results_.mean(axis=0)` gives in scikit-learn; with weights
/// scikit-learn's stored values are `wᵢeᵢ²`, averaged over n). The α with the
/// smallest score wins (the first on ties, as `argmin`). A point with
/// leverage 1 makes its α's score +∞.
/// - Complexity: O(n·p·min(n, p)) once, then O(n·min(n, p)) per α.
public struct RidgeCV: Sendable {
    public var alphas: [Double]
    public var fitIntercept: Bool

    /// Parameters are checked by `fit`.
    public init(alphas: [Double] = [0.1, 1, 10], fitIntercept: Bool = true) {
        self.alphas = alphas
        self.fitIntercept = fitIntercept
    }

    /// - Throws: as `Ridge.fit`; `.tooFewValues` for an empty `alphas`,
    ///   `.invalidParameter` for a negative, NaN or infinite α.
    public func fit(_ x: Matrix, _ y: [Double], sampleWeights: [Double]? = nil,
                    featureNames: [String]? = nil) throws -> RidgeCVResult {
        let (d, names) = try Ridge.prepare(alphas: alphas, x, y, sampleWeights, fitIntercept, featureNames)
        var scores: [Double] = []
        for alpha in alphas {
            let beta = try d.coefficients(alpha)
            let b0 = fitIntercept ? d.design.intercept(for: beta).value : 0
            let r = try ExtendedPrecision.residuals(y: y, x: x, coefficients: beta, intercept: b0)
            let h = d.leverages(alpha)
            let loo = (0..<r.count).map { i -> Double in
                let denominator = 1 - h[i]
                return denominator > 0 ? r[i] / denominator : .infinity
            }
            scores.append(d.design.weightedSumOfSquares(loo) / d.design.totalWeight)
        }
        var best = 0
        for i in scores.indices where scores[i] < scores[best] { best = i }
        // The whole path from the one decomposition: nothing factors the data again.
        let path = try alphas.map { try Ridge.result(alpha: $0, d, x, y, names) }
        return RidgeCVResult(alphas: alphas, meanSquaredLeaveOneOutErrors: scores, model: path[best], path: path)
    }
}
