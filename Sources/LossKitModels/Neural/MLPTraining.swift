import CLossKitKernels
import LossKitNumerics
import LossKitOptimization

/// One training run of `MLPRegressor` in the scalar type `Scalar`: the data
/// converted once to samples-as-columns, the mini-batch loop, the stopping
/// rules. See `MLPRegressor` for the objective and the rules.
struct MLPTraining<Scalar: NeuralScalar> {
    let settings: MLPRegressor
    let problem: MLPProblem

    /// Standardized inputs, `p × n` (row i of the data is column i here).
    private let x: [Scalar]
    /// Standardized targets, `K × n`.
    private let y: [Scalar]
    private let p: Int, k: Int, n: Int

    init(settings: MLPRegressor, problem: MLPProblem) {
        self.settings = settings
        self.problem = problem
        n = problem.features.rows
        p = problem.features.columns
        k = problem.targets.columns
        x = Self.transposedStandardized(problem.features, means: problem.inputMeans, scales: problem.inputScales)
        y = Self.transposedStandardized(problem.targets, means: problem.targetMeans, scales: problem.targetScales)
    }

    /// `m` (n × c, column-major) standardized per column and stored `c × n`.
    static func transposedStandardized(_ m: Matrix, means: [Double], scales: [Double]) -> [Scalar] {
        let rows = m.rows, columns = m.columns
        var out = [Scalar](repeating: 0, count: rows * columns)
        m.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                for j in 0..<columns {
                    let mean = means[j], scale = scales[j]
                    for i in 0..<rows { o[j + i * columns] = standardized(s[i + j * rows], mean: mean, scale: scale) }
                }
            }
        }
        return out
    }

    /// How much a loss in standardized units weighs in target units: σ² for
    /// the squared and Huber losses (Huber's δ is rescaled with the target),
    /// σ for the absolute error.
    var lossScales: [Double] {
        problem.targetScales.map { settings.loss == .absoluteError ? $0 : $0 * $0 }
    }

    func run(progress: ((TrainingProgress) -> Void)?) throws -> MLPRegressionModel {
        var generator = SplitMix64(seed: settings.seed)
        let sizes = [p] + settings.hiddenLayerSizes + [k]
        var network = MLPNetwork<Scalar>.initialized(sizes: sizes, activation: settings.activation,
                                                     initialization: settings.initialization, generator: &generator)
        // The validation split: a seeded permutation, the first ⌈f·n⌉ rows held out.
        var order = Array(0..<n)
        var validation: [Int] = []
        if settings.earlyStopping {
            order.shuffle(using: &generator)
            let held = Int((settings.validationFraction * Double(n)).rounded(.up))
            guard held >= 1, n - held >= 1 else {
                throw LossKitError.tooFewValues(name: "rows (to hold out validationFraction = \(settings.validationFraction))", count: n, minimum: 2)
            }
            validation = Array(order[..<held]).sorted()
            order = Array(order[held...]).sorted()
        }
        if let weights = problem.weights {
            if !order.contains(where: { weights[$0] > 0 }) { throw LossKitError.zeroTotalWeight }
            if settings.earlyStopping, !validation.contains(where: { weights[$0] > 0 }) {
                throw LossKitError.invalidParameter(name: "weights", value: "0 on every validation row",
                                                    requirement: "the validation rows need a positive total weight")
            }
        }
        // Huber's δ in target units is δ/σ in standardized units (ℓ_δ(σr) = σ²·ℓ_{δ/σ}(r)).
        var huber: [HuberLoss] = []
        if case let .huber(delta) = settings.loss {
            huber = try problem.targetScales.map { try HuberLoss(delta: delta / $0) }
        }
        let parameterCount = network.parameters.count
        // Training runs with subnormal floats flushed to zero (x86 FTZ/DAZ; the
        // products' worker threads take the same mode): under the L2 penalty
        // the weights of dead relu units and their Adam moments decay into the
        // subnormal range, where every operation on them is a microcode assist
        // (a 10× slower epoch). The caller's mode is restored on return and
        // around the progress callback.
        let outerMode = losskit_fp_mode_flush_subnormals()
        defer { losskit_fp_mode_set(outerMode) }
        let progress = progress.map { report in
            { (event: TrainingProgress) in
                let trainingMode = losskit_fp_mode_set(outerMode)
                report(event)
                losskit_fp_mode_set(trainingMode)
            }
        }
        switch settings.solver {
        case let .adam(beta1, beta2, epsilon):
            var rule = try AdamStep<Scalar>(parameterCount: parameterCount, beta1: Scalar(beta1), beta2: Scalar(beta2), epsilon: Scalar(epsilon))
            return train(&network, rule: &rule, huber: huber, training: order, validation: validation, generator: &generator, progress: progress)
        case let .sgd(momentum, nesterov):
            var rule = try MomentumStep<Scalar>(parameterCount: parameterCount, momentum: Scalar(momentum), nesterov: nesterov && momentum > 0)
            return train(&network, rule: &rule, huber: huber, training: order, validation: validation, generator: &generator, progress: progress)
        }
    }

    /// The epoch loop.
    private func train<Rule: GradientStepRule>(
        _ network: inout MLPNetwork<Scalar>, rule: inout Rule, huber: [HuberLoss], training: [Int], validation: [Int],
        generator: inout SplitMix64, progress: ((TrainingProgress) -> Void)?
    ) -> MLPRegressionModel where Rule.Scalar == Scalar {
        let batch = min(settings.batchSize ?? min(200, training.count), training.count)
        let workspace = MLPWorkspace<Scalar>(sizes: network.sizes, capacity: batch)
        var inputs = [Scalar](repeating: 0, count: p * batch)
        var targets = [Scalar](repeating: 0, count: k * batch)
        var rowWeights = [Double](repeating: 1, count: batch)
        var gradient = [Scalar](repeating: 0, count: network.parameters.count)
        var scheduler = LearningRateScheduler(.constant(eta0: settings.learningRate))
        let scales = lossScales, meanScale = scales.reduce(0, +) / Double(k)
        var rows = training
        let squared = Array(repeating: SquaredError(), count: k), absolute = Array(repeating: AbsoluteError(), count: k)

        var lossHistory: [Double] = [], validationHistory: [Double] = []
        var best = Double.infinity, bestParameters: [Scalar]? = nil, stale = 0
        var stopReason = OptimizationStopReason.iterationLimit
        var warnings: [String] = []

        /// Copies `indices` into the batch buffers (one contiguous column of
        /// `p` inputs and one of `k` targets per sample).
        func gather(_ indices: ArraySlice<Int>) {
            inputs.withUnsafeMutableBufferPointer { xb in
                x.withUnsafeBufferPointer { xs in
                    let xb = xb.baseAddress.unsafelyUnwrapped, xs = xs.baseAddress.unsafelyUnwrapped
                    for (t, i) in indices.enumerated() { (xb + t * p).update(from: xs + i * p, count: p) }
                }
            }
            targets.withUnsafeMutableBufferPointer { yb in
                y.withUnsafeBufferPointer { ys in
                    let yb = yb.baseAddress.unsafelyUnwrapped, ys = ys.baseAddress.unsafelyUnwrapped
                    for (t, i) in indices.enumerated() { (yb + t * k).update(from: ys + i * k, count: k) }
                }
            }
            if let w = problem.weights { for (t, i) in indices.enumerated() { rowWeights[t] = w[i] } }
        }

        /// Per-output `Σ wᵢ·ℓ(rᵢₖ)` over the gathered rows (standardized
        /// units) and `Σ wᵢ`; writes `∂J/∂ŷ` into `deltaA` when `withGradient`.
        func lossPass(count b: Int, withGradient: Bool, sums: inout [Double]) -> Double {
            let total = problem.weights == nil ? Double(b) : rowWeights[..<b].reduce(0, +)
            let output = UnsafePointer(workspace.output)
            let delta: UnsafeMutablePointer<Scalar>? = withGradient ? workspace.deltaA : nil
            targets.withUnsafeBufferPointer { t in
                rowWeights.withUnsafeBufferPointer { w in
                    let t = t.baseAddress.unsafelyUnwrapped, w = w.baseAddress.unsafelyUnwrapped
                    switch settings.loss {
                    case .squaredError: Self.lossTerms(squared, output: output, targets: t, weights: w, count: b, total: total, delta: delta, sums: &sums)
                    case .huber: Self.lossTerms(huber, output: output, targets: t, weights: w, count: b, total: total, delta: delta, sums: &sums)
                    case .absoluteError: Self.lossTerms(absolute, output: output, targets: t, weights: w, count: b, total: total, delta: delta, sums: &sums)
                    }
                }
            }
            return total
        }

        /// Per-output weighted mean loss on the validation rows (standardized units).
        func validationLoss() -> [Double] {
            var sums = [Double](repeating: 0, count: k), total = 0.0
            var start = 0
            while start < validation.count {
                let end = min(start + batch, validation.count)
                gather(validation[start..<end])
                inputs.withUnsafeBufferPointer { network.forward($0.baseAddress.unsafelyUnwrapped, batch: end - start, workspace: workspace) }
                total += lossPass(count: end - start, withGradient: false, sums: &sums)
                start = end
            }
            return sums.map { $0 / total }
        }

        // The weights before the last step whose batch loss was finite: what a
        // diverging run keeps (one copy of θ per step, O(p) next to O(b·p) flops).
        var lastFinite = network.parameters
        epochs: for epoch in 1...settings.maxEpochs {
            rows.shuffle(using: &generator)
            var sums = [Double](repeating: 0, count: k), penaltySum = 0.0, weightSum = 0.0
            var batchSums = [Double](repeating: 0, count: k)
            var start = 0
            while start < rows.count {
                let end = min(start + batch, rows.count), b = end - start
                gather(rows[start..<end])
                inputs.withUnsafeBufferPointer { network.forward($0.baseAddress.unsafelyUnwrapped, batch: b, workspace: workspace) }
                for c in 0..<k { batchSums[c] = 0 }
                let total = lossPass(count: b, withGradient: true, sums: &batchSums)
                let penalty = settings.alpha > 0 ? settings.alpha / (2 * Double(b)) * network.squaredWeightNorm() : 0
                let objective = batchSums.reduce(0, +) / (Double(k) * total) + penalty
                guard objective.isFinite else {
                    network.parameters = lastFinite
                    stopReason = .diverged
                    warnings.append("training diverged in epoch \(epoch) (the loss became \(objective)); the last weights with a finite loss are kept — try a smaller learning rate")
                    break epochs
                }
                lastFinite.withUnsafeMutableBufferPointer { last in
                    network.parameters.withUnsafeBufferPointer { theta in _ = last.initialize(from: theta) }
                }
                inputs.withUnsafeBufferPointer { xb in
                    gradient.withUnsafeMutableBufferPointer { g in
                        network.backward(xb.baseAddress.unsafelyUnwrapped, batch: b, workspace: workspace,
                                         penalty: Scalar(settings.alpha / Double(b)), gradient: g.baseAddress.unsafelyUnwrapped)
                    }
                }
                let eta = Scalar(scheduler.next())
                network.parameters.withUnsafeMutableBufferPointer { theta in
                    gradient.withUnsafeBufferPointer { g in rule.step(parameters: theta, gradient: g, learningRate: eta) }
                }
                for c in 0..<k { sums[c] += batchSums[c] }
                penaltySum += penalty * total
                weightSum += total
                start = end
            }
            let means = sums.map { $0 / weightSum }, penalty = penaltySum / weightSum
            let objective = means.reduce(0, +) / Double(k) + penalty
            lossHistory.append(zip(means, scales).reduce(0) { $0 + $1.0 * $1.1 } / Double(k) + meanScale * penalty)
            var score = objective
            var message = "epoch \(epoch)/\(settings.maxEpochs): training loss \(NumberFormat.significant(lossHistory[lossHistory.count - 1], digits: 6))"
            if settings.earlyStopping {
                let v = validationLoss()
                score = v.reduce(0, +) / Double(k)
                validationHistory.append(zip(v, scales).reduce(0) { $0 + $1.0 * $1.1 } / Double(k))
                message += ", validation loss \(NumberFormat.significant(validationHistory[validationHistory.count - 1], digits: 6))"
                if !score.isFinite {
                    network.parameters = bestParameters ?? lastFinite
                    stopReason = .diverged
                    warnings.append("the validation loss became \(score) in epoch \(epoch); the weights of the best validation epoch are kept — try a smaller learning rate")
                    break epochs
                }
            }
            progress?(TrainingProgress(step: epoch, message: message))
            // scikit-learn's rule: an epoch that does not beat the best by tol is stale.
            stale = score > best - settings.tolerance ? stale + 1 : 0
            if score < best {
                best = score
                if settings.earlyStopping { bestParameters = network.parameters }
            }
            if stale >= settings.patience {
                stopReason = .noImprovement
                break epochs
            }
        }
        if settings.earlyStopping, stopReason != .diverged, let bestParameters { network.parameters = bestParameters }
        if stopReason == .iterationLimit {
            warnings.append("training stopped at the epoch limit (\(settings.maxEpochs)) before the loss stopped improving; raise --epochs or loosen --tol")
        }
        let weights = problem.weights
        return MLPRegressionModel(
            network: Scalar.erase(network), problem: problem, settings: settings,
            lossHistory: lossHistory, validationHistory: settings.earlyStopping ? validationHistory : nil,
            epochs: lossHistory.count, stopReason: stopReason,
            summary: FitSummary(observationCount: n, totalWeight: weights?.reduce(0, +) ?? Double(n), weighted: weights != nil, warnings: warnings))
    }

    /// The loss of a batch: adds `Σⱼ wⱼ·ℓₖ(rⱼₖ)` (Double) to `sums[k]` for
    /// each output k, with `r = target − output` (`K × b` blocks, one sample
    /// per column), and, when `delta` is given, writes
    /// `∂J/∂ŷⱼₖ = (wⱼ/(K·total))·dℓ/dŷ` there — the derivative of the batch
    /// objective's data term `Σⱼₖ wⱼ·ℓₖ(rⱼₖ) / (K·total)`, with the loss's own
    /// `derivative(residual:)` (a subgradient at a kink, as documented per loss).
    static func lossTerms<L: RegressionLoss>(
        _ losses: [L], output: UnsafePointer<Scalar>, targets t: UnsafePointer<Scalar>, weights w: UnsafePointer<Double>,
        count b: Int, total: Double, delta: UnsafeMutablePointer<Scalar>?, sums: inout [Double]
    ) {
        let k = losses.count
        for c in 0..<k {
            let loss = losses[c]
            var s = 0.0
            for j in 0..<b {
                let index = c + j * k
                let r = t[index] - output[index]
                s += w[j] * Double(loss.value(residual: r))
                if let delta {
                    delta[index] = -Scalar(w[j] / (Double(k) * total)) * loss.derivative(residual: r)
                }
            }
            sums[c] += s
        }
    }
}
