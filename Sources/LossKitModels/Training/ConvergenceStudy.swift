import Foundation
import LossKitData
import LossKitNumerics
import LossKitOptimization

/// Why L2 is easy to train by gradient, and when it is not: the same linear
/// model (intercept, no penalty) trained under several losses with one
/// optimizer, each run compared with the exact optimum of its loss.
///
/// ```swift
/// let data = try RegressionData(table: table, target: "y")
/// let report = try ConvergenceStudy(optimizer: .gd, iterations: 1000).run(data)
/// print(report.text())                      // per loss: f*, f_K − f*, iterations to 1e-6, rate
/// report.json                               // `losskit converge --json`
/// ```
///
/// **The objective.** For every loss ℓ the objective is
/// `LinearModelObjective(loss: ℓ, alpha: 0, standardize: standardize)`,
/// `f(θ) = (1/n) Σᵢ ℓ(yᵢ − z̃ᵢᵀθ)`, started at θ = 0, with
/// - `l2`: `SquaredError` (ℓ = r², not ½r²),
/// - `huber`: `HuberLoss(delta: δ)` (½r² inside |r| ≤ δ) with
///   `δ = 1.345·σ̂`, `σ̂ = median|rᵢ| / 0.6745` over the residuals of the
///   least-squares fit (the normalized MAD about 0: the starting scale of
///   statsmodels' RLM; Huber's 95 %-efficiency constant). Not the L1 fit's
///   residuals: an exact L1 fit passes through p + 1 rows or more, and on
///   data with few outliers its MAD is a rounding error (Anscombe's set III:
///   4e-15), which would make Huber L1. When σ̂ = 0 σ̂ is the root mean
///   square of the residuals, and 1 if that is 0,
/// - `l1`: `AbsoluteError` (ℓ = |r|, a subgradient at 0).
///
/// **The optimum f\*.** The objective's own `value(at:)` at the exact
/// minimizer, mapped in with `parameters(intercept:coefficients:)`: for `l2`
/// `LinearRegression` (direct QR), for `l1` `RobustLinearRegression(loss:
/// .leastAbsoluteDeviation)` (the certified LP vertex), for `huber`
/// `RobustLinearRegression(loss: .huber(k: δ), scale: .fixed(1))` (IRLS with
/// the scale held at 1 minimizes `Σ ρ(rᵢ)` with statsmodels' `ρ(z) = z²/2`
/// inside k, `k|z| − k²/2` beyond — exactly `HuberLoss(delta: δ)` at k = δ, so
/// the same objective up to the factor 1/n). An optimizer can end a rounding
/// error below that value; then f\* is lowered to the smallest objective
/// seen, `min(f*, min_k f_k)`, and `optimumLowered` says so.
///
/// **The optimizers** (`Optimizer`); every run takes exactly `iterations`
/// iterations (epochs for `sgd`/`adam`), tolerances off, unless it stops at
/// machine precision (a failed line search of L-BFGS). L and μ are the
/// extreme eigenvalues of the L2 objective's Hessian on the coordinates
/// trained on: `2·diag(1, R)` standardized (R the correlation matrix),
/// `2·diag(1, C)` centered only (C the covariance) — the 2 because ℓ = r²
/// (`GradientConditioning.standardizedEigenvalues` / `centeredEigenvalues`
/// times 2); κ = L/μ.
/// - `gd`: `GradientDescent(.fixed(2/(L + μ)))`, the best fixed step for L2,
///   used unchanged for Huber (whose curvature ℓ″ ≤ 1 is at most half of
///   L2's, so the step is stable) and L1 (a subgradient method with a fixed
///   step does not converge: it stalls at a floor of order step·‖g‖² — that
///   is the story). When μ = 0 (κ = ∞) the step is 1/L.
/// - `nesterov`: `NesterovAcceleratedGradient(.fixed(lipschitz: L,
///   strongConvexity: μ))`, step 1/L, constant momentum.
/// - `lbfgs`: `LBFGS()` (memory 10, strong-Wolfe line search).
/// - `sgd`: `MiniBatchGradientDescent` with `MomentumStep(momentum: 0.9)`, a
///   constant rate η = 0.1/L (the heavy ball's effective step η/(1 − 0.9) is
///   1/L), batches of `batchSize`, shuffled with `seed`.
/// - `adam`: the same driver with `AdamStep` (PyTorch's defaults), constant
///   rate 0.01.
/// For `sgd` and `adam` the history is the full objective at the end of each
/// epoch (one extra pass per epoch), not the mean of the batch objectives the
/// driver reports, so it is comparable with f\*.
///
/// **What is measured,** per loss (see `ConvergenceReport.LossResult`): the
/// gap `f_k − f*`; its value relative to the starting gap; the first k with a
/// relative gap ≤ 1e-6; and the measured rate — the per-iteration contraction
/// of the distance to the optimum, `ρ̂ = (gap_b / gap_a)^{1/(2(b − a))}`, the
/// square root of the geometric-mean ratio of successive gaps over the
/// asymptotic stretch from a = the first k with relative gap < 1e-2 to b = the
/// last k with relative gap > 1e-11 (nil when that stretch is shorter than one
/// iteration). On a quadratic f − f* is quadratic in the distance, hence the
/// square root. The predicted L2 rate is `(κ − 1)/(κ + 1)` for `gd` and
/// `(√κ − 1)/(√κ + 1)` for `nesterov` (the bound; the implemented
/// constant-momentum method with step 1/L attains `1 − 1/√κ`, reported too).
///
/// - Complexity: per iteration one or two passes over X per loss (L-BFGS: the
///   line search's evaluations; sgd/adam: one epoch plus one full pass), plus
///   the exact fits (QR, the L1 LP, Huber IRLS) and O(n·p² + p³) for κ.
///   Memory: the histories, `iterations + 1` doubles per loss.
public struct ConvergenceStudy: Sendable {
    /// The losses compared.
    public enum Loss: String, Sendable, CaseIterable {
        case l2, huber, l1
    }

