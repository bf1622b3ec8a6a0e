import Foundation
import LossKitNumerics

/// The primal trust-region Newton method (TRON: Lin, Weng & Keerthi, "Trust
/// region Newton method for large-scale logistic regression", JMLR 2008;
/// LIBLINEAR's `-s 11`) for the L2-loss linear SVR, whose objective
///
///     f(θ) = ½‖w‖² + [regularizeBias] ½v² + Σᵢ Cᵢ (|rᵢ| − ε)₊²,   rᵢ = yᵢ − xᵢ·w − B·v,  θ = (w, v)
///
/// is convex and continuously differentiable with a piecewise-constant
/// generalized Hessian `∇²f = R + 2·X̃_Iᵀ diag(C_I) X̃_I` (R = I, with a 0 for an
/// unpenalized bias; I the rows outside the tube, X̃ = [X | B]).
///
/// Each iteration solves `∇²f·s = −∇f` approximately by conjugate gradients
/// inside the trust region `‖s‖ ≤ Δ` (Steihaug: stop at the boundary, or on a
/// direction of zero curvature, or when `‖residual‖ ≤ 0.1‖∇f‖`), takes the
/// step if the actual decrease is at least 10⁻⁴ of the predicted one, and
/// resizes Δ from the agreement of the two (the rules of Lin & Moré 1999).
/// Each evaluation of f is one pass over the column-major X that also sums
/// the gradient (`LinearSVRProblem.lossPass`). With few unknowns (p + 1 ≤
/// `gramDimensionLimit`) the curvature part of the Hessian is kept as a
/// matrix (`LinearSVRGramHessian`, updated by the rows whose curvature
/// changed), so that CG steps cost O(p²) and CG solves to `10⁻⁶‖∇f‖` (a
/// nearly exact Newton step, fewer Newton steps, hence fewer passes); beyond,
/// a Hessian–vector product is one pass over the blocks of rows with
/// curvature and CG stops at `0.1‖∇f‖` as in LIBLINEAR.
///
/// Stopping rule (LIBLINEAR's): `‖∇f(θ)‖ ≤ tolerance·‖∇f(0)‖`, or a step
/// whose predicted and actual decrease are both `≤ 1e-12·|f|` (f is then
/// optimal to about 1e-12 relative; the gradient, whose size is `√(2λ(f − min f))`
/// for curvature λ, may still be above a very small tolerance).
struct LinearSVRTrustRegionNewton {
    let problem: LinearSVRProblem
    /// `B`, the bias feature's value (0: no intercept).
    let bias: Double
    let regularizeBias: Bool
    /// For the L1 loss: the Huber smoothing width μ of the excess `e = |r| − ε`
    /// (`ℓ_μ = e²/(2μ)` for `0 < e ≤ μ`, `e − μ/2` beyond; see
    /// `LinearSVRSmoothedNewton`). Ignored for the L2 loss.
    var smoothing: Double = 0
    /// How Hessian–vector products are formed: `.automatic` uses the Gram
    /// matrix (`LinearSVRGramHessian`) up to `gramDimensionLimit` unknowns, and
    /// passes over X beyond.
    var hessian: HessianForm = .automatic

    enum HessianForm { case automatic, gram, products }

    /// The most unknowns (p + 1) for which `.automatic` forms the Gram matrix.
    static let gramDimensionLimit = 128

    struct Result {
        var w: [Double]
        var v: Double
        var iterations: Int
        var converged: Bool
        /// f after each accepted step (entry 0: at θ = 0).
        var history: [Double]
        /// The final residuals and gradient (`w − Σβᵢxᵢ` in the first p entries).
        var residuals: [Double]
        var gradient: [Double]
    }

    private var dimension: Int { problem.features + 1 }

