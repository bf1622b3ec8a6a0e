import LossKitNumerics

/// Newton's method for small p, with a strong-Wolfe line search from α = 1:
///
///     H(x_k)·d = −∇f(x_k),   x_{k+1} = x_k + α·d
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
/// limits; a line search that finds no acceptable step stops with
/// `.lineSearchFailed` (usually: converged to rounding level).
///
/// - Complexity: per iteration one Hessian (the objective's cost, O(n·p²)
///   for a linear model) plus p³/3 flops for Cholesky, or up to `p` H·v
///   products for CG; memory O(p²). Meant for p up to a few thousand.
public struct NewtonMethod: FullBatchOptimizer {
    /// The line search along the Newton direction (from α = 1).
    public var lineSearch: StrongWolfeLineSearch
    public var name: String { "newton" }

    public init(lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch()) {
        self.lineSearch = lineSearch
    }

    public func minimize<Objective: DifferentiableObjective>(
        _ objective: Objective, from start: [Double], stopping: StoppingCriteria,
        observer: ((_ iteration: Int, _ objective: Double) -> Void)?
    ) throws -> OptimizationResult {
        try lineSearch.validate()
        var run = try OptimizerRun(objective: objective, start: start, stopping: stopping, observer: observer)
        let p = start.count
        var x = start
        var g = [Double](repeating: 0, count: p)
        let begun = run.begin(at: x, gradient: &g)
        if let stop = begun.stop { return run.result(parameters: x, objective: begun.objective, stopReason: stop) }
        var f = begun.objective
        var trial = x, gTrial = g
        while true {
            if let limit = run.limitReached() { return run.result(parameters: x, objective: f, stopReason: limit) }
            var d = direction(objective, &run, at: x, gradient: g)
            if !(Vector.dot(g, d) < 0) || !Vector.allFinite(d) {
                for i in 0..<p { d[i] = -g[i] }
            }
            // A strong-Wolfe search from α = 1: the Newton step is accepted as it
            // is near the minimizer; where the curvature was missing (a −∇f
            // fallback, a Huber fit whose residuals all sit in the linear part)
            // the search extrapolates instead of crawling at α = 1.
            guard let (_, fNew) = lineSearch.search(&run, x: x, value: f, gradient: g, direction: d,
                                                   initialStep: 1, xOut: &trial, gOut: &gTrial) else {
                return run.result(parameters: x, objective: f, stopReason: run.evaluationsLeft <= 0 ? .evaluationLimit : .lineSearchFailed)
            }
            if let done = run.accept(trial: &trial, trialGradient: &gTrial, value: fNew, x: &x, gradient: &g, objective: &f) { return done }
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
