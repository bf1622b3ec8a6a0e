/// Why an optimizer stopped. Every optimizer returns one of these; none of
/// them throws away the run.
public enum OptimizationStopReason: String, Sendable, Equatable, CaseIterable {
    /// ‖∇f‖∞ ≤ the gradient tolerance (a stationary point).
    case gradientTolerance = "gradient_tolerance"
    /// The objective changed by at most the objective tolerance (relative):
    /// scikit-learn's `tol` rule for SGD, SciPy's `ftol` for L-BFGS.
    case objectiveTolerance = "objective_tolerance"
    /// The step became too small to change x (relative to ‖x‖).
    case stepTolerance = "step_tolerance"
    /// No improvement of the (training or validation) score for `patience` epochs.
    case noImprovement = "no_improvement"
    /// The adaptive learning rate fell below its floor (scikit-learn: 1e-6).
    case learningRateFloor = "learning_rate_floor"
    /// The iteration or epoch limit was reached before any rule was met.
    case iterationLimit = "iteration_limit"
    /// The evaluation limit was reached.
    case evaluationLimit = "evaluation_limit"
    /// The line search found no acceptable step (often: the tolerance is below
    /// what rounding allows, or the gradient is wrong).
    case lineSearchFailed = "line_search_failed"
    /// The objective became NaN or infinite; the last finite iterate is kept.
    case diverged = "diverged"

    /// Whether stopping for this reason counts as converged.
    public var isConvergence: Bool {
        switch self {
        case .gradientTolerance, .objectiveTolerance, .stepTolerance, .noImprovement, .learningRateFloor: true
        case .iterationLimit, .evaluationLimit, .lineSearchFailed, .diverged: false
        }
    }

    /// One sentence a user can act on.
    public var explanation: String {
        switch self {
        case .gradientTolerance: "the gradient norm fell below the tolerance"
        case .objectiveTolerance: "the objective stopped decreasing by more than the tolerance"
        case .stepTolerance: "the steps became too small to change the parameters"
        case .noImprovement: "the score did not improve for the patience number of epochs"
        case .learningRateFloor: "the adaptive learning rate fell below its floor"
        case .iterationLimit: "the iteration limit was reached before convergence; raise it or loosen the tolerance"
        case .evaluationLimit: "the function-evaluation limit was reached before convergence"
        case .lineSearchFailed: "the line search found no step that decreases the objective (the tolerance may be below rounding level)"
        case .diverged: "the objective became NaN or infinite; the last finite parameters are kept — try a smaller learning rate"
        }
    }
}

/// What a run of an optimizer produced: the minimizer found, the objective
/// per iteration (or epoch), and why it stopped.
///
/// `objectiveHistory[0]` is the objective at the starting point and entry k
/// the objective after iteration k, so `objectiveHistory.count ==
/// iterations + 1`. For stochastic optimizers an "iteration" is an epoch and
/// the history holds the epoch's mean batch objective (scikit-learn's
/// convention) unless the driver documents otherwise.
public struct OptimizationResult: Sendable, Equatable {
    /// The final iterate (the last finite one when the run diverged).
    public var parameters: [Double]
    /// `f` at `parameters`.
    public var objective: Double
    /// The objective at the start and after each iteration.
    public var objectiveHistory: [Double]
    /// ‖∇f‖₂ at the start and after each iteration (empty where not computed).
    public var gradientNormHistory: [Double]
    /// Iterations (or epochs) taken.
    public var iterations: Int
    /// Objective (value or value-and-gradient) evaluations.
    public var evaluations: Int
    /// Why it stopped.
    public var stopReason: OptimizationStopReason
    /// Whether a convergence rule was met (`stopReason.isConvergence`).
    public var converged: Bool { stopReason.isConvergence }

    public init(parameters: [Double], objective: Double, objectiveHistory: [Double], gradientNormHistory: [Double],
                iterations: Int, evaluations: Int, stopReason: OptimizationStopReason) {
        self.parameters = parameters
        self.objective = objective
        self.objectiveHistory = objectiveHistory
        self.gradientNormHistory = gradientNormHistory
        self.iterations = iterations
        self.evaluations = evaluations
        self.stopReason = stopReason
    }
}

/// The stopping rules shared by the full-batch optimizers. A rule set to 0
/// is off; at least the iteration limit always applies.
public struct StoppingCriteria: Sendable, Equatable {
    /// Stop when ‖∇f‖∞ ≤ this (SciPy's `gtol`; default 1e-5 as SciPy).
    public var gradientTolerance: Double
    /// Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ this
    /// (SciPy's `ftol`; default 2.2e-9 as SciPy's L-BFGS-B `factr = 1e7`).
    public var objectiveTolerance: Double
    /// The iteration limit (default 15 000 as SciPy's L-BFGS-B `maxiter`).
    public var maxIterations: Int
    /// The evaluation limit (default 15 000 as SciPy's `maxfun`).
    public var maxEvaluations: Int

    public init(gradientTolerance: Double = 1e-5, objectiveTolerance: Double = 2.220446049250313e-09,
                maxIterations: Int = 15_000, maxEvaluations: Int = 15_000) {
        self.gradientTolerance = gradientTolerance
        self.objectiveTolerance = objectiveTolerance
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations
    }
}