    /// Minimizes f from `start` (θ = 0 by default).
    /// - Parameters:
    ///   - referenceGradientNorm: the `‖∇f(0)‖` of the stopping rule (computed here by default).
    /// - Complexity: O(n·p) per function and gradient evaluation (one pass);
    ///   with the Gram matrix O(|rows whose curvature changed|·p²) per Newton
    ///   step (O(rows in the Hessian · p²) to build it) and O(p²) per CG step;
    ///   without it O(n·p) per CG step.
    func solve(tolerance: Double, maxIterations: Int, start: [Double]? = nil, referenceGradientNorm: Double? = nil,
               onIteration: ((Int, Double) -> Void)? = nil) -> Result {
        let p = problem.features
        var theta = start ?? [Double](repeating: 0, count: dimension)
        var state = evaluate(theta)
        var g = state.gradient
        var gnorm = norm(g)
        // Few features: the Hessian as a matrix, CG steps O(p²), solved tightly.
        let useGram = hessian == .gram || (hessian == .automatic && dimension <= Self.gramDimensionLimit)
        let gram = useGram ? LinearSVRGramHessian(problem: problem, bias: bias) : nil
        let forcing = gram == nil ? 0.1 : 1e-6
        let g0 = referenceGradientNorm ?? (start == nil ? gnorm : norm(evaluate(theta.map { _ in 0 }).gradient))
        var history = [state.value]
        guard g0 > 0 else {
            return Result(w: Array(theta[0..<p]), v: theta[p], iterations: 0, converged: true, history: history,
                          residuals: state.residuals, gradient: g)
        }
        var delta = gnorm
        var iterations = 0
        var converged = gnorm <= tolerance * g0
        let eta0 = 1e-4, eta1 = 0.25, eta2 = 0.75
        let sigma1 = 0.25, sigma2 = 0.5, sigma3 = 4.0
        var first = true

        while !converged && iterations < maxIterations {
            gram?.update(to: state.curvatures)
            let (s, r) = conjugateGradient(g, state, radius: delta, gram: gram, forcing: forcing)
            var trial = theta
            for k in trial.indices { trial[k] += s[k] }
            let gs = dot(g, s)
            // The model's decrease: −(gᵀs + ½sᵀHs), with Hs = −g − r.
            let predicted = -0.5 * (gs - dot(s, r))
            let trialState = evaluate(trial)
            let actual = state.value - trialState.value
            let snorm = norm(s)
            if first { delta = min(delta, snorm); first = false }
            // Step length that minimizes the quadratic through f, gᵀs and f(θ + s).
            let curvature = trialState.value - state.value - gs
            let alpha = curvature <= 0 ? sigma3 : max(sigma1, -0.5 * (gs / curvature))
            if actual < eta0 * predicted {
                delta = min(max(alpha, sigma1) * snorm, sigma2 * delta)
            } else if actual < eta1 * predicted {
                delta = max(sigma1 * delta, min(alpha * snorm, sigma2 * delta))
            } else if actual < eta2 * predicted {
                delta = max(sigma1 * delta, min(alpha * snorm, sigma3 * delta))
            } else {
                delta = max(delta, min(alpha * snorm, sigma3 * delta))
            }
            if actual > eta0 * predicted {
                iterations += 1
                theta = trial
                state = trialState
                g = state.gradient
                gnorm = norm(g)
                history.append(state.value)
                onIteration?(iterations, gnorm / g0)
                if gnorm <= tolerance * g0 { converged = true; break }
            }
            // No decrease predicted or achieved, or both below rounding: θ cannot improve.
            if actual <= 0 && predicted <= 0 { break }
            // A Newton step that predicts and achieves at most 1e-12·|f|: f is
            // optimal to about that (the model is exact once the active rows
            // settle, and CG's step gains at least half of f − min f).
            if abs(actual) <= 1e-12 * abs(state.value) && abs(predicted) <= 1e-12 * abs(state.value) {
                converged = true
                break
            }
            if delta == 0 || !delta.isFinite { break }
        }
        return Result(w: Array(theta[0..<p]), v: theta[p], iterations: iterations, converged: converged, history: history,
                      residuals: state.residuals, gradient: g)
    }

    // MARK: - f, ∇f, ∇²f·s

