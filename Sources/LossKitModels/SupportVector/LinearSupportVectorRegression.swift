import LossKitData
import LossKitNumerics

/// Linear support-vector regression: `ŷ = b + x·w` minimizing
///
///     P(w, b) = ½‖w‖² + C Σᵢ sᵢ·ℓ(yᵢ − b − xᵢ·w)
///     ℓ(r) = max(0, |r| − ε)     (`.epsilonInsensitive`, the L1 loss)
///     ℓ(r) = max(0, |r| − ε)²    (`.squaredEpsilonInsensitive`, the L2 loss)
///
/// with sample weights `sᵢ` (each row's cost is `Cᵢ = C·sᵢ`). Residuals inside
/// the tube `|r| ≤ ε` cost nothing; the L1 loss charges the part beyond the
/// tube linearly (robust, like L1 regression), the L2 loss quadratically.
///
/// ```swift
/// let svr = LinearSupportVectorRegression(loss: .squaredEpsilonInsensitive, C: 1, epsilon: 0.1)
/// let model = try svr.fit(data)          // LinearSupportVectorRegressionModel
/// model.coefficients, model.intercept, model.converged, model.supportVectorCount
/// ```
///
/// ## Solvers (`Solver`)
/// - `.dualCoordinateDescent`: coordinate descent on the dual, one `βᵢ` per
///   row, with shrinking (Ho & Lin 2012; LIBLINEAR's `-s 12/13`); both losses.
///   `w = Σβᵢxᵢ`; rows with `βᵢ ≠ 0` are the support vectors. Stops when the
///   summed violation of the dual optimality conditions is `≤ tolerance ×`
///   its value at β = 0 (LIBLINEAR's rule).
/// - `.trustRegionNewton`: Newton's method on the primal with a trust region
///   and conjugate-gradient steps (TRON; LIBLINEAR's `-s 11`). L2 loss: stops
///   when `‖∇P‖ ≤ tolerance·‖∇P(0)‖`. L1 loss (not differentiable): Newton on
///   a Huber-smoothed loss whose smoothing shrinks ×10 per stage
///   (`LinearSVRSmoothedNewton`); the smoothed solution's slopes are a
///   feasible dual point, and it stops when the relative duality gap
///   `(P − D)/P ≤ tolerance` — a certificate that P is within that of the
///   optimum. It reaches gaps of about 1e-8 (not 1e-12: at smaller
///   smoothing the rows on the tube's edge are decided by rounding); for a
///   tighter L1 fit use the dual.
/// - `.automatic` (default): the primal Newton method, except for fewer than
///   `10·(p + 1)` rows with the L1 loss, or fewer rows than features with the
///   L2 loss, where the dual (of size n) is cheaper. With many more rows
///   than features the L1 dual needs thousands of epochs (each `βᵢ` moves
///   toward ±Cᵢ by about `|rᵢ|/‖xᵢ‖²` per visit) where the smoothed Newton
///   method needs a few dozen passes over the data.
///
/// ## The intercept
/// By default `b` is **not** penalized — the objective above. LIBLINEAR and
/// scikit-learn's `LinearSVR` instead append a constant feature of value
/// `interceptScaling` and penalize its weight like the others
/// (`penalizeIntercept: true` does the same, for parity with them:
/// `P + ½(b/interceptScaling)²`), which shrinks `b` toward 0 and makes the
/// fit depend on where y's origin is.
///
/// Exactly unpenalized, in each solver:
/// - Newton: `b` is a variable of the primal with no penalty (its row of the
///   Hessian is `2Σ_I Cᵢ`); nothing else changes.
/// - Dual: an unpenalized `b` adds the equality constraint `Σβᵢ = 0` to the
///   dual, which single-coordinate steps cannot keep. The dual is solved
///   instead by the proximal-point method on `b` (the method of multipliers
///   for that constraint): each outer step solves the penalized problem
///   `min P(w, b) + (b − λ)²/(2B²)` — LIBLINEAR's problem with a bias
///   feature of value `B` and targets `y − λ`, warm-started — and moves the
///   centre `λ` to the new `b`. Every step decreases P; the iteration
///   converges to the unpenalized optimum for any `B > 0`, at a linear rate
///   (finitely for these piecewise-quadratic problems). `B²` starts at the
///   mean of `‖xᵢ‖²` (the coordinate steps stay well scaled) and grows ×10
///   whenever an outer step shrinks `|Σβᵢ|` by less than half. It stops when the
///   inner stopping rule holds and `|Σβᵢ| ≤ tolerance·Σ|βᵢ|` (the b-component
///   of the primal gradient, relative). The penalized-intercept optimum is a
///   feasible point of the unpenalized problem with a larger objective, so the
///   unpenalized objective is never above it (tested).
///
/// ## Edge cases
/// Hitting `maxIterations` (epochs of the dual, summed over the outer steps, or
/// Newton steps, summed over the smoothing stages) is not an error: the last iterate is returned with
/// `converged == false` and a warning. A fit where every target lies inside
/// the tube around 0 (penalized) or around `b` returns `w = 0`. NaN/±∞ in the
/// data are rejected by `RegressionData`. Objectives are summed with
/// compensation; `C·sᵢ·ℓ` may overflow to +∞ for absurd data (|y| ≈ 1e154),
/// and the fit then stops without converging.
///
/// - Complexity: dual: O(n·p) memory (a row-major copy of X), O(active rows · p)
///   per epoch; Newton: no copy of X, O(n·p) per function evaluation (one
///   pass over X that also sums the gradient), and per CG step O(p²) after an
///   O(n·p²) Gram matrix when p + 1 ≤ 128, else O(n·p). The
///   dual needs many epochs when ε = 0 and C is large (many rows near the
///   tube's edge); the primal Newton method is insensitive to that.
public struct LinearSupportVectorRegression: Sendable {
    /// The loss beyond the ε tube (shared with the kernel SVR).
    public typealias Loss = SupportVectorLoss

