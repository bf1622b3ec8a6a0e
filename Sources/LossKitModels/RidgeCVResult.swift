import LossKitData
import LossKitNumerics

/// The outcome of `RidgeCV`: the LOO curve, the ridge fit at every α of the
/// grid (all from the one SVD), and the chosen model.
public struct RidgeCVResult: Sendable, Equatable {
    public var alphas: [Double]
    /// `Σ wᵢeᵢ²/Σw` of the leave-one-out residuals, one per α.
    public var meanSquaredLeaveOneOutErrors: [Double]
    /// The ridge fit at every α of `alphas`, in that order: what
    /// `Ridge.path(alphas:…)` returns for the same data, without a second
    /// factorization.
    public var path: [RidgeResult]
    /// The ridge fit at the α with the smallest LOO error (the first on ties).
    public var model: RidgeResult

    /// - Parameters:
    ///   - path: one fit per α, in the order of `alphas`.
    ///   - chosenIndex: the index into `path` of the chosen model.
    init(alphas: [Double], meanSquaredLeaveOneOutErrors: [Double], path: [RidgeResult], chosenIndex: Int) {
        self.alphas = alphas
        self.meanSquaredLeaveOneOutErrors = meanSquaredLeaveOneOutErrors
        self.path = path
        model = path[chosenIndex]
    }

    /// The chosen α.
    public var alpha: Double { model.alpha }
    /// `(alpha, mean squared LOO error)` pairs, in the order of `alphas`.
    public var curve: [(alpha: Double, error: Double)] {
        zip(alphas, meanSquaredLeaveOneOutErrors).map { ($0, $1) }
    }
}
