/// Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989) with a
/// strong-Wolfe line search, stopping as SciPy's `minimize(method="L-BFGS-B")`
/// does without bounds, so settings and results carry over.
///
/// ```swift
/// let result = try LBFGS().minimize(objective, from: x0, stopping: StoppingCriteria(gradientTolerance: 1e-8))
/// ```
///
/// **Algorithm.** The direction d = −H_k ∇f is the two-loop recursion over
/// the last `memory` pairs (s, y) = (x_{k+1} − x_k, ∇f_{k+1} − ∇f_k), with
/// H₀ = (sᵀy / yᵀy)·I from the newest pair. A pair is skipped when
/// sᵀy ≤ ε·yᵀy (no positive curvature; SciPy's rule). The first step is
/// α = 1/‖∇f(x₀)‖₂ (a unit-length move, as L-BFGS-B), later ones start at
/// α = 1. When the line search fails, the memory is dropped and the search
/// retried once along −∇f; a second failure stops with `.lineSearchFailed`
/// (the best point so far is kept).
///
/// **Stopping (SciPy's order).** At the start and after every iteration:
/// `‖∇f‖∞ ≤ gradientTolerance` (`pgtol`/`gtol`), then
/// `(f_k − f_{k+1}) ≤ objectiveTolerance·max(|f_k|, |f_{k+1}|, 1)`
/// (`factr·ε` = `ftol`), then the iteration and evaluation limits.
/// A non-finite f or ∇f at the start stops with `.diverged`; during the run
/// non-finite trial points only shorten the line search.
///
/// - Complexity: per iteration O(m·p) for the direction plus the line
///   search's evaluations (usually one); memory O(m·p).
public struct LBFGS: FullBatchOptimizer {
    /// The number of correction pairs kept (SciPy's `maxcor`, default 10).
    public var memory: Int
    public var lineSearch: StrongWolfeLineSearch
    public var name: String { "lbfgs" }

    public init(memory: Int = 10, lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch()) {
        self.memory = memory
        self.lineSearch = lineSearch
    }

    public func minimize<Objective: DifferentiableObjective>(
        _ objective: Objective, from start: [Double], stopping: StoppingCriteria,
        observer: ((_ iteration: Int, _ objective: Double) -> Void)?
    ) throws -> OptimizationResult {
        guard memory >= 1 else { throw OptimizationError.invalidParameter(name: "memory", value: "\(memory)", requirement: "must be >= 1") }
        try lineSearch.validate()
        var run = try OptimizerRun(objective: objective, start: start, stopping: stopping, observer: observer)
        let p = start.count
        var x = start
        var g = [Double](repeating: 0, count: p)
        let begun = run.begin(at: x, gradient: &g)
        if let stop = begun.stop { return run.result(parameters: x, objective: begun.objective, stopReason: stop) }
        var f = begun.objective

        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        var alphas = [Double](repeating: 0, count: memory)
        var d = [Double](repeating: 0, count: p)
        var xNew = x, gNew = g
        var retried = false
        while true {
            if let limit = run.limitReached() { return run.result(parameters: x, objective: f, stopReason: limit) }
            // d = −H∇f by the two-loop recursion.
            for i in 0..<p { d[i] = -g[i] }
            if !s.isEmpty {
                for k in stride(from: s.count - 1, through: 0, by: -1) {
                    alphas[k] = rho[k] * Vector.dot(s[k], d)
                    Vector.axpy(-alphas[k], y[k], &d)
                }
                let last = s.count - 1
                let gamma = 1 / (rho[last] * Vector.dot(y[last], y[last]))
                for i in 0..<p { d[i] *= gamma }
                for k in 0..<s.count {
                    let beta = rho[k] * Vector.dot(y[k], d)
                    Vector.axpy(alphas[k] - beta, s[k], &d)
                }
                if !(Vector.dot(d, g) < 0) {
                    s.removeAll(); y.removeAll(); rho.removeAll()
                    for i in 0..<p { d[i] = -g[i] }
                }
            }
            let initialStep = (run.iterations == 0 || s.isEmpty) ? min(1, 1 / Vector.norm2(d)) : 1
            let firstStep = run.iterations == 0 ? 1 / Vector.norm2(d) : initialStep
            guard let (_, fNew) = lineSearch.search(&run, x: x, value: f, gradient: g, direction: d,
                                                   initialStep: firstStep, xOut: &xNew, gOut: &gNew) else {
                if !s.isEmpty && !retried {
                    s.removeAll(); y.removeAll(); rho.removeAll()
                    retried = true
                    continue
                }
                return run.result(parameters: x, objective: f, stopReason: run.evaluationsLeft <= 0 ? .evaluationLimit : .lineSearchFailed)
            }
            retried = false
            // The new pair.
            var sk = xNew, yk = gNew
            for i in 0..<p { sk[i] -= x[i]; yk[i] -= g[i] }
            let sy = Vector.dot(sk, yk), yy = Vector.dot(yk, yk)
            if sy > Double.ulpOfOne * yy, sy.isFinite, yy > 0 {
                if s.count == memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
                s.append(sk); y.append(yk); rho.append(1 / sy)
            }
            if let done = run.accept(trial: &xNew, trialGradient: &gNew, value: fNew, x: &x, gradient: &g, objective: &f) { return done }
        }
    }
}