    /// The optimization method (see the type's documentation).
    public enum Solver: String, Sendable, CaseIterable, Codable {
        case automatic
        case dualCoordinateDescent = "dual-cd"
        case trustRegionNewton = "primal-newton"
    }

    public var loss: Loss
    /// The cost of the loss relative to the penalty `½‖w‖²`; finite and > 0.
    public var C: Double
    /// The tube's half-width, in units of y; finite and ≥ 0.
    public var epsilon: Double
    /// Fit an intercept `b` (default true).
    public var fitIntercept: Bool
    /// Penalize the intercept as LIBLINEAR/scikit-learn do (default false).
    public var penalizeIntercept: Bool
    /// The value of the constant feature whose weight is the intercept when it
    /// is penalized (scikit-learn's `intercept_scaling`); finite and > 0.
    public var interceptScaling: Double
    public var solver: Solver
    /// The relative stopping tolerance (see the solvers); finite and > 0.
    /// LIBLINEAR's and scikit-learn's default is 1e-4.
    public var tolerance: Double
    /// The most dual epochs or Newton steps; ≥ 1.
    public var maxIterations: Int
    /// Seeds the dual's random order of rows (results are deterministic given it).
    public var seed: UInt64

    public init(loss: Loss = .epsilonInsensitive, C: Double = 1, epsilon: Double = 0,
                fitIntercept: Bool = true, penalizeIntercept: Bool = false, interceptScaling: Double = 1,
                solver: Solver = .automatic, tolerance: Double = 1e-4, maxIterations: Int = 1000, seed: UInt64 = 0) {
        self.loss = loss
        self.C = C
        self.epsilon = epsilon
        self.fitIntercept = fitIntercept
        self.penalizeIntercept = penalizeIntercept
        self.interceptScaling = interceptScaling
        self.solver = solver
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.seed = seed
    }

