/// How the per-output scores of a multi-output metric are combined into one
/// number (scikit-learn's `multioutput` argument; its `'raw_values'` is
/// `MultiOutputScores.rawValues`).
public enum MultiOutputAveraging: Sendable, Hashable {
    /// The plain mean of the per-output scores (`'uniform_average'`, the default).
    case uniformAverage
    /// The mean weighted by each output's target variance
    /// `Σᵢ wᵢ·(yᵢⱼ − ȳⱼ)²` (`'variance_weighted'`); R² and explained variance
    /// only. When every output has zero variance it falls back to the uniform mean.
    case varianceWeighted
    /// `Σⱼ vⱼ·scoreⱼ / Σⱼ vⱼ` with the given output weights (an array-like
    /// `multioutput` in scikit-learn): one finite, non-negative weight per output,
    /// not all zero.
    case outputWeights([Double])
}