    /// The optimizer every loss is trained with.
    public enum Optimizer: String, Sendable, CaseIterable {
        case gd, nesterov, sgd, adam, lbfgs
    }

    public var losses: [Loss]
    public var optimizer: Optimizer
    /// Iterations (epochs for sgd and adam), ≥ 1 and ≤ `maximumIterations`.
    public var iterations: Int
    /// Train on standardized features (LossKit's default) or only centered ones.
    public var standardize: Bool
    /// Batch size of sgd and adam.
    public var batchSize: Int
    /// Shuffling seed of sgd and adam.
    public var seed: UInt64

    /// The largest iteration count accepted: the histories hold
    /// `iterations + 1` doubles per loss.
    public static let maximumIterations = 10_000_000
    /// Huber's tuning constant in units of σ̂ (95 % efficiency at the normal).
    public static let huberK = 1.345
    /// The relative suboptimality `iterationsToTarget` counts to.
    public static let target = 1e-6

    public init(losses: [Loss] = Loss.allCases, optimizer: Optimizer = .gd, iterations: Int = 1000,
                standardize: Bool = true, batchSize: Int = 32, seed: UInt64 = 0) {
        self.losses = losses
        self.optimizer = optimizer
        self.iterations = iterations
        self.standardize = standardize
        self.batchSize = batchSize
        self.seed = seed
    }