    /// The solver `.automatic` resolves to for `rows × features` data.
    public func resolvedSolver(rows: Int, features: Int) -> Solver {
        switch solver {
        case .automatic:
            let dualIsCheaper = loss == .epsilonInsensitive ? rows < 10 * (features + 1) : rows < features
            return dualIsCheaper ? .dualCoordinateDescent : .trustRegionNewton
        default:
            return solver
        }
    }

    /// Checks the settings.
    /// - Throws: `LossKitError.invalidParameter` naming `C`, `epsilon`,
    ///   `interceptScaling`, `tolerance` or `maxIterations`.
    public func validate() throws {
        guard C.isFinite, C > 0 else {
            throw LossKitError.invalidParameter(name: "C", value: "\(C)", requirement: "must be finite and > 0")
        }
        guard epsilon.isFinite, epsilon >= 0 else {
            throw LossKitError.invalidParameter(name: "epsilon", value: "\(epsilon)", requirement: "must be finite and >= 0")
        }
        guard interceptScaling.isFinite, interceptScaling > 0 else {
            throw LossKitError.invalidParameter(name: "interceptScaling", value: "\(interceptScaling)",
                                                requirement: "must be finite and > 0")
        }
        guard tolerance.isFinite, tolerance > 0 else {
            throw LossKitError.invalidParameter(name: "tolerance", value: "\(tolerance)", requirement: "must be finite and > 0")
        }
        guard maxIterations >= 1 else {
            throw LossKitError.invalidParameter(name: "maxIterations", value: "\(maxIterations)", requirement: "must be >= 1")
        }
    }

    /// Fits `data` (see the type's documentation).
    /// - Throws: `validate()`'s errors; `LossKitError.tooFewValues` for no rows.
    public func fit(_ data: RegressionData) throws -> LinearSupportVectorRegressionModel {
        try fit(data, progress: nil)
    }

    /// `fit(_:)`, reporting each dual epoch or Newton step.
    public func fit(_ data: RegressionData, progress: ((TrainingProgress) -> Void)?) throws -> LinearSupportVectorRegressionModel {
        try validate()
        guard data.rowCount >= 1 else { throw LossKitError.tooFewValues(name: data.targetName, count: 0, minimum: 1) }
        let dual = resolvedSolver(rows: data.rowCount, features: data.features.columns) == .dualCoordinateDescent
        let problem = LinearSVRProblem(features: data.features, targets: data.targets, weights: data.weights,
                                       c: C, epsilon: epsilon, loss: loss, rowMajor: dual)
        let solution = solve(problem, progress: progress)
        var warnings: [String] = []
        if !solution.converged {
            warnings.append("the \(solution.solver == .trustRegionNewton ? "primal Newton method" : "dual coordinate descent") "
                + "stopped after \(solution.iterations) iterations (maxIterations = \(maxIterations)) before reaching "
                + "tolerance \(tolerance); the coefficients are the last iterate")
        }
        let summary = FitSummary(observationCount: data.rowCount,
                                 totalWeight: data.weights.map { w in Summation.compensatedSum(count: w.count) { w[$0] } } ?? Double(data.rowCount),
                                 weighted: data.weights != nil, warnings: warnings)
        return LinearSupportVectorRegressionModel(settings: self, featureNames: data.featureNames, solution: solution,
                                                  summary: summary)
    }

    /// Fits features and targets given in any binary floating-point type
    /// (`Float`, `Double`, `Float16`…), converted once to Double (the solvers'
    /// precision).
    /// - Parameters:
    ///   - columns: the p feature columns, each of n values.
    ///   - targets: the n targets.
    ///   - weights: optional sample weights (≥ 0; rows weighing 0 are left out).
    /// - Throws: as `RegressionData.init(features:targets:weights:featureNames:)` and `fit(_:)`.
    public func fit<Scalar: BinaryFloatingPoint>(columns: [[Scalar]], targets: [Scalar], weights: [Scalar]? = nil,
                                                 featureNames: [String]? = nil) throws -> LinearSupportVectorRegressionModel {
        func doubles(_ values: [Scalar]) -> [Double] {
            var out: [Double] = []
            out.reserveCapacity(values.count)
            for value in values { out.append(Double(value)) }
            return out
        }
        var converted: [[Double]] = []
        for column in columns { converted.append(doubles(column)) }
        return try fit(RegressionData(features: Matrix(columns: converted), targets: doubles(targets),
                                      weights: weights.map(doubles), featureNames: featureNames))
    }

