/// The outcome of `RidgeCV`: the LOO curve and the ridge model refitted (from
/// the same SVD) at the chosen α.
public struct RidgeCVResult: Sendable, Equatable {
    public var alphas: [Double]
    /// `Σ wᵢeᵢ²/Σw` of the leave-one-out residuals, one per α.
    public var meanSquaredLeaveOneOutErrors: [Double]
    /// The ridge fit at the α with the smallest LOO error.
    public var model: RidgeResult
    /// The ridge fit at every α of `alphas`, in that order, from the same
    /// decomposition (`path[k]` is what `Ridge(alpha: alphas[k]).fit` gives).
    public var path: [RidgeResult]
    /// The chosen α.
    public var alpha: Double { model.alpha }
    /// `(alpha, mean squared LOO error)` pairs, in the order of `alphas`.
    public var curve: [(alpha: Double, error: Double)] {
        zip(alphas, meanSquaredLeaveOneOutErrors).map { ($0, $1) }
    }
}
