/// Nesterov's accelerated gradient method:
///
///     x_{k+1} = y_k − ∇f(y_k)/L
///     y_{k+1} = x_{k+1} + β_k (x_{k+1} − x_k)
///
/// with the standard momentum sequence t₁ = 1, t_{k+1} = (1 + √(1 + 4t_k²))/2,
/// β_k = (t_k − 1)/t_{k+1} (O(1/k²) on convex f), or, when a strong-convexity
/// constant μ > 0 is given, the constant β = (√κ − 1)/(√κ + 1), κ = L/μ.
///
/// ```swift
/// let nag = try NesterovAcceleratedGradient(.fixed(lipschitz: 100, strongConvexity: 1)).minimize(f, from: x0)
/// let auto = try NesterovAcceleratedGradient().minimize(f, from: x0)   // restart + backtracking
/// ```
///
/// **Variants.**
/// - `.fixed(lipschitz:strongConvexity:)`: step 1/L. On a quadratic with
///   eigenvalues in [μ, L] the constant-momentum method contracts the error by
///   1 − 1/√κ per iteration (−log rate ≈ 1/√κ, half the −log of the lower
///   bound (√κ − 1)/(√κ + 1) ≈ 1 − 2/√κ, and √κ times faster than gradient
///   descent's 1 − 1/κ at the same step).
/// - `.restarting(initialLipschitz:)`: no constants needed. L is estimated
///   by backtracking (Beck and Teboulle: double L until
///   f(x⁺) ≤ f(y) − ‖∇f(y)‖²/(2L); each iteration first tries 0.9·L), and
///   the momentum restarts (t ← 1) when the objective rises or
///   ∇f(y)ᵀ(x_{k+1} − x_k) > 0 (O'Donoghue and Candès' adaptive restart),
///   which recovers the linear rate on strongly convex f without knowing μ.
///   A step that raises f is rejected (x_{k+1} = x_k, then a plain gradient
///   step), so the objective never increases.
///
/// **Reporting.** `objectiveHistory` holds f(x_k). The gradient is evaluated
/// at the extrapolated points y_k, so `gradientNormHistory` holds ‖∇f(y_k)‖₂
/// and the gradient test `‖∇f(y_k)‖∞ ≤ gradientTolerance` returns y_k.
/// A non-finite f(x_{k+1}) with the fixed step stops with `.diverged`
/// (keeping x_k). The objective-decrease test applies only to the
/// restarting variant: the fixed variant is not monotone, and a small
/// decrease at the top of an oscillation is not convergence.
///
/// - Complexity: per iteration one value-and-gradient evaluation at y_k and
///   one value at x_{k+1} (more when backtracking), plus O(p).
public struct NesterovAcceleratedGradient: FullBatchOptimizer {
    public enum Variant: Sendable, Equatable {
        /// Step 1/L; μ > 0 selects the constant strongly-convex momentum.
        case fixed(lipschitz: Double, strongConvexity: Double = 0)
        /// Backtracking on L with adaptive restart. `initialLipschitz` nil:
        /// estimated from a gradient difference at the start (one evaluation).
        case restarting(initialLipschitz: Double? = nil)
    }

    public var variant: Variant
    public var name: String { "nesterov" }

    public init(_ variant: Variant = .restarting()) {
        self.variant = variant
    }

    func validate() throws {
        switch variant {
        case let .fixed(l, mu):
            guard l > 0, l.isFinite else { throw OptimizationError.invalidParameter(name: "lipschitz", value: "\(l)", requirement: "must be a finite number > 0") }
            guard mu >= 0, mu <= l else { throw OptimizationError.invalidParameter(name: "strongConvexity", value: "\(mu)", requirement: "must be in [0, lipschitz]") }
        case let .restarting(l):
            if let l, !(l > 0 && l.isFinite) {
                throw OptimizationError.invalidParameter(name: "initialLipschitz", value: "\(l)", requirement: "must be a finite number > 0")
            }
        }
    }