    // MARK: - Solving

    /// What a solver found, in the data's units.
    struct Solution {
        var solver: Solver
        var coefficients: [Double]
        var intercept: Double
        /// `βᵢ`: the dual solution, or the one the primal implies.
        var dual: [Double]
        var primalObjective: Double
        var dualObjective: Double
        var iterations: Int
        var outerSteps: Int
        var converged: Bool
        var history: [Double]
    }

    func solve(_ problem: LinearSVRProblem, progress: ((TrainingProgress) -> Void)?) -> Solution {
        let chosen = resolvedSolver(rows: problem.rows, features: problem.features)
        let penalized = fitIntercept && penalizeIntercept
        var solution: Solution
        switch chosen {
        case .trustRegionNewton where loss == .epsilonInsensitive:
            let bias = fitIntercept ? (penalized ? interceptScaling : 1) : 0
            let smoothed = LinearSVRSmoothedNewton(problem: problem, bias: bias, regularizeBias: penalized || !fitIntercept)
            let result = smoothed.solve(tolerance: tolerance, maxIterations: maxIterations) { step, ratio in
                progress?(TrainingProgress(step: step, message: "Newton step \(step), ‖∇f‖/‖∇f(0)‖ = \(NumberFormat.significant(ratio, digits: 3))"))
            }
            solution = Solution(solver: chosen, coefficients: result.w, intercept: bias * result.v, dual: result.dual,
                                primalObjective: result.primalObjective, dualObjective: result.dualObjective,
                                iterations: result.iterations, outerSteps: result.stages,
                                converged: result.converged, history: result.history)
        case .trustRegionNewton:
            let bias = fitIntercept ? (penalized ? interceptScaling : 1) : 0
            let newton = LinearSVRTrustRegionNewton(problem: problem, bias: bias, regularizeBias: penalized || !fitIntercept)
            let result = newton.solve(tolerance: tolerance, maxIterations: maxIterations) { step, ratio in
                progress?(TrainingProgress(step: step, message: "Newton step \(step), ‖∇f‖/‖∇f(0)‖ = \(NumberFormat.significant(ratio, digits: 3))"))
            }
            let intercept = bias * result.v
            let dual = problem.impliedDual(residuals: result.residuals)
            // Σβᵢxᵢ = w − ∇_w P: no further pass over the data.
            let weightedSum = (0..<problem.features).map { result.w[$0] - result.gradient[$0] }
            solution = Solution(
                solver: chosen, coefficients: result.w, intercept: intercept, dual: dual,
                primalObjective: problem.primalObjective(w: result.w, v: result.v, residuals: result.residuals,
                                                         regularizeBias: penalized || !fitIntercept),
                dualObjective: problem.dualObjective(beta: dual, weightedSum: weightedSum, intercept: intercept,
                                                     penalizedBias: penalized ? interceptScaling : nil),
                iterations: result.iterations, outerSteps: 1, converged: result.converged, history: result.history)
        default:
            solution = solveDual(problem, penalized: penalized, progress: progress)
        }
        return solution
    }

