import LossKitNumerics

/// The bookkeeping every full-batch optimizer shares: setup validation, the
/// evaluation counter, the histories and the convergence tests, so each
/// optimizer file holds only its own update rule.
struct OptimizerRun<Objective: DifferentiableObjective> {
    let objective: Objective
    let stopping: StoppingCriteria
    let observer: ((Int, Double) -> Void)?
    var evaluations = 0
    var iterations = 0
    var objectiveHistory: [Double] = []
    var gradientNormHistory: [Double] = []

    /// Validates the start and the criteria (the only errors a run throws).
    init(objective: Objective, start: [Double], stopping: StoppingCriteria,
         observer: ((Int, Double) -> Void)?) throws {
        guard start.count == objective.dimension else {
            throw OptimizationError.dimensionMismatch(expected: objective.dimension, actual: start.count)
        }
        if let i = start.firstIndex(where: { !$0.isFinite }) {
            throw OptimizationError.invalidParameter(name: "start[\(i)]", value: "\(start[i])", requirement: "must be finite")
        }
        try Self.validate(stopping)
        self.objective = objective
        self.stopping = stopping
        self.observer = observer
    }

    static func validate(_ s: StoppingCriteria) throws {
        guard s.gradientTolerance >= 0, s.gradientTolerance.isFinite else {
            throw OptimizationError.invalidParameter(name: "gradientTolerance", value: "\(s.gradientTolerance)", requirement: "must be a finite number >= 0")
        }
        guard s.objectiveTolerance >= 0, s.objectiveTolerance.isFinite else {
            throw OptimizationError.invalidParameter(name: "objectiveTolerance", value: "\(s.objectiveTolerance)", requirement: "must be a finite number >= 0")
        }
        guard s.maxIterations >= 0 else {
            throw OptimizationError.invalidParameter(name: "maxIterations", value: "\(s.maxIterations)", requirement: "must be >= 0")
        }
        guard s.maxEvaluations >= 1 else {
            throw OptimizationError.invalidParameter(name: "maxEvaluations", value: "\(s.maxEvaluations)", requirement: "must be >= 1")
        }
    }

    /// f and ∇f at x, counted.
    mutating func evaluate(_ x: [Double], gradient: inout [Double]) -> Double {
        evaluations += 1
        return objective.valueAndGradient(at: x, gradient: &gradient)
    }

    /// f alone at x, counted.
    mutating func value(_ x: [Double]) -> Double {
        evaluations += 1
        return objective.value(at: x)
    }

    var evaluationsLeft: Int { stopping.maxEvaluations - evaluations }

    /// Records the state at the start (iteration 0).
    mutating func recordStart(objective f: Double, gradient: [Double]) {
        objectiveHistory.append(f)
        gradientNormHistory.append(Vector.norm2(gradient))
    }

    /// Records a finished iteration and calls the observer.
    mutating func recordIteration(objective f: Double, gradient: [Double]?) {
        iterations += 1
        objectiveHistory.append(f)
        if let gradient { gradientNormHistory.append(Vector.norm2(gradient)) }
        observer?(iterations, f)
    }

    /// Evaluates and records the start; returns f and the reason to stop at
    /// once (a non-finite start: `.diverged`; a stationary one: `.gradientTolerance`).
    mutating func begin(at x: [Double], gradient g: inout [Double]) -> (objective: Double, stop: OptimizationStopReason?) {
        let f = evaluate(x, gradient: &g)
        recordStart(objective: f, gradient: g)
        guard f.isFinite, Vector.allFinite(g) else { return (f, .diverged) }
        return (f, gradientConverged(g) ? .gradientTolerance : nil)
    }

    /// Records an accepted step and applies the gradient test, then the
    /// relative-decrease test (SciPy's order).
    /// Moves to an accepted trial point (the buffers are swapped, not
    /// copied: the old point is left in `trial`) and ends the iteration.
    /// - Returns: the result when a tolerance is met, nil to go on.
    mutating func accept(trial: inout [Double], trialGradient: inout [Double], value: Double,
                         x: inout [Double], gradient g: inout [Double], objective f: inout Double) -> OptimizationResult? {
        let fOld = f
        swap(&x, &trial)
        swap(&g, &trialGradient)
        f = value
        guard let stop = endIteration(objective: f, previous: fOld, gradient: g) else { return nil }
        return result(parameters: x, objective: f, stopReason: stop)
    }

    mutating func endIteration(objective f: Double, previous fOld: Double, gradient g: [Double]) -> OptimizationStopReason? {
        recordIteration(objective: f, gradient: g)
        if gradientConverged(g) { return .gradientTolerance }
        if objectiveConverged(old: fOld, new: f) { return .objectiveTolerance }
        return nil
    }

    /// ‖g‖∞ ≤ gtol.
    func gradientConverged(_ g: [Double]) -> Bool {
        stopping.gradientTolerance > 0 && Vector.normInfinity(g) <= stopping.gradientTolerance
    }

    /// SciPy's rule: (f_old − f_new) ≤ ftol·max(|f_old|, |f_new|, 1), applied
    /// only to a decrease or no change (an increase is never "converged").
    func objectiveConverged(old: Double, new: Double) -> Bool {
        guard stopping.objectiveTolerance > 0, new <= old else { return false }
        return old - new <= stopping.objectiveTolerance * max(abs(old), abs(new), 1)
    }

    /// The reason to stop at the top of an iteration, if a limit is reached.
    func limitReached() -> OptimizationStopReason? {
        if iterations >= stopping.maxIterations { return .iterationLimit }
        if evaluations >= stopping.maxEvaluations { return .evaluationLimit }
        return nil
    }

    func result(parameters: [Double], objective f: Double, stopReason: OptimizationStopReason) -> OptimizationResult {
        OptimizationResult(parameters: parameters, objective: f, objectiveHistory: objectiveHistory,
                           gradientNormHistory: gradientNormHistory, iterations: iterations,
                           evaluations: evaluations, stopReason: stopReason)
    }
}

/// Small dense vector operations for the optimizers (p is the parameter
/// count; the objectives carry the O(n·p) work).
enum Vector {
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s0 = 0.0, s1 = 0.0
        let n = min(a.count, b.count)
        var i = 0
        while i + 1 < n { s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; i += 2 }
        if i < n { s0 += a[i] * b[i] }
        return s0 + s1
    }

    /// ‖a‖₂ with scaling, so it neither overflows nor underflows.
    static func norm2(_ a: [Double]) -> Double {
        let m = normInfinity(a)
        guard m > 0, m.isFinite else { return m }
        var s = 0.0
        for v in a { let t = v / m; s += t * t }
        return m * s.squareRoot()
    }

    /// ‖a‖∞; NaN when a holds NaN.
    static func normInfinity(_ a: [Double]) -> Double {
        var m = 0.0
        for v in a {
            if v.isNaN { return .nan }
            m = max(m, abs(v))
        }
        return m
    }

    static func allFinite(_ a: [Double]) -> Bool {
        var acc = 0.0
        for v in a { acc += v * 0 }   // NaN if any entry is NaN or ±∞
        return acc == 0
    }

    /// y ← y + a·x.
    static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        for i in y.indices { y[i] += a * x[i] }
    }

    /// out ← x + a·d.
    static func step(_ x: [Double], _ a: Double, _ d: [Double], into out: inout [Double]) {
        for i in out.indices { out[i] = x[i] + a * d[i] }
    }
}
