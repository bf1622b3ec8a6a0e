import LossKitNumerics

/// Newton's method for small p, with a backtracking (Armijo) line search:
///
///     H(x_k)·d = −∇f(x_k),   x_{k+1} = x_k + α·d,   α = 1, ½, ¼, …
///
/// For a sum of losses Σ sᵢ ℓ(yᵢ − xᵢᵀw) this is iteratively reweighted least
/// squares with weights sᵢ ℓ″(rᵢ): the Hessian is XᵀWX (plus the penalty's).
///
/// ```swift
/// let result = try NewtonMethod().minimize(objective, from: x0, stopping: StoppingCriteria(gradientTolerance: 1e-10))
/// ```
///
/// **Directions.** With the dense Hessian (`hessian(at:)`) the system is
/// solved by Cholesky. When the Hessian is not positive definite (or the
/// objective gives none), d comes from conjugate gradients on H·v products —
/// the dense Hessian's, else `hessianVectorProduct(at:vector:product:)`, else
/// a forward difference of gradients — truncated at negative curvature
/// (Steihaug) and at the relative residual min(½, √‖∇f‖)·‖∇f‖ (inexact
/// Newton). A direction that is not a descent direction is replaced by −∇f.
///
/// **Stopping.** As the other optimizers: ‖∇f‖∞, the relative decrease, the
/// limits; a line search that cannot decrease f in 60 halvings stops with
/// `.lineSearchFailed` (usually: converged to rounding level).
///
/// - Complexity: per iteration one Hessian (the objective's cost, O(n·p²)
///   for a linear model) plus p³/3 flops for Cholesky, or up to `p` H·v
///   products for CG; memory O(p²). Meant for p up to a few thousand.
public struct NewtonMethod: FullBatchOptimizer {
    /// The sufficient-decrease constant of the backtracking search.
    public var sufficientDecrease: Double
    public var name: String { "newton" }

    public init(sufficientDecrease: Double = 1e-4) {
        self.sufficientDecrease = sufficientDecrease
    }

    public func minimize<Objective: DifferentiableObjective>(
        _ objective: Objective, from start: [Double], stopping: StoppingCriteria,
        observer: ((_ iteration: Int, _ objective: Double) -> Void)?
    ) throws -> OptimizationResult {
        guard sufficientDecrease > 0, sufficientDecrease < 0.5 else {
            throw OptimizationError.invalidParameter(name: "sufficientDecrease", value: "\(sufficientDecrease)", requirement: "must be in (0, 0.5)")
        }
        var run = try OptimizerRun(objective: objective, start: start, stopping: stopping, observer: observer)
        let p = start.count
        var x = start
        var g = [Double](repeating: 0, count: p)
        var f = run.evaluate(x, gradient: &g)
        run.recordStart(objective: f, gradient: g)
        guard f.isFinite, Vector.allFinite(g) else { return run.result(parameters: x, objective: f, stopReason: .diverged) }
        if run.gradientConverged(g) { return run.result(parameters: x, objective: f, stopReason: .gradientTolerance) }
        var trial = x, gTrial = g
        while true {
            if let limit = run.limitReached() { return run.result(parameters: x, objective: f, stopReason: limit) }
            var d = direction(objective, &run, at: x, gradient: g)
            var slope = Vector.dot(g, d)
            if !(slope < 0) || !Vector.allFinite(d) {
                for i in 0..<p { d[i] = -g[i] }
                slope = -Vector.dot(g, g)
            }
            var alpha = 1.0
            var accepted: Double? = nil
            for _ in 0..<60 {
                if run.evaluationsLeft <= 0 { return run.result(parameters: x, objective: f, stopReason: .evaluationLimit) }
                Vector.step(x, alpha, d, into: &trial)
                let ft = run.evaluate(trial, gradient: &gTrial)
                if ft.isFinite, Vector.allFinite(gTrial), ft <= f + sufficientDecrease * alpha * slope { accepted = ft; break }
                alpha /= 2
            }
            guard let fNew = accepted else { return run.result(parameters: x, objective: f, stopReason: .lineSearchFailed) }
            let fOld = f
            swap(&x, &trial)
            swap(&g, &gTrial)
            f = fNew
            run.recordIteration(objective: f, gradient: g)
            if run.gradientConverged(g) { return run.result(parameters: x, objective: f, stopReason: .gradientTolerance) }
            if run.objectiveConverged(old: fOld, new: f) { return run.result(parameters: x, objective: f, stopReason: .objectiveTolerance) }
        }
    }

    /// The Newton direction: Cholesky on the dense Hessian, else truncated CG.
    func direction<O: DifferentiableObjective>(_ objective: O, _ run: inout OptimizerRun<O>, at x: [Double], gradient g: [Double]) -> [Double] {
        let p = g.count
        let dense = objective.hessian(at: x)
        if let h = dense, h.count == p * p, Vector.allFinite(h) {
            if let chol = try? Cholesky(Matrix(uncheckedRows: p, columns: p, storage: h)),
               let d = try? chol.solve(g.map { -$0 }), Vector.allFinite(d) {
                return d
            }
        }
        // H·v: from the dense Hessian, the objective, or a gradient difference.
        var product = [Double](repeating: 0, count: p)
        var probe = x, gProbe = g
        func multiply(_ v: [Double], _ run: inout OptimizerRun<O>) -> [Double] {
            if let h = dense, h.count == p * p {
                for i in 0..<p { product[i] = 0 }
                for j in 0..<p where v[j] != 0 {
                    let vj = v[j]
                    for i in 0..<p { product[i] += h[i + j * p] * vj }
                }
                return product
            }
            if objective.hessianVectorProduct(at: x, vector: v, product: &product) { return product }
            let vNorm = Vector.norm2(v)
            guard vNorm > 0 else { return [Double](repeating: 0, count: p) }
            let h = (Double.ulpOfOne.squareRoot() * max(1, Vector.norm2(x))) / vNorm
            Vector.step(x, h, v, into: &probe)
            _ = run.evaluate(probe, gradient: &gProbe)
            for i in 0..<p { product[i] = (gProbe[i] - g[i]) / h }
            return product
        }
        // Steihaug's truncated CG on H d = −g from d = 0.
        var d = [Double](repeating: 0, count: p)
        var r = g.map { -$0 }
        var q = r
        var rr = Vector.dot(r, r)
        let gNorm = rr.squareRoot()
        let target = min(0.5, gNorm.squareRoot()) * gNorm
        for _ in 0..<max(p, 1) {
            let hq = multiply(q, &run)
            let curvature = Vector.dot(q, hq)
            if !(curvature > 0) { return Vector.dot(d, d) > 0 ? d : g.map { -$0 } }
            let a = rr / curvature
            Vector.axpy(a, q, &d)
            Vector.axpy(-a, hq, &r)
            let rrNew = Vector.dot(r, r)
            if rrNew.squareRoot() <= target { break }
            let b = rrNew / rr
            for i in 0..<p { q[i] = r[i] + b * q[i] }
            rr = rrNew
        }
        return d
    }
}
