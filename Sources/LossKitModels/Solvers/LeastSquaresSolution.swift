import LossKitData
import LossKitNumerics

/// What every internal least-squares solver hands to the public model types.
struct LeastSquaresSolution: Sendable {
    /// Intercept (when fitted), in extended precision.
    var intercept: DoubleDouble?
    /// Slopes, one per design column, in the caller's column order.
    var coefficients: [DoubleDouble]
    /// Diagonal of `(X̃ᵀWX̃)⁺` for `[intercept?, coefficients…]`: the variances
    /// divided by `σ²`.
    var unscaledVariances: [Double]
    /// `L` with `(X̃ᵀWX̃)⁺ = L Lᵀ` for `[intercept?, coefficients…]` (row per
    /// parameter), when the solver provides it in double-double (the QR solvers
    /// do; the polynomial model maps it to raw powers).
    var covarianceFactor: [[DoubleDouble]]?
    /// Numerical rank of the design, intercept included.
    var rank: Int
    /// `Σ wᵢ rᵢ²`.
    var residualSumOfSquares: Double
    /// `Σ wᵢ (yᵢ − ȳ)²` with an intercept, `Σ wᵢ yᵢ²` without.
    var totalSumOfSquares: Double
    /// `Σ wᵢ` (n without weights).
    var totalWeight: Double
    /// Condition number of the centered, column-scaled design (see `TrainingSummary`).
    var conditionNumber: Double
    /// Design columns (0-based, caller order) beyond the numerical rank.
    var deficientColumns: [Int]
    /// Columns that are constant (zero after centering).
    var constantColumns: [Int]
    /// Which algorithm produced the solution.
    var solver: LeastSquaresSolver
    /// Refinement steps applied; negative when refinement stopped unconverged.
    var refinementSteps: Int
    /// The powers of two the problem was solved in (`Equilibration`): every
    /// field above is in the scaled units; `FitInference` unscales exactly.
    var scaling: Equilibration? = nil

    /// The covariance factor of `[b₀, β]` from the slopes' pseudo-inverse `K`
    /// (`p × rank`, `(X̃ᵀWX̃)⁺ = KKᵀ` for the centered design): `b₀ = ȳ − x̄ᵀβ`
    /// with `ȳ` uncorrelated with `β` (the centered columns are orthogonal to
    /// `√w`) and `Var(ȳ) ∝ 1/Σw`.
    static func parameterFactor(slopeFactor k: [[DoubleDouble]], means: [DoubleDouble]?, totalWeight: DoubleDouble) -> [[DoubleDouble]] {
        guard let means else { return k }
        let width = k.first?.count ?? 0
        var row0 = [DoubleDouble.one.divided(by: totalWeight.squareRoot())]
        for l in 0..<width {
            var s = DoubleDouble.zero
            for j in 0..<means.count { s += means[j] * k[j][l] }
            row0.append(-s)
        }
        return [row0] + k.map { [DoubleDouble.zero] + $0 }
    }

    /// Row sums of squares of a factor: the diagonal of `L Lᵀ`.
    static func diagonal(of factor: [[DoubleDouble]]) -> [Double] {
        factor.map { row in
            var s = DoubleDouble.zero
            for v in row { s += v * v }
            return s.value
        }
    }
}