    public func minimize<Objective: DifferentiableObjective>(
        _ objective: Objective, from start: [Double], stopping: StoppingCriteria,
        observer: ((_ iteration: Int, _ objective: Double) -> Void)?
    ) throws -> OptimizationResult {
        try validate()
        var run = try OptimizerRun(objective: objective, start: start, stopping: stopping, observer: observer)
        let p = start.count
        var x = start
        var y = start
        var xNew = start
        var gy = [Double](repeating: 0, count: p)
        var fy = run.evaluate(y, gradient: &gy)
        run.recordStart(objective: fy, gradient: gy)
        guard fy.isFinite, Vector.allFinite(gy) else { return run.result(parameters: x, objective: fy, stopReason: .diverged) }
        var fx = fy
        var t = 1.0

        var lipschitz: Double
        var backtracking = false
        var constantMomentum: Double? = nil
        switch variant {
        case let .fixed(l, mu):
            lipschitz = l
            if mu > 0 { let rk = (l / mu).squareRoot(); constantMomentum = (rk - 1) / (rk + 1) }
        case let .restarting(l0):
            backtracking = true
            lipschitz = l0 ?? Self.estimateLipschitz(&run, at: start, value: fy, gradient: gy)
        }

        var firstIteration = true
        while true {
            if !firstIteration {
                fy = run.evaluate(y, gradient: &gy)
                if !(fy.isFinite && Vector.allFinite(gy)) {
                    // y_k overshot into a non-finite region: restart from x_k.
                    if backtracking, t > 1 {
                        t = 1; y = x; fy = fx
                        fy = run.evaluate(y, gradient: &gy)
                    }
                    if !(fy.isFinite && Vector.allFinite(gy)) { return run.result(parameters: x, objective: fx, stopReason: .diverged) }
                }
            }
            firstIteration = false
            if run.gradientConverged(gy) { return run.result(parameters: y, objective: fy, stopReason: .gradientTolerance) }
            if let limit = run.limitReached() { return run.result(parameters: x, objective: fx, stopReason: limit) }

            var fNew: Double
            if backtracking {
                let g2 = Vector.dot(gy, gy)
                lipschitz *= 0.9
                var accepted = false
                fNew = .nan
                for _ in 0..<60 {
                    if run.evaluationsLeft <= 0 { return run.result(parameters: x, objective: fx, stopReason: .evaluationLimit) }
                    Vector.step(y, -1 / lipschitz, gy, into: &xNew)
                    fNew = run.value(xNew)
                    if fNew.isFinite, fNew <= fy - g2 / (2 * lipschitz) { accepted = true; break }
                    lipschitz *= 2
                }
                if !accepted { return run.result(parameters: x, objective: fx, stopReason: .lineSearchFailed) }
            } else {
                Vector.step(y, -1 / lipschitz, gy, into: &xNew)
                fNew = run.value(xNew)
                guard fNew.isFinite, Vector.allFinite(xNew) else { return run.result(parameters: x, objective: fx, stopReason: .diverged) }
            }

            // Momentum (or restart).
            var beta: Double
            if let constantMomentum {
                beta = constantMomentum
            } else {
                let tNext = (1 + (1 + 4 * t * t).squareRoot()) / 2
                beta = (t - 1) / tNext
                t = tNext
            }
            if backtracking {
                if fNew > fx {
                    // The momentum step went uphill: reject it and restart from x_k
                    // (the next iteration is a plain gradient step, which decreases f).
                    t = 1
                    y = x
                    run.recordIteration(objective: fx, gradient: gy)
                    continue
                }
                var ascent = 0.0
                for i in 0..<p { ascent += gy[i] * (xNew[i] - x[i]) }
                if ascent > 0 { beta = 0; t = 1 }
            }
            for i in 0..<p { y[i] = xNew[i] + beta * (xNew[i] - x[i]) }
            let fOld = fx
            swap(&x, &xNew)
            fx = fNew
            run.recordIteration(objective: fx, gradient: gy)
            if backtracking, run.objectiveConverged(old: fOld, new: fx) {
                return run.result(parameters: x, objective: fx, stopReason: .objectiveTolerance)
            }
        }
    }

    /// L ≈ ‖∇f(x₁) − ∇f(x₀)‖/‖x₁ − x₀‖ along a short steepest-descent step
    /// (1 if that is zero or not finite).
    static func estimateLipschitz<O>(_ run: inout OptimizerRun<O>, at x: [Double], value f: Double, gradient g: [Double]) -> Double {
        let gNorm = Vector.norm2(g)
        guard gNorm > 0 else { return 1 }
        let h = 1e-4 * max(1, Vector.norm2(x)) / gNorm
        var x1 = x
        Vector.axpy(-h, g, &x1)
        var g1 = g
        _ = run.evaluate(x1, gradient: &g1)
        var num = 0.0
        for i in g.indices { let d = g1[i] - g[i]; num += d * d }
        let l = num.squareRoot() / (h * gNorm)
        return l.isFinite && l > 0 ? l : 1
    }
}