    /// Runs the study on `data` (unweighted).
    /// - Parameter progress: called with the loss and the iteration (epoch)
    ///   just finished, for a progress line; it does not change the result.
    /// - Throws: `LossKitError.invalidParameter` for `iterations` outside
    ///   1…`maximumIterations`, an empty `losses` or a batch size < 1;
    ///   `.unsupported` for weighted data (the exact L1 and Huber solvers take
    ///   no weights); the exact fits' errors (`.insufficientRows`,
    ///   `.singularMatrix` for collinear features).
    public func run(_ data: RegressionData, progress: ((Loss, Int) -> Void)? = nil) throws -> ConvergenceReport {
        guard iterations >= 1, iterations <= Self.maximumIterations else {
            throw LossKitError.invalidParameter(name: "iterations", value: "\(iterations)",
                                                requirement: "must be in 1...\(Self.maximumIterations) (the history keeps one number per iteration)")
        }
        guard !losses.isEmpty else { throw LossKitError.invalidParameter(name: "losses", value: "[]", requirement: "must name at least one loss") }
        guard batchSize >= 1 else { throw LossKitError.invalidParameter(name: "batchSize", value: "\(batchSize)", requirement: "must be >= 1") }
        guard data.weights == nil else {
            throw LossKitError.unsupported(name: "weights", model: "converge", reason: "the exact L1 and Huber solvers take no sample weights")
        }
        let x = data.features, y = data.targets
        let conditioning = try GradientConditioning(data: data)
        let eigen = standardize ? conditioning.standardizedEigenvalues : conditioning.centeredEigenvalues
        let kappa = standardize ? conditioning.standardizedConditionNumber : conditioning.centeredConditionNumber
        // ℓ = r²: the Hessian is 2·Z̃ᵀZ̃/n.
        let lipschitz = 2 * eigen.largest
        let strongConvexity = kappa.isFinite ? 2 * eigen.smallest : 0

        // The exact minimizers; the least-squares residuals set Huber's δ.
        let ols = try LinearRegression().fit(data)
        let lad = try RobustLinearRegression(loss: .leastAbsoluteDeviation).fitDetails(features: x, targets: y)
        let olsResiduals = zip(y, try ols.predict(x)).map { $0 - $1 }
        var sigma = RobustScale.medianAbsoluteDeviation(olsResiduals, center: .zero)
        var sigmaNote: String? = nil
        if !(sigma > 0 && sigma.isFinite) {
            let rms = (olsResiduals.reduce(0) { $0 + $1 * $1 } / Double(max(1, olsResiduals.count))).squareRoot()
            sigma = rms > 0 && rms.isFinite ? rms : 1
            sigmaNote = "the MAD of the least-squares residuals is 0; σ̂ is their root mean square" + (rms > 0 && rms.isFinite ? "" : " (also 0, so σ̂ = 1)")
        }
        let delta = Self.huberK * sigma

        var results: [ConvergenceReport.LossResult] = []
        for loss in losses {
            let result: ConvergenceReport.LossResult
            switch loss {
            case .l2:
                result = try train(loss: .l2, SquaredError(), data: data, exact: (ols.intercept, ols.coefficients),
                                   source: "direct least squares (QR)", delta: nil, lipschitz: lipschitz,
                                   strongConvexity: strongConvexity, progress: progress)
            case .l1:
                result = try train(loss: .l1, AbsoluteError(), data: data, exact: (lad.intercept, lad.coefficients),
                                   source: lad.isExactVertex ? "exact LP vertex" : "L1 IRLS (vertex not certified)", delta: nil,
                                   lipschitz: lipschitz, strongConvexity: strongConvexity, progress: progress)
            case .huber:
                let irls = try RobustLinearRegression(loss: .huber(k: delta), scale: .fixed(1)).fitDetails(features: x, targets: y)
                result = try train(loss: .huber, HuberLoss(delta: delta), data: data, exact: (irls.intercept, irls.coefficients),
                                   source: irls.converged ? "IRLS (scale fixed at 1)" : "IRLS (scale fixed at 1, not converged: \(irls.stopReason.rawValue))",
                                   delta: delta, lipschitz: lipschitz, strongConvexity: strongConvexity, progress: progress)
            }
            results.append(result)
        }

        let predicted: Double?, attained: Double?
        switch optimizer {
        case .gd:
            predicted = GradientConditioning.gradientDescentRate(conditionNumber: kappa); attained = nil
        case .nesterov:
            predicted = GradientConditioning.nesterovRate(conditionNumber: kappa)
            attained = kappa.isFinite ? 1 - 1 / kappa.squareRoot() : 1
        case .lbfgs, .sgd, .adam:
            predicted = nil; attained = nil
        }
        return ConvergenceReport(
            optimizer: optimizer, standardized: standardize, iterations: iterations, rowCount: data.rowCount,
            featureNames: data.featureNames, targetName: data.targetName,
            conditionNumber: kappa, rawConditionNumber: conditioning.rawConditionNumber,
            lipschitz: lipschitz, strongConvexity: strongConvexity,
            stepSize: optimizer == .gd ? gradientStep(lipschitz, strongConvexity) : (optimizer == .nesterov ? 1 / lipschitz : nil),
            predictedRate: predicted, predictedRateStepOneOverL: attained,
            huberDelta: losses.contains(.huber) ? delta : nil, huberScale: sigma, huberScaleNote: sigmaNote,
            batchSize: (optimizer == .sgd || optimizer == .adam) ? batchSize : nil,
            seed: (optimizer == .sgd || optimizer == .adam) ? seed : nil,
            results: results)
    }

    /// The L2 study with and without standardization (same optimizer and
    /// iterations): how the features' scales set κ.
    public func standardizationComparison(_ data: RegressionData) throws -> (standardized: ConvergenceReport, centered: ConvergenceReport) {
        var study = self
        study.losses = [.l2]
        study.standardize = true
        let a = try study.run(data)
        study.standardize = false
        return (a, try study.run(data))
    }

    /// 2/(L + μ), or 1/L when μ = 0.
    func gradientStep(_ l: Double, _ mu: Double) -> Double {
        mu > 0 ? 2 / (l + mu) : 1 / l
    }

