import LossKitNumerics

/// The L1-loss linear SVR by Newton's method on a smoothed primal, with a
/// certificate: for data with many more rows than features, where the dual
/// coordinate descent needs thousands of epochs (every row's `βᵢ` must travel
/// to ±Cᵢ in steps of about `|rᵢ|/‖xᵢ‖²`).
///
/// Smoothing the ε-insensitive loss by Huber's rule on the excess
/// `e = |r| − ε`, `ℓ_μ(r) = e²/(2μ)` for `0 < e ≤ μ` and `e − μ/2` beyond, is
/// the same as adding `μ/(2Cᵢ)·βᵢ²` to the dual: the smoothed problem is an
/// L2-regularized problem with a continuous gradient and a piecewise-constant
/// Hessian that only the rows within μ of the tube's edge enter, which the
/// trust-region Newton method (`LinearSVRTrustRegionNewton`) solves in a few
/// steps. Its slopes `βᵢ = Cᵢ·sign(rᵢ)·min(e/μ, 1)` are a feasible point of
/// the exact dual (`|βᵢ| ≤ Cᵢ`), so
///
///     P(w) − D(β) ≥ P(w) − P* ≥ 0
///
/// bounds how far the primal objective is from the optimum. μ starts at the
/// mean absolute deviation of y from its weighted mean and shrinks ×10 per
/// stage (each warm-started from the last) until the relative duality gap
/// `(P − D)/|P| ≤ tolerance` — the stopping rule of this solver — or the
/// Newton steps run out. The intercept, when not penalized, is a free
/// variable of the primal; D is then evaluated at the fitted b (exact when
/// `Σβᵢ = 0`, which the smoothed optimum satisfies).
struct LinearSVRSmoothedNewton {
    let problem: LinearSVRProblem
    let bias: Double
    let regularizeBias: Bool

    struct Result {
        var w: [Double]
        var v: Double
        var dual: [Double]
        /// P and D at the returned point.
        var primalObjective: Double
        var dualObjective: Double
        var iterations: Int
        var stages: Int
        var converged: Bool
        var history: [Double]
    }

    func solve(tolerance: Double, maxIterations: Int, onIteration: ((Int, Double) -> Void)? = nil) -> Result {
        let n = problem.rows, p = problem.features
        let totalCost = Summation.compensatedSum(count: n) { problem.cost[$0] }
        let center = Summation.compensatedSum(count: n) { problem.cost[$0] * problem.y[$0] } / totalCost
        let spread = Summation.compensatedSum(count: n) { problem.cost[$0] * abs(problem.y[$0] - center) } / totalCost
        var mu = max(spread, Double.leastNormalMagnitude)
        var theta = [Double](repeating: 0, count: p + 1)
        var newton = LinearSVRTrustRegionNewton(problem: problem, bias: bias, regularizeBias: regularizeBias, smoothing: mu)
        let reference = { () -> Double in
            let g = newton.gradient(theta, newton.evaluate(theta))
            return g.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }()
        var iterations = 0, stages = 0
        var history: [Double] = []
        var converged = false
        // The stage with the smallest relative gap so far (it is not monotone:
        // once μ is below the rounding of the residuals, rows on the tube's
        // edge get slopes ±Cᵢ from the sign of rounding errors).
        var best: (theta: [Double], dual: [Double], gap: Double, primal: Double, lower: Double)?
        var worseStages = 0
        let floor = 1e-15 * max(spread, abs(center))
        while iterations < maxIterations {
            stages += 1
            newton.smoothing = mu
            // Each stage to a gradient accuracy well below the gap it is after.
            let stage = newton.solve(tolerance: max(tolerance, 1e-12) * 1e-2, maxIterations: maxIterations - iterations,
                                     start: theta, referenceGradientNorm: reference) { step, ratio in
                onIteration?(iterations + step, ratio)
            }
            iterations += stage.iterations
            theta = stage.w + [stage.v]
            history += stage.history.dropFirst()
            // The slopes βᵢ = Cᵢ sign(rᵢ) min(e/μ, 1), and Σβᵢxᵢ = w − ∇_w f from the gradient.
            var dual = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let r = stage.residuals[i]
                let e = abs(r) - problem.epsilon
                if e > 0 { dual[i] = problem.cost[i] * min(e / mu, 1) * (r > 0 ? 1 : -1) }
            }
            let weightedSum = (0..<p).map { stage.w[$0] - stage.gradient[$0] }
            let primal = problem.primalObjective(w: stage.w, v: stage.v, residuals: stage.residuals, regularizeBias: regularizeBias)
            let lower = problem.dualObjective(beta: dual, weightedSum: weightedSum, intercept: bias * stage.v,
                                              penalizedBias: regularizeBias && bias > 0 ? bias : nil)
            let gap = (primal - lower) / max(abs(primal), .leastNormalMagnitude)
            if gap < best?.gap ?? .infinity {
                best = (theta, dual, gap, primal, lower)
                worseStages = 0
            } else {
                worseStages += 1
            }
            if gap <= tolerance {
                converged = true
                break
            }
            if worseStages >= 2 || mu < floor { break }
            if !stage.converged && iterations >= maxIterations { break }
            mu *= 0.1
        }
        let chosen = best ?? (theta, [Double](repeating: 0, count: n), .infinity, .nan, .nan)
        let (finalTheta, dual) = (chosen.theta, chosen.dual)
        return Result(w: Array(finalTheta[0..<p]), v: finalTheta[p], dual: dual,
                      primalObjective: chosen.primal, dualObjective: chosen.lower, iterations: iterations, stages: stages,
                      converged: converged, history: history)
    }
}
