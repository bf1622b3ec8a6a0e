import LossKitData
import LossKitNumerics

/// The fast path for big, dense, well-conditioned problems (`n ≫ p`):
/// Cholesky factorization of the centered, equilibrated Gram matrix
/// `D X̃ᵀWX̃ D` (`Matrix.gram()`, the vectorized multi-core kernel), then
/// iterative refinement with double-double residuals computed from the
/// original X and y.
///
/// Forming `XᵀX` squares the condition number, and centering the Gram
/// matrix by the rank-one update `XᵀWX − Σw·x̄x̄ᵀ` cancels digits when the
/// columns' means dwarf their spread. Both only slow the refinement down as
/// long as `cond(X̃)² · ε ≪ 1`; refinement with exact residuals then converges
/// to the solution that QR would give. So this solver **declines** (returns
/// nil, and the caller uses `RefinedQRLeastSquares`) when the Cholesky
/// factorization fails, a column is constant, or the estimated condition
/// number of the scaled design exceeds `maximumCondition` (1e5, i.e.
/// `cond(Gram) ≤ 1e10`). When a column's mean dominates its spread
/// (`Σw·x̄ⱼ² > 0.99·(XᵀWX)ⱼⱼ`) the Gram matrix is formed from a centered copy.
///
/// Accuracy: like `RefinedQRLeastSquares` (about `cond·ε`) for the
/// coefficients; the standard errors come from the Gram inverse, accurate to
/// about `cond²·ε ≤ 1e-6` relative at the acceptance limit.
/// - Complexity: `n·p²` flops for the Gram matrix, `p³/3` for Cholesky and
///   `p³` for the inverse, O(n·p) per refinement step; O(p²) extra memory
///   (O(n·p) with weights or a centered copy).
enum NormalEquationsLeastSquares {
    static let maximumCondition = 1e5

    static func solve(x: Matrix, y: [Double], weights: [Double]?, fitIntercept: Bool) throws -> LeastSquaresSolution? {
        try prepare(x: x, weights: weights, fitIntercept: fitIntercept).map { try $0(y) }
    }

    /// Forms and factors the Gram matrix once (nil when this solver declines);
    /// the returned function fits one target.
    static func prepare(x: Matrix, weights: [Double]?, fitIntercept: Bool) throws -> (([Double]) throws -> LeastSquaresSolution)? {
        let n = x.rows, p = x.columns
        guard p > 0 else { return nil }
        let shared = CenteredDesign(x: x, weights: weights, fitIntercept: fitIntercept)
        let design = shared
        let w = design.totalWeight

        var g = (weights == nil ? x : design.scaledCentered(x, centered: false)).gram()
        if fitIntercept {
            let dominated = (0..<p).contains { j in
                w * design.means[j] * design.means[j] > 0.99 * g[row: j, column: j]
            }
            if dominated {
                g = design.scaledCentered(x).gram()
            } else {
                for j in 0..<p {
                    for i in 0..<p { g[row: i, column: j] -= w * design.means[i] * design.means[j] }
                }
            }
        }
        // Equilibrate: Gs = D G D with unit diagonal.
        var d = [Double](repeating: 1, count: p)
        for j in 0..<p {
            let gjj = g[row: j, column: j]
            // A (numerically) constant column: leave it to the rank-revealing QR.
            guard gjj > 0, gjj.isFinite else { return nil }
            d[j] = 1 / gjj.squareRoot()
        }
        var gs = g
        for j in 0..<p { for i in 0..<p { gs[row: i, column: j] = g[row: i, column: j] * d[i] * d[j] } }
        guard let cholesky = try? Cholesky(gs) else { return nil }
        let condition = try estimateCondition(gs, cholesky)
        guard condition.squareRoot() <= maximumCondition else { return nil }

        // δ = D Gs⁻¹ D g for a gradient g = X̃ᵀW v.
        func solveGradient(_ g: [Double]) throws -> [Double] {
            var z = try cholesky.solve((0..<p).map { g[$0] * d[$0] })
            for j in 0..<p { z[j] *= d[j] }
            return z
        }
        // Variances: diag(Gc⁻¹) = D diag(Gs⁻¹) D; Var(b₀)/σ² = 1/Σw + (Dx̄)ᵀGs⁻¹(Dx̄).
        let inverse = try cholesky.inverse()
        var variances = (0..<p).map { inverse[row: $0, column: $0] * d[$0] * d[$0] }
        if fitIntercept {
            let dm = (0..<p).map { design.means[$0] * d[$0] }
            var q = 0.0
            for j in 0..<p {
                var s = 0.0
                for i in 0..<p { s += inverse[row: i, column: j] * dm[i] }
                q += s * dm[j]
            }
            variances.insert(1 / w + q, at: 0)
        }
        return { y in
            let design = shared.withTarget(y)
            // Initial solve: g = Xᵀ W (y − ȳ) (the centering term vanishes as Σw(y − ȳ) = 0).
            var v = y
            for i in 0..<n { v[i] = (y[i] - design.yMean) * (design.sqrtWeights.map { $0[i] * $0[i] } ?? 1) }
            let initial = try solveGradient(x.transposeTimes(v))
            let refined = try IterativeRefinement.refine(
                x: x, y: y, design: design, beta: initial, fitIntercept: fitIntercept,
                columnScale: d.map { 1 / $0 }, contraction: 10 * Double.ulpOfOne * condition,
                correction: .seminormal(solveGradient))
            return LeastSquaresSolution(
                intercept: refined.intercept, coefficients: refined.beta.map(DoubleDouble.init),
                unscaledVariances: variances, covarianceFactor: nil,
                rank: p + (fitIntercept ? 1 : 0),
                residualSumOfSquares: refined.residualSumOfSquares,
                totalSumOfSquares: design.totalSumOfSquares(y), totalWeight: w,
                conditionNumber: condition.squareRoot(),
                deficientColumns: [], constantColumns: [],
                solver: .cholesky, refinementSteps: refined.steps)
        }
    }

    /// `λ_max/λ_min` of the SPD `gs`: 12 power iterations for λ_max and 12
    /// inverse iterations (Cholesky solves) for λ_min, from a fixed start.
    /// An estimate, within a small factor for well-separated extreme eigenvalues.
    static func estimateCondition(_ gs: Matrix, _ cholesky: Cholesky) throws -> Double {
        let p = gs.rows
        func normalized(_ v: [Double]) -> [Double] {
            let s = Summation.scaledNorm(count: v.count) { v[$0] }
            return s > 0 ? v.map { $0 / s } : v
        }
        let start = normalized((0..<p).map { 1 + Double($0 % 7) / 10 })
        var v = start
        var lambdaMax = 0.0
        for _ in 0..<12 {
            let gv = try gs.times(v)
            lambdaMax = Summation.scaledNorm(count: p) { gv[$0] }
            v = normalized(gv)
        }
        v = start
        var inverseMax = 0.0
        for _ in 0..<12 {
            let s = try cholesky.solve(v)
            inverseMax = Summation.scaledNorm(count: p) { s[$0] }
            v = normalized(s)
        }
        return lambdaMax * inverseMax
    }
}