    func train<L: RegressionLoss>(
        loss name: Loss, _ loss: L, data: RegressionData, exact: (intercept: Double, coefficients: [Double]),
        source: String, delta: Double?, lipschitz: Double, strongConvexity: Double, progress: ((Loss, Int) -> Void)?
    ) throws -> ConvergenceReport.LossResult {
        let objective = try LinearModelObjective(features: data.features, targets: data.targets, loss: loss,
                                                 alpha: 0, standardize: standardize)
        let exactOptimum = objective.value(at: objective.parameters(intercept: exact.intercept, coefficients: exact.coefficients))
        let observer: (Int, Double) -> Void = { k, _ in progress?(name, k) }
        let stopping = StoppingCriteria(gradientTolerance: 0, objectiveTolerance: 0, maxIterations: iterations, maxEvaluations: Int.max / 2)
        let start = objective.zeroStart
        let run: OptimizationResult
        var history: [Double]
        switch optimizer {
        case .gd:
            run = try GradientDescent(stepSize: .fixed(gradientStep(lipschitz, strongConvexity)))
                .minimize(objective, from: start, stopping: stopping, observer: observer)
            history = run.objectiveHistory
        case .nesterov:
            run = try NesterovAcceleratedGradient(.fixed(lipschitz: lipschitz, strongConvexity: strongConvexity))
                .minimize(objective, from: start, stopping: stopping, observer: observer)
            history = run.objectiveHistory
        case .lbfgs:
            run = try LBFGS().minimize(objective, from: start, stopping: stopping, observer: observer)
            history = run.objectiveHistory
        case .sgd, .adam:
            let recorder = EpochRecorder(objective, batchesPerEpoch: (objective.sampleCount + batchSize - 1) / batchSize)
            let p = objective.dimension
            if optimizer == .sgd {
                let driver = try MiniBatchGradientDescent(
                    rule: MomentumStep<Double>(parameterCount: p, momentum: 0.9),
                    schedule: LearningRateScheduler(.constant(eta0: 0.1 / lipschitz)),
                    batchSize: batchSize, maxEpochs: iterations, seed: seed, tolerance: nil)
                run = try driver.minimize(recorder, from: start, observer: observer)
            } else {
                let driver = try MiniBatchGradientDescent(
                    rule: AdamStep<Double>(parameterCount: p), schedule: LearningRateScheduler(.constant(eta0: 0.01)),
                    batchSize: batchSize, maxEpochs: iterations, seed: seed, tolerance: nil)
                run = try driver.minimize(recorder, from: start, observer: observer)
            }
            // f(θ₀), f after each epoch but the last (recorded at the next
            // epoch's first batch), and the final objective.
            history = [run.objectiveHistory.first ?? objective.value(at: start)] + recorder.values
            if history.count < run.iterations + 1 { history.append(run.objective) }
            if history.count > run.iterations + 1 { history.removeLast(history.count - run.iterations - 1) }
        }
        let lowest = history.filter(\.isFinite).min() ?? exactOptimum
        let optimum = min(exactOptimum, lowest)
        return ConvergenceReport.LossResult(
            loss: name, delta: delta, exactOptimum: exactOptimum, optimum: optimum, optimumSource: source,
            history: history, iterations: run.iterations, stopReason: run.stopReason)
    }
}

/// A `StochasticObjective` that records the full objective at the start of
/// every epoch after the first (the parameters the previous epoch ended at):
/// the mini-batch driver evaluates batch k·B first in epoch k + 1.
final class EpochRecorder<Inner: StochasticObjective>: StochasticObjective {
    let inner: Inner
    let batchesPerEpoch: Int
    private(set) var values: [Double] = []
    private var batches = 0

    init(_ inner: Inner, batchesPerEpoch: Int) {
        self.inner = inner
        self.batchesPerEpoch = max(1, batchesPerEpoch)
    }

    var dimension: Int { inner.dimension }
    var sampleCount: Int { inner.sampleCount }

    func value(at x: [Double]) -> Double { inner.value(at: x) }

    func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
        inner.valueAndGradient(at: x, gradient: &gradient)
    }

    func valueAndGradient(at x: [Double], batch: ArraySlice<Int>, gradient: inout [Double]) -> Double {
        if batches > 0, batches % batchesPerEpoch == 0 { values.append(inner.value(at: x)) }
        batches += 1
        return inner.valueAndGradient(at: x, batch: batch, gradient: &gradient)
    }
}
