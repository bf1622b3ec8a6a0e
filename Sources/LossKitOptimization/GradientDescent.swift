/// Gradient descent, `x ← x − t·∇f(x)`, with a fixed step or an Armijo
/// backtracking line search.
///
/// ```swift
/// let fixed = try GradientDescent(stepSize: .fixed(1 / lipschitz)).minimize(objective, from: x0)
/// let armijo = try GradientDescent().minimize(objective, from: x0)   // backtracking
/// ```
///
/// **Rates.** On a quadratic with Hessian eigenvalues in [μ, L] (κ = L/μ) a
/// fixed step `t = 2/(L + μ)` contracts the error by exactly (κ − 1)/(κ + 1)
/// per iteration (the best fixed step); `t = 1/L` by 1 − 1/κ. A step above
/// 2/L diverges: the run stops with `.diverged` once the objective overflows
/// to ±∞ or NaN, keeping the last finite iterate.
///
/// **Backtracking.** Each iteration tries `t` = twice the previous accepted
/// step (the first time: `initial`), and multiplies it by `shrink` until the
/// Armijo condition `f(x − t g) ≤ f(x) − c·t·‖g‖²` holds (at most 60 times,
/// then `.lineSearchFailed`). A non-finite trial value counts as "too far".
///
/// **Stopping.** `‖∇f‖∞ ≤ gradientTolerance`, or a decrease of at most
/// `objectiveTolerance·max(|f_k|, |f_{k+1}|, 1)` (SciPy's rule), or the limits.
///
/// - Complexity: per iteration one value-and-gradient evaluation (fixed
///   step) or one per trial step (backtracking), plus O(p).
public struct GradientDescent: FullBatchOptimizer {
    public enum StepSize: Sendable, Equatable {
        /// A constant step t > 0.
        case fixed(Double)
        /// Armijo backtracking: first trial `initial`, factor `shrink` ∈ (0, 1),
        /// sufficient-decrease constant `sufficientDecrease` ∈ (0, 1).
        case backtracking(initial: Double, shrink: Double, sufficientDecrease: Double)

        /// Backtracking from t = 1, halving, c = 1e-4.
        public static let armijo = StepSize.backtracking(initial: 1, shrink: 0.5, sufficientDecrease: 1e-4)
    }

    public var stepSize: StepSize
    public var name: String { "gd" }

    public init(stepSize: StepSize = .armijo) {
        self.stepSize = stepSize
    }

    func validate() throws {
        switch stepSize {
        case let .fixed(t):
            guard t > 0, t.isFinite else { throw OptimizationError.invalidParameter(name: "stepSize", value: "\(t)", requirement: "must be a finite number > 0") }
        case let .backtracking(initial, shrink, c):
            guard initial > 0, initial.isFinite else { throw OptimizationError.invalidParameter(name: "initial", value: "\(initial)", requirement: "must be a finite number > 0") }
            guard shrink > 0, shrink < 1 else { throw OptimizationError.invalidParameter(name: "shrink", value: "\(shrink)", requirement: "must be in (0, 1)") }
            guard c > 0, c < 1 else { throw OptimizationError.invalidParameter(name: "sufficientDecrease", value: "\(c)", requirement: "must be in (0, 1)") }
        }
    }

    public func minimize<Objective: DifferentiableObjective>(
        _ objective: Objective, from start: [Double], stopping: StoppingCriteria,
        observer: ((_ iteration: Int, _ objective: Double) -> Void)?
    ) throws -> OptimizationResult {
        try validate()
        var run = try OptimizerRun(objective: objective, start: start, stopping: stopping, observer: observer)
        var x = start
        var g = [Double](repeating: 0, count: start.count)
        let begun = run.begin(at: x, gradient: &g)
        if let stop = begun.stop { return run.result(parameters: x, objective: begun.objective, stopReason: stop) }
        var f = begun.objective

        var trial = x
        var gTrial = g
        var lastStep: Double? = nil
        while true {
            if let limit = run.limitReached() { return run.result(parameters: x, objective: f, stopReason: limit) }
            let fNew: Double
            switch stepSize {
            case let .fixed(t):
                Vector.step(x, -t, g, into: &trial)
                fNew = run.evaluate(trial, gradient: &gTrial)
                guard fNew.isFinite, Vector.allFinite(gTrial), Vector.allFinite(trial) else {
                    return run.result(parameters: x, objective: f, stopReason: .diverged)
                }
            case let .backtracking(initial, shrink, c):
                let g2 = Vector.dot(g, g)
                var t = lastStep.map { $0 * 2 } ?? initial
                var accepted: Double? = nil
                for _ in 0..<60 {
                    if run.evaluationsLeft <= 0 { return run.result(parameters: x, objective: f, stopReason: .evaluationLimit) }
                    Vector.step(x, -t, g, into: &trial)
                    let ft = run.evaluate(trial, gradient: &gTrial)
                    if ft.isFinite, Vector.allFinite(gTrial), ft <= f - c * t * g2 { accepted = ft; break }
                    t *= shrink
                }
                guard let ft = accepted else { return run.result(parameters: x, objective: f, stopReason: .lineSearchFailed) }
                lastStep = t
                fNew = ft
            }
            if let done = run.accept(trial: &trial, trialGradient: &gTrial, value: fNew, x: &x, gradient: &g, objective: &f) { return done }
        }
    }
}
