import LossKitData
import LossKitNumerics

/// Where a `RobustLinearRegression` fit is, passed to the `progress` handler
/// of `fit(x:y:progress:)` after each reweighting step and each vertex pivot.
public struct RobustFitProgress: Sendable, Equatable {
    /// The part of the algorithm that made this report.
    public enum Phase: String, Sendable, Equatable {
        /// An iteratively reweighted least-squares step finished.
        case reweighting
        /// A pivot of the exact L1/quantile vertex search finished.
        case vertexSearch
    }

    public let phase: Phase
    /// Reweighting steps taken so far (`RobustFit.iterations` at the end).
    public let iterations: Int
    /// Vertex pivots taken so far (`RobustFit.vertexPivots` at the end).
    public let vertexPivots: Int
    /// The mean loss after the last reweighting step or accepted vertex (the
    /// last entry of what becomes `RobustFit.lossHistory`).
    public let meanLoss: Double

    public init(phase: Phase, iterations: Int, vertexPivots: Int, meanLoss: Double) {
        self.phase = phase
        self.iterations = iterations
        self.vertexPivots = vertexPivots
        self.meanLoss = meanLoss
    }
}
