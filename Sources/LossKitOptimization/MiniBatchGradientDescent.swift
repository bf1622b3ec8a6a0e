import LossKitNumerics

/// Mini-batch stochastic gradient descent over a `StochasticObjective`, with
/// any step rule (SGD, momentum, Nesterov momentum: `MomentumStep`; Adam,
/// AdamW: `AdamStep`), any `LearningRateSchedule`, shuffling, Polyak–Ruppert
/// averaging and scikit-learn's stopping rule.
///
/// ```swift
/// var sgd = try MiniBatchGradientDescent(rule: AdamStep<Double>(parameterCount: p),
///                                        schedule: LearningRateScheduler(.constant(eta0: 1e-2)),
///                                        batchSize: 32, seed: 7)
/// let result = try sgd.minimize(objective, from: [Double](repeating: 0, count: p))
/// ```
///
/// **An epoch.** The sample indices 0..<N are shuffled (Fisher–Yates driven
/// by SplitMix64 from `seed`, re-drawn every epoch; or kept in order with
/// `shuffle: false`) and cut into batches of `batchSize` (the last one
/// shorter). For each batch: f_B and ∇f_B at θ, then
/// `rule.step(θ, ∇f_B, η)` with η from the scheduler (one `next()` per update).
///
/// **Averaging** (scikit-learn's `average`, Polyak–Ruppert): with
/// `averageAfter = a`, once a samples have been seen θ̄ ← θ̄ + (θ − θ̄)/k after
/// each update (k counts the averaged updates); the result is θ̄. `a = 1` is
/// scikit-learn's `average=True`. The stopping rule watches the raw iterates.
///
/// **Stopping** (scikit-learn's `tol` / `n_iter_no_change`). The epoch's
/// objective is the batch-size-weighted mean of the batch objectives, each
/// computed before its update (`objectiveHistory[k]`; entry 0 is the full
/// objective at the start). An epoch "does not improve" when its objective is
/// above best − `tolerance`; after `noImprovementPatience` such epochs in a row
/// the run stops (`.objectiveTolerance`) — except with the `adaptive`
/// schedule, where the scheduler divides η by 5 instead (with its own
/// patience) and the run stops when η falls below 1e-6
/// (`.learningRateFloor`). `tolerance: nil` turns the rule off. `maxEpochs`
/// bounds the run (`.iterationLimit`).
///
/// **Divergence.** A non-finite batch objective or iterate stops the run with
/// `.diverged`, returning the last parameters with a finite objective.
///
/// The result: `parameters` (θ̄ when averaging), `objective` = the full
/// objective there (one extra full evaluation, counted), `iterations` =
/// epochs, `evaluations` = batch evaluations + 1, `gradientNormHistory` empty.
/// Deterministic given the seed and the settings.
///
/// - Complexity: per epoch N/B batch evaluations and O(p) per update
///   (plus O(p) for averaging and for keeping the last finite iterate).
public struct MiniBatchGradientDescent<Rule: GradientStepRule>: Sendable where Rule.Scalar == Double {
    /// The step rule as configured; each run starts from a reset copy.
    public var rule: Rule
    /// The learning-rate schedule (with its state at its start).
    public var schedule: LearningRateScheduler
    public var batchSize: Int
    public var maxEpochs: Int
    public var shuffle: Bool
    public var seed: UInt64
    /// Samples seen before averaging starts; nil: no averaging.
    public var averageAfter: Int?
    /// scikit-learn's `tol` (default 1e-3); nil: the rule is off.
    public var tolerance: Double?
    /// scikit-learn's `n_iter_no_change` (default 5).
    public var noImprovementPatience: Int

    public var name: String { "sgd" }

    /// - Throws: `OptimizationError.invalidParameter` naming a batch size or
    ///   epoch count < 1, a negative or non-finite tolerance, a patience < 1,
    ///   an `averageAfter` < 1, a rule sized for a different p (at `minimize`).
    public init(rule: Rule, schedule: LearningRateScheduler, batchSize: Int = 1, maxEpochs: Int = 1000,
                shuffle: Bool = true, seed: UInt64 = 0, averageAfter: Int? = nil,
                tolerance: Double? = 1e-3, noImprovementPatience: Int = 5) throws {
        guard batchSize >= 1 else { throw OptimizationError.invalidParameter(name: "batchSize", value: "\(batchSize)", requirement: "must be >= 1") }
        guard maxEpochs >= 1 else { throw OptimizationError.invalidParameter(name: "maxEpochs", value: "\(maxEpochs)", requirement: "must be >= 1") }
        if let tolerance, !(tolerance >= 0 && tolerance.isFinite) {
            throw OptimizationError.invalidParameter(name: "tolerance", value: "\(tolerance)", requirement: "must be a finite number >= 0")
        }
        guard noImprovementPatience >= 1 else {
            throw OptimizationError.invalidParameter(name: "noImprovementPatience", value: "\(noImprovementPatience)", requirement: "must be >= 1")
        }
        if let averageAfter, averageAfter < 1 {
            throw OptimizationError.invalidParameter(name: "averageAfter", value: "\(averageAfter)", requirement: "must be >= 1")
        }
        try Self.validate(schedule.schedule)
        self.rule = rule
        self.schedule = schedule
        self.batchSize = batchSize
        self.maxEpochs = maxEpochs
        self.shuffle = shuffle
        self.seed = seed
        self.averageAfter = averageAfter
        self.tolerance = tolerance
        self.noImprovementPatience = noImprovementPatience
    }