    /// f at θ, with what the gradient and the Hessian need, from one pass
    /// over X (`LinearSVRProblem.lossPass`): each row's slope
    /// (`∇f = Rθ − Σ slopeᵢ·x̃ᵢ`, summed in the same pass) and curvature
    /// (`∇²f = R + Σ curvatureᵢ·x̃ᵢx̃ᵢᵀ`): for the L2 loss the rows outside
    /// the tube, slope `2Cᵢ sign(rᵢ)(|rᵢ| − ε)`, curvature `2Cᵢ`; for the
    /// smoothed L1 loss slope `Cᵢ sign(rᵢ) min(e/μ, 1)` on the rows outside
    /// the tube and curvature `Cᵢ/μ` on those with `0 < e ≤ μ`.
    struct State {
        var value: Double
        var residuals: [Double]
        /// Per row, 0 where none.
        var curvatures: [Double]
        var gradient: [Double]
    }

    func evaluate(_ theta: [Double]) -> State {
        let p = problem.features
        let pass = problem.lossPass(w: Array(theta[0..<p]), v: theta[p], bias: bias, offset: 0, smoothing: smoothing,
                                    derivatives: true)
        var penalty = 0.0
        for k in 0..<p { penalty += theta[k] * theta[k] }
        if regularizeBias { penalty += theta[p] * theta[p] }
        var g = pass.slopeSum
        for k in 0...p { g[k] = -g[k] }
        for k in 0..<p { g[k] += theta[k] }
        if regularizeBias { g[p] += theta[p] }
        return State(value: 0.5 * penalty + pass.loss, residuals: pass.residuals, curvatures: pass.curvatures, gradient: g)
    }

    /// `∇f = Rθ − Σ slopeᵢ·x̃ᵢ` (computed by `evaluate`).
    func gradient(_ theta: [Double], _ state: State) -> [Double] { state.gradient }

    /// `∇²f·s = Rs + Σ curvatureᵢ (x̃ᵢ·s) x̃ᵢ`: from the Gram matrix when there
    /// is one, else one pass over X.
    func hessianTimes(_ s: [Double], _ state: State, gram: LinearSVRGramHessian?) -> [Double] {
        let p = problem.features
        var hs = gram?.times(s) ?? problem.curvatureTimes(s, curvatures: state.curvatures, bias: bias)
        for k in 0..<p { hs[k] += s[k] }
        if regularizeBias { hs[p] += s[p] }
        return hs
    }

    /// Steihaug's truncated conjugate gradients for `∇²f·s = −g`, `‖s‖ ≤ radius`.
    /// Returns s and the residual `r = −g − ∇²f·s`.
    private func conjugateGradient(_ g: [Double], _ state: State, radius: Double, gram: LinearSVRGramHessian?,
                                   forcing: Double) -> ([Double], [Double]) {
        let m = dimension
        var s = [Double](repeating: 0, count: m)
        var r = g.map { -$0 }
        var d = r
        var rr = dot(r, r)
        let stop = forcing * norm(g)
        var steps = 0
        while rr.squareRoot() > stop && steps < 10 * m + 10 {
            steps += 1
            let hd = hessianTimes(d, state, gram: gram)
            let dhd = dot(d, hd)
            var alpha = dhd > 0 ? rr / dhd : .infinity
            var next = s
            if alpha.isFinite { for k in 0..<m { next[k] += alpha * d[k] } }
            if !alpha.isFinite || norm(next) > radius {
                // Go to the boundary along d: the τ ≥ 0 with ‖s + τd‖ = radius.
                let sd = dot(s, d), ss = dot(s, s), dd = dot(d, d)
                guard dd > 0 else { break }
                let room = max(0, radius * radius - ss)
                let root = (sd * sd + dd * room).squareRoot()
                alpha = sd >= 0 ? room / (sd + root) : (root - sd) / dd
                if !alpha.isFinite { alpha = 0 }
                for k in 0..<m {
                    s[k] += alpha * d[k]
                    r[k] -= alpha * hd[k]
                }
                break
            }
            s = next
            for k in 0..<m { r[k] -= alpha * hd[k] }
            let rrNew = dot(r, r)
            let beta = rrNew / rr
            for k in 0..<m { d[k] = r[k] + beta * d[k] }
            rr = rrNew
        }
        return (s, r)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for k in a.indices { sum += a[k] * b[k] }
        return sum
    }

    private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
