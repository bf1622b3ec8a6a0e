/// An optimizer that minimizes a `DifferentiableObjective` from a starting
/// point using the full objective at every step: gradient descent (fixed step
/// or Armijo backtracking), Nesterov's accelerated gradient, L-BFGS with a
/// strong-Wolfe line search, and Newton / IRLS for small p.
///
/// ```swift
/// let result = try LBFGS().minimize(objective, from: x0, stopping: StoppingCriteria(gradientTolerance: 1e-8))
/// if !result.converged { print("warning:", result.stopReason.explanation) }
/// ```
///
/// **Contract.** `minimize` throws only for a setup error (a starting point
/// whose count is not `objective.dimension`, a non-finite starting point);
/// everything that happens during the run — the iteration limit, a failed
/// line search, divergence — is reported in the result's `stopReason`, with
/// the best (last finite) iterate kept. The result is a deterministic
/// function of the objective, the start and the settings. `observer`, when
/// given, is called after every iteration with the iteration number and the
/// objective value (for progress lines); it must not be used to stop the run.
public protocol FullBatchOptimizer: Sendable {
    /// The name as the tool spells it (`gd`, `nesterov`, `lbfgs`, `newton`).
    var name: String { get }

    func minimize<Objective: DifferentiableObjective>(
        _ objective: Objective, from start: [Double], stopping: StoppingCriteria,
        observer: ((_ iteration: Int, _ objective: Double) -> Void)?
    ) throws -> OptimizationResult
}

extension FullBatchOptimizer {
    /// `minimize` without an observer.
    public func minimize<Objective: DifferentiableObjective>(
        _ objective: Objective, from start: [Double], stopping: StoppingCriteria = StoppingCriteria()
    ) throws -> OptimizationResult {
        try minimize(objective, from: start, stopping: stopping, observer: nil)
    }
}
