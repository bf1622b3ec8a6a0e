import LossKitData
import LossKitNumerics

/// The algorithm behind a least-squares fit, as the result records it
/// (`LinearRegressionResult.solver`, `TrainingSummary.solver`): the one that
/// actually ran.
///
/// To choose the algorithm, pass a `LinearRegression.Solver` to
/// `LinearRegression(solver:)`: `.automatic` (the default), `.extendedQR`,
/// `.householderQR` or `.cholesky`, the solvers that model runs, so no choice
/// fails at run time. `.streamingQR` and `.svd` are recorded by
/// `StreamingLeastSquares` and by ridge. A forced `.cholesky` that declines
/// records `.householderQR`.
///
/// | solver | what it does | accuracy promised |
/// |---|---|---|
/// | `.extendedQR` | centering, Householder QR with column pivoting and the solve, all in double-double (~32 digits) | the exact least-squares solution of the Double data, correctly rounded up to a few ulps, while `cond ≲ 1e15` |
/// | `.householderQR` | Double Householder QR with column pivoting of the centered design, then iterative refinement with double-double residuals | about `cond·ε` relative (`cond²·ε` for large-residual fits), where `cond` is the scaled design's condition number |
/// | `.cholesky` | Cholesky of the centered Gram matrix `X̃ᵀWX̃`, then refinement steps with double-double residuals | like `.householderQR` when `cond ≲ 1e5`; `.automatic` only uses it then |
/// | `.streamingQR` | TSQR: an R factor of `[1 X y]` updated block by block (`StreamingLeastSquares`) | like a Double QR: `cond·ε` |
/// | `.svd` | SVD of the centered design (ridge paths) | `cond·ε` for the regularized problem |
///
/// `LinearRegression.Solver.automatic` runs `.extendedQR` when
/// `n·p² ≤ 4·10⁶` (the double-double cost is then a few milliseconds),
/// otherwise `.cholesky` when `n ≥ 4p` and the Gram matrix' condition estimate
/// is below 1e5, otherwise `.householderQR`.
/// See docs/models.md ("Choosing a solver").
public enum LeastSquaresSolver: String, Sendable, Codable, CaseIterable {
    case automatic
    case extendedQR
    case householderQR
    case cholesky
    case streamingQR
    case svd
}