    private func solveDual(_ given: LinearSVRProblem, penalized: Bool,
                           progress: ((TrainingProgress) -> Void)?) -> Solution {
        // The dual reads rows: a problem built for the primal solvers gets its row-major copy here.
        let problem = given.x.count == given.rows * given.features ? given
            : LinearSVRProblem(features: given.design, targets: given.y, cost: given.cost, epsilon: given.epsilon,
                               loss: given.loss, rowMajor: true)
        var solution = solveDualCoefficients(problem, penalized: penalized, progress: progress)
        let scaling = penalized ? interceptScaling : 1
        solution.primalObjective = problem.primalObjective(
            w: solution.coefficients, v: solution.intercept / scaling, bias: scaling, offset: 0, regularizeBias: penalized)
        // w = Σβᵢxᵢ is what the dual keeps.
        solution.dualObjective = problem.dualObjective(beta: solution.dual, weightedSum: solution.coefficients,
                                                       intercept: solution.intercept,
                                                       penalizedBias: penalized ? interceptScaling : nil)
        return solution
    }

    private func solveDualCoefficients(_ problem: LinearSVRProblem, penalized: Bool,
                                       progress: ((TrainingProgress) -> Void)?) -> Solution {
        var cd = LinearSVRDualCoordinateDescent(rows: problem.rows, features: problem.features, seed: seed)
        var epochs = 0
        var history: [Double] = []
        let report: (Int, Double) -> Void = { epoch, ratio in
            progress?(TrainingProgress(step: epochs + epoch,
                                       message: "dual epoch \(epochs + epoch), violation ratio \(NumberFormat.significant(ratio, digits: 3))"))
        }
        if !fitIntercept || penalized {
            let bias = fitIntercept ? interceptScaling : 0
            let reference = LinearSVRDualCoordinateDescent.reference(problem, offset: 0)
            let run = cd.run(problem, bias: bias, offset: 0, tolerance: tolerance, reference: reference,
                             maxEpochs: maxIterations, onEpoch: report)
            epochs = run.epochs
            return Solution(solver: .dualCoordinateDescent, coefficients: cd.w, intercept: bias * bias * cd.betaSum,
                            dual: cd.beta, primalObjective: 0, dualObjective: 0, iterations: epochs, outerSteps: 1,
                            converged: run.converged, history: history)
        }
        // Unpenalized intercept: proximal point on b (see the type's documentation).
        var center = Summation.compensatedSum(count: problem.rows) { problem.cost[$0] * problem.y[$0] }
            / Summation.compensatedSum(count: problem.rows) { problem.cost[$0] }
        let meanSquaredNorm = problem.squaredNorms.reduce(0, +) / Double(problem.rows)
        var biasSquared = max(meanSquaredNorm, 1)
        let reference = LinearSVRDualCoordinateDescent.reference(problem, offset: center)
        var outer = 0
        var converged = false
        var previousImbalance = Double.infinity
        while epochs < maxIterations {
            outer += 1
            let bias = biasSquared.squareRoot()
            let run = cd.run(problem, bias: bias, offset: center, tolerance: tolerance, reference: reference,
                             maxEpochs: maxIterations - epochs, onEpoch: report)
            epochs += run.epochs
            // The new b = λ + B·v with v = B·Σβ.
            let sum = cd.beta.reduce(0, +)
            center += biasSquared * sum
            cd.betaSum = sum
            history.append(-problem.dualObjective(beta: cd.beta, intercept: center, penalizedBias: nil))
            let imbalance = abs(sum)
            let scale = cd.beta.reduce(0) { $0 + abs($1) }
            if run.converged && imbalance <= tolerance * max(scale, .leastNormalMagnitude) {
                converged = true
                break
            }
            if run.converged && imbalance > 0.5 * previousImbalance { biasSquared *= 10 }
            previousImbalance = imbalance
            if !run.converged && epochs >= maxIterations { break }
        }
        // The last step's b is λ (its v was absorbed); β still carries a tiny imbalance.
        return Solution(solver: .dualCoordinateDescent, coefficients: cd.w, intercept: center, dual: cd.beta,
                        primalObjective: 0, dualObjective: 0, iterations: epochs, outerSteps: outer,
                        converged: converged, history: history)
    }
}