    static func validate(_ schedule: LearningRateSchedule) throws {
        func positive(_ name: String, _ v: Double) throws {
            guard v > 0, v.isFinite else { throw OptimizationError.invalidParameter(name: name, value: "\(v)", requirement: "must be a finite number > 0") }
        }
        switch schedule {
        case let .constant(eta0), let .adaptive(eta0): try positive("eta0", eta0)
        case let .invscaling(eta0, power):
            try positive("eta0", eta0)
            guard power >= 0, power.isFinite else { throw OptimizationError.invalidParameter(name: "power", value: "\(power)", requirement: "must be a finite number >= 0") }
        case let .optimal(alpha, offset):
            try positive("alpha", alpha)
            guard offset >= 0, offset.isFinite else { throw OptimizationError.invalidParameter(name: "offset", value: "\(offset)", requirement: "must be a finite number >= 0") }
        }
    }

    public func minimize<Objective: StochasticObjective>(
        _ objective: Objective, from start: [Double],
        observer: ((_ epoch: Int, _ objective: Double) -> Void)? = nil
    ) throws -> OptimizationResult {
        let p = objective.dimension
        guard start.count == p else { throw OptimizationError.dimensionMismatch(expected: p, actual: start.count) }
        if let i = start.firstIndex(where: { !$0.isFinite }) {
            throw OptimizationError.invalidParameter(name: "start[\(i)]", value: "\(start[i])", requirement: "must be finite")
        }
        guard rule.parameterCount == p else {
            throw OptimizationError.invalidParameter(name: "rule.parameterCount", value: "\(rule.parameterCount)", requirement: "must equal the objective's dimension \(p)")
        }
        let n = objective.sampleCount
        guard n >= 1 else { throw OptimizationError.invalidParameter(name: "sampleCount", value: "\(n)", requirement: "must be >= 1") }

        var rule = self.rule
        rule.reset()
        var scheduler = self.schedule
        var generator = SplitMix64(seed: seed)
        var order = Array(0..<n)
        var theta = start
        var lastFinite = start
        var gradient = [Double](repeating: 0, count: p)
        var average = start
        var averaged = 0
        var samplesSeen = 0
        var evaluations = 0

        var history: [Double] = []
        let f0 = objective.value(at: start)
        evaluations += 1
        history.append(f0)
        var lastFiniteObjective = f0
        guard f0.isFinite else {
            return OptimizationResult(parameters: start, objective: f0, objectiveHistory: history, gradientNormHistory: [],
                                      iterations: 0, evaluations: evaluations, stopReason: .diverged)
        }

        var best = Double.infinity
        var epochsWithoutImprovement = 0
        var stopReason = OptimizationStopReason.iterationLimit
        var epochs = 0
        var diverged = false
        epochLoop: for epoch in 1...maxEpochs {
            if shuffle {
                // Fisher–Yates, j uniform in 0...i by Lemire's multiply-shift.
                var i = n - 1
                while i > 0 {
                    let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
                    order.swapAt(i, j)
                    i -= 1
                }
            }
            var sum = 0.0
            var batchStart = 0
            while batchStart < n {
                let batchEnd = min(batchStart + batchSize, n)
                let batch = order[batchStart..<batchEnd]
                let fb = objective.valueAndGradient(at: theta, batch: batch, gradient: &gradient)
                evaluations += 1
                guard fb.isFinite, Vector.allFinite(gradient) else { diverged = true; break epochLoop }
                // θ has a finite batch objective: remember it before stepping.
                for i in 0..<p { lastFinite[i] = theta[i] }
                lastFiniteObjective = fb
                sum += fb * Double(batchEnd - batchStart)
                let eta = scheduler.next()
                rule.step(parameters: &theta, gradient: gradient, learningRate: eta)
                samplesSeen += batchEnd - batchStart
                if let averageAfter, samplesSeen >= averageAfter {
                    averaged += 1
                    let w = 1 / Double(averaged)
                    for i in 0..<p { average[i] += (theta[i] - average[i]) * w }
                }
                batchStart = batchEnd
            }
            if !Vector.allFinite(theta) { diverged = true; break }
            epochs = epoch
            let epochObjective = sum / Double(n)
            history.append(epochObjective)
            observer?(epoch, epochObjective)
            guard let tolerance else { continue }
            let improved = !(epochObjective > best - tolerance)
            best = min(best, epochObjective)
            if case .adaptive = scheduler.schedule {
                if !scheduler.endEpoch(improved: improved) { stopReason = .learningRateFloor; break }
            } else {
                epochsWithoutImprovement = improved ? 0 : epochsWithoutImprovement + 1
                if epochsWithoutImprovement >= noImprovementPatience { stopReason = .objectiveTolerance; break }
            }
        }
        if diverged {
            // The last iterate with a finite objective (the average is not trusted after a blow-up).
            return OptimizationResult(parameters: lastFinite, objective: lastFiniteObjective, objectiveHistory: history,
                                      gradientNormHistory: [], iterations: epochs, evaluations: evaluations, stopReason: .diverged)
        }
        let final = averaged > 0 ? average : theta
        let fFinal = objective.value(at: final)
        evaluations += 1
        return OptimizationResult(parameters: final, objective: fFinal, objectiveHistory: history, gradientNormHistory: [],
                                  iterations: epochs, evaluations: evaluations, stopReason: fFinal.isFinite ? stopReason : .diverged)
    }
}
