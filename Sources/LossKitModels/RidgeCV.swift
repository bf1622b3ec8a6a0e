import LossKitData
import LossKitNumerics

/// Ridge with α chosen by exact, efficient leave-one-out cross-validation
/// (scikit-learn's `RidgeCV` with `cv=None`): no refitting per α per fold.
///
/// ```swift
/// let cv = try RidgeCV(alphas: [0.01, 0.1, 1, 10, 100]).fit(x, y)
/// cv.alpha, cv.curve          // chosen α; α → mean squared LOO error
/// try cv.model.predict(x)
/// cv.path                      // the fit at every α (as Ridge.path), no refactoring
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
/// Every α's fit is kept in `RidgeCVResult.path` (the same values as
/// `Ridge.path` on the same data), so a caller that wants the path does not
/// factor the data a second time.
/// - Complexity: O(n·p·min(n, p)) once, then O(n·min(n, p)) per α.
public struct RidgeCV: Sendable {
    public var alphas: [Double]
    public var fitIntercept: Bool

    /// Parameters are checked by `fit`. The default grid is
    /// `Ridge.defaultAlphaGrid` (10⁻³ … 10³ in quarter decades), the one grid
    /// LossKit uses everywhere (`losskit fit --cv`, the report); scikit-learn's
    /// `RidgeCV` default is `(0.1, 1, 10)` — pass that for parity.
    public init(alphas: [Double] = Ridge.defaultAlphaGrid, fitIntercept: Bool = true) {
        self.alphas = alphas
        self.fitIntercept = fitIntercept
    }

    /// - Throws: as `Ridge.fit`; `.tooFewValues` for an empty `alphas`,
    ///   `.invalidParameter` for a negative, NaN or infinite α.
    public func fit(features x: Matrix, targets y: [Double], weights sampleWeights: [Double]? = nil,
                    featureNames: [String]? = nil) throws -> RidgeCVResult {
        let (d, names) = try Ridge.prepare(alphas: alphas, x, y, sampleWeights, fitIntercept, featureNames)
        var scores: [Double] = [], path: [RidgeResult] = []
        for alpha in alphas {
            let (fit, r) = try Ridge.fitted(alpha: alpha, d, x, y, names)
            let h = d.leverages(alpha)
            let loo = (0..<r.count).map { i -> Double in
                let denominator = 1 - h[i]
                return denominator > 0 ? r[i] / denominator : .infinity
            }
            scores.append(d.design.weightedSumOfSquares(loo) / d.design.totalWeight)
            path.append(fit)
        }
        var best = 0
        for i in scores.indices where scores[i] < scores[best] { best = i }
        return RidgeCVResult(alphas: alphas, meanSquaredLeaveOneOutErrors: scores, path: path, chosenIndex: best)
    }
}
