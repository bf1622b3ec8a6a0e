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
/// A Hessian–vector product is one pass over the active rows (each row's dot
/// product and update together, while the row is in cache), split over the
/// cores when the problem is large.
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
    /// - Complexity: O(n·p) per function/gradient evaluation; O(rows in the
    ///   Hessian · p) per CG step.
    func solve(tolerance: Double, maxIterations: Int, start: [Double]? = nil, referenceGradientNorm: Double? = nil,
               onIteration: ((Int, Double) -> Void)? = nil) -> Result {
        let p = problem.features
        var theta = start ?? [Double](repeating: 0, count: dimension)
        var state = evaluate(theta)
        var g = gradient(theta, state)
        var gnorm = norm(g)
        let g0 = referenceGradientNorm ?? (start == nil ? gnorm : norm(gradient(theta.map { _ in 0 }, evaluate(theta.map { _ in 0 }))))
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
            let (s, r) = conjugateGradient(g, state, radius: delta)
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
                g = gradient(theta, state)
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

    /// f at θ, with what the gradient and the Hessian need: the rows whose
    /// loss has a slope (`∇f = Rθ − Σ slopeᵢ·x̃ᵢ`) and the rows whose loss has
    /// curvature (`∇²f = R + Σ curvatureᵢ·x̃ᵢx̃ᵢᵀ`): for the L2 loss the same
    /// rows (outside the tube), slope `2Cᵢ sign(rᵢ)(|rᵢ| − ε)`, curvature `2Cᵢ`;
    /// for the smoothed L1 loss slope `Cᵢ sign(rᵢ) min(e/μ, 1)` on the rows
    /// outside the tube and curvature `Cᵢ/μ` on those with `0 < e ≤ μ`.
    struct State {
        var value: Double
        var residuals: [Double]
        var slopeRows: [Int32]
        var slopes: [Double]
        var active: [Int32]
        var curvatures: [Double]
    }

    func evaluate(_ theta: [Double]) -> State {
        let p = problem.features
        let r = problem.residuals(w: Array(theta[0..<p]), v: theta[p], bias: bias, offset: 0)
        var slopeRows: [Int32] = [], slopes: [Double] = []
        var active: [Int32] = [], curvatures: [Double] = []
        let eps = problem.epsilon, mu = smoothing
        let l2 = problem.loss == .squaredEpsilonInsensitive
        var loss = CompensatedAccumulator()
        for i in r.indices {
            let e = abs(r[i]) - eps
            guard e > 0 else { continue }
            let cost = problem.cost[i]
            let sign = r[i] > 0 ? 1.0 : -1.0
            slopeRows.append(Int32(i))
            if l2 {
                slopes.append(2 * cost * e * sign)
                active.append(Int32(i))
                curvatures.append(2 * cost)
                loss.add(cost * e * e)
            } else if e <= mu {
                slopes.append(cost * (e / mu) * sign)
                active.append(Int32(i))
                curvatures.append(cost / mu)
                loss.add(cost * e * e / (2 * mu))
            } else {
                slopes.append(cost * sign)
                loss.add(cost * (e - 0.5 * mu))
            }
        }
        var penalty = 0.0
        for k in 0..<p { penalty += theta[k] * theta[k] }
        if regularizeBias { penalty += theta[p] * theta[p] }
        return State(value: 0.5 * penalty + loss.value, residuals: r, slopeRows: slopeRows, slopes: slopes,
                     active: active, curvatures: curvatures)
    }

    /// `∇f = Rθ − Σ slopeᵢ·x̃ᵢ`.
    func gradient(_ theta: [Double], _ state: State) -> [Double] {
        let p = problem.features
        var g = rowSum(rows: state.slopeRows, weights: state.slopes, direction: nil)
        for k in 0...p { g[k] = -g[k] }
        for k in 0..<p { g[k] += theta[k] }
        if regularizeBias { g[p] += theta[p] }
        return g
    }

    /// `∇²f·s = Rs + Σ curvatureᵢ (x̃ᵢ·s) x̃ᵢ`.
    func hessianTimes(_ s: [Double], _ state: State) -> [Double] {
        let p = problem.features
        var hs = rowSum(rows: state.active, weights: state.curvatures, direction: s)
        for k in 0..<p { hs[k] += s[k] }
        if regularizeBias { hs[p] += s[p] }
        return hs
    }

    /// `Σₖ aₖ·x̃ᵢₖ` over the listed rows, with `aₖ = weightₖ` or, given a
    /// direction s, `aₖ = weightₖ·(x̃ᵢₖ·s)` (each row's dot product and update
    /// together, while the row is in cache); over both cores for large problems.
    private func rowSum(rows: [Int32], weights: [Double], direction: [Double]?) -> [Double] {
        let p = problem.features
        let count = rows.count
        let parts = count * max(p, 1) >= 400_000 ? min(2, ProcessInfo.processInfo.activeProcessorCount) : 1
        var partial = [Double](repeating: 0, count: parts * (p + 1))
        let s = direction ?? []
        problem.x.withUnsafeBufferPointer { xb in
            weights.withUnsafeBufferPointer { cb in
                rows.withUnsafeBufferPointer { ab in
                    s.withUnsafeBufferPointer { sb in
                        partial.withUnsafeMutableBufferPointer { ob in
                            let pass = HessianPass(x: xb.baseAddress, curvature: cb.baseAddress, active: ab.baseAddress,
                                                   s: direction == nil ? nil : sb.baseAddress, out: ob.baseAddress!,
                                                   features: p, bias: bias, count: count, parts: parts)
                            if parts == 1 {
                                pass.run(part: 0)
                            } else {
                                DispatchQueue.concurrentPerform(iterations: parts) { pass.run(part: $0) }
                            }
                        }
                    }
                }
            }
        }
        var sum = Array(partial[0...p])
        for part in 1..<parts { for k in 0...p { sum[k] += partial[part * (p + 1) + k] } }
        return sum
    }

    /// One part of `rowSum`: rows `active[lo..<hi]` into its own slice of `out`.
    private struct HessianPass: @unchecked Sendable {
        let x: UnsafePointer<Double>?
        let curvature: UnsafePointer<Double>?
        let active: UnsafePointer<Int32>?
        let s: UnsafePointer<Double>?
        let out: UnsafeMutablePointer<Double>
        let features: Int, bias: Double, count: Int, parts: Int

        func run(part: Int) {
            let p = features
            let lo = count * part / parts, hi = count * (part + 1) / parts
            let target = out + part * (p + 1)
            var biasSum = 0.0
            for k in lo..<hi {
                let i = Int(active![k])
                var a = curvature![k]
                if let s {
                    var t = s[p] * bias
                    if p > 0 { t += LinearSVRKernels.dot(x! + i * p, s, p) }
                    a *= t
                }
                if p > 0 { LinearSVRKernels.axpy(a, x! + i * p, target, p) }
                biasSum += a
            }
            target[p] = biasSum * bias
        }
    }

    /// Steihaug's truncated conjugate gradients for `∇²f·s = −g`, `‖s‖ ≤ radius`.
    /// Returns s and the residual `r = −g − ∇²f·s`.
    private func conjugateGradient(_ g: [Double], _ state: State, radius: Double) -> ([Double], [Double]) {
        let m = dimension
        var s = [Double](repeating: 0, count: m)
        var r = g.map { -$0 }
        var d = r
        var rr = dot(r, r)
        let stop = 0.1 * norm(g)
        var steps = 0
        while rr.squareRoot() > stop && steps < 10 * m + 10 {
            steps += 1
            let hd = hessianTimes(d, state)
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
