import Foundation
import LossKitData
import LossKitNumerics

/// Kernel support-vector regression (libsvm's ε-SVR, scikit-learn's `SVR`),
/// with the ε-insensitive loss or the squared ε-insensitive loss.
///
/// The primal, for a feature map φ with `φ(a)·φ(b) = k(a, b)`:
///
///     min_{w,b}  ½‖w‖² + C Σᵢ wᵢ ℓ(yᵢ − w·φ(xᵢ) − b)
///
/// with `ℓ(r) = max(0, |r| − ε)` (`.epsilonInsensitive`, "L1") or
/// `ℓ(r) = max(0, |r| − ε)²` (`.squaredEpsilonInsensitive`, "L2") and sample
/// weights wᵢ (1 without weights). It is solved in the dual by SMO with
/// second-order working-set selection and shrinking (`SMOSolver`), exactly
/// as libsvm does for the L1 loss (box `0 ≤ α ≤ C·wᵢ`). The L2 loss is the
/// same dual with `1/(2C·wᵢ)` added to the kernel diagonal and no upper bound.
/// The fitted model predicts `ŷ(x) = Σᵢ βᵢ k(xᵢ, x) + b` over the support
/// vectors (rows with `βᵢ = α⁺ᵢ − α⁻ᵢ ≠ 0`).
///
/// ```swift
/// let svr = KernelSupportVectorRegression(kernel: .rbf(gamma: .scale), c: 1, epsilon: 0.1)
/// let model = try svr.fit(data)
/// print(model.supportRows.count, model.dualObjective, try model.predict(data).prefix(3))
/// ```
///
/// - Complexity: each SMO step costs O(n) plus O(n·p) per kernel row not in
///   the cache; the number of steps grows roughly like n to n² with the
///   number of support vectors. Memory: the design (row-major copy), O(n)
///   solver state and the cache (`cacheMegabytes`).
/// - Non-convergence: stopping at `maxIterations` returns the last iterate
///   with `converged == false` and a warning, never an error.
/// - Numerics: kernel rows are cached in single precision as in libsvm, so
///   the solution is that of a problem whose Q differs by ~6·10⁻⁸ relative;
///   the diagonal and the gradient are double precision.
public struct KernelSupportVectorRegression: Sendable {
    /// The loss on residuals beyond the ε tube (shared with the linear SVR).
    public typealias Loss = SupportVectorLoss

    public var kernel: SupportVectorKernel
    public var loss: Loss
    /// C > 0: the weight of the loss against ½‖w‖².
    public var c: Double
    /// The tube half-width ε ≥ 0 (in units of y).
    public var epsilon: Double
    /// Stop when the maximal KKT violation `m(α) − M(α)` is below this (libsvm's `eps`, scikit-learn's `tol`).
    public var tolerance: Double
    /// SMO steps allowed; nil: libsvm's `max(10⁷, 100·2n)`.
    public var maxIterations: Int?
    /// Memory for cached kernel rows, in MB (2²⁰ bytes).
    public var cacheMegabytes: Double
    /// libsvm's shrinking heuristic (on by default, as in libsvm and scikit-learn).
    public var shrinking: Bool

    public init(kernel: SupportVectorKernel = .rbf(gamma: .scale), loss: Loss = .epsilonInsensitive,
                c: Double = 1, epsilon: Double = 0.1, tolerance: Double = 1e-3, maxIterations: Int? = nil,
                cacheMegabytes: Double = 200, shrinking: Bool = true) {
        self.kernel = kernel
        self.loss = loss
        self.c = c
        self.epsilon = epsilon
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.cacheMegabytes = cacheMegabytes
        self.shrinking = shrinking
    }

    /// Checks every parameter.
    /// - Throws: `LossKitError.invalidParameter` naming `C`, `epsilon`,
    ///   `gamma`, `degree`, `coef0`, `tolerance`, `maxIterations` or `cacheMegabytes`.
    public func validate() throws {
        guard c > 0, c.isFinite else { throw LossKitError.invalidParameter(name: "C", value: "\(c)", requirement: "must be a finite number > 0") }
        guard epsilon >= 0, epsilon.isFinite else {
            throw LossKitError.invalidParameter(name: "epsilon", value: "\(epsilon)", requirement: "must be a finite number >= 0")
        }
        try kernel.validate()
        guard tolerance > 0, tolerance.isFinite else {
            throw LossKitError.invalidParameter(name: "tolerance", value: "\(tolerance)", requirement: "must be a finite number > 0")
        }
        if let maxIterations, maxIterations < 1 {
            throw LossKitError.invalidParameter(name: "maxIterations", value: "\(maxIterations)", requirement: "must be at least 1")
        }
        guard cacheMegabytes >= 1, cacheMegabytes.isFinite else {
            throw LossKitError.invalidParameter(name: "cacheMegabytes", value: "\(cacheMegabytes)", requirement: "the kernel cache needs at least 1 MB")
        }
    }
}

extension KernelSupportVectorRegression: Regressor {
    /// Fits `data` (weights: `C·wᵢ` per row, as libsvm and scikit-learn).
    /// - Throws: the errors of `validate()`; `LossKitError.tooFewValues` for no rows.
    public func fit(_ data: RegressionData) throws -> KernelSupportVectorRegressionModel {
        try fit(data, progress: nil)
    }

    /// `fit(_:)`, reporting every `min(2n, 1000)` SMO steps.
    public func fit(_ data: RegressionData, progress: ((TrainingProgress) -> Void)?) throws -> KernelSupportVectorRegressionModel {
        try validate()
        let n = data.rowCount
        guard n >= 1 else { throw LossKitError.tooFewValues(name: "rows", count: n, minimum: 1) }
        let resolved = kernel.resolved(for: data.features)
        try Self.checkKernelRange(resolved, requested: kernel, features: data.features)
        let rows = KernelRows(features: data.features, kernel: ResolvedKernel(resolved))
        let weights = data.weights ?? [Double](repeating: 1, count: n)
        let bounds: [Double], shift: [Double]?
        switch loss {
        case .epsilonInsensitive:
            bounds = weights.map { c * $0 }
            shift = nil
        case .squaredEpsilonInsensitive:
            bounds = [Double](repeating: .infinity, count: n)
            shift = weights.map { 1 / (2 * c * $0) }
        }
        let limit = maxIterations ?? max(10_000_000, 200 * n)
        let solver = SMOSolver(rows: rows, targets: data.targets, epsilon: epsilon, upperBounds: bounds, diagonalShift: shift,
                               tolerance: tolerance, shrinking: shrinking, maxIterations: limit,
                               cacheBytes: Int(cacheMegabytes * 1_048_576))
        let solution = solver.solve(progress: progress.map { report in
            { iterations, violation in
                report(TrainingProgress(step: iterations, message: "SMO step \(iterations), KKT violation "
                    + (violation.isFinite ? NumberFormat.significant(violation, digits: 3) : "n/a")))
            }
        })
        let support = solution.coefficients.indices.filter { solution.coefficients[$0] != 0 }
        let p = data.featureCount
        var vectors = [Double](repeating: 0, count: support.count * p)
        for (m, i) in support.enumerated() {
            for j in 0..<p { vectors[m * p + j] = rows.x[i * p + j] }
        }
        var warnings: [String] = []
        if !solution.converged {
            warnings.append("SMO stopped at the iteration limit (\(limit)) with KKT violation "
                + "\(NumberFormat.significant(solution.violation, digits: 3)) > tol \(NumberFormat.significant(tolerance, digits: 3)); "
                + "the model is the last iterate (raise --max-iter or loosen --tol)")
        }
        return KernelSupportVectorRegressionModel(
            featureNames: data.featureNames, kernel: resolved, loss: loss, c: c, epsilon: epsilon,
            intercept: -solution.rho, supportVectors: vectors, dualCoefficients: support.map { solution.coefficients[$0] },
            supportRows: support, dualObjective: solution.objective, iterations: solution.iterations,
            converged: solution.converged, fitSummary: FitSummary(
                observationCount: n, totalWeight: weights.reduce(0, +), weighted: data.weights != nil, warnings: warnings))
    }
}

extension KernelSupportVectorRegression {
    /// Refuses a kernel whose values would overflow on these data, before the
    /// solver runs: with B = maxᵢ ‖xᵢ‖², every |K(a, b)| is bounded by B
    /// (linear), (γB + |r|)^d (polynomial) and 1 (RBF, sigmoid), and the RBF and
    /// sigmoid arguments by 4γB and γB + |r|. When a bound is not finite the
    /// dual would be NaN (a polynomial of degree 10⁹ on Anscombe's data gave an
    /// intercept of NaN and "converged"); so is a resolved γ of 0 or ∞.
    /// - Complexity: O(n·p), one pass.
    /// - Throws: `LossKitError.invalidParameter` naming `gamma` or `degree`.
    static func checkKernelRange(_ kernel: SupportVectorKernel, requested: SupportVectorKernel, features x: Matrix) throws {
        var largest = 0.0
        x.withUnsafeBufferPointer { values in
            for v in values { largest = max(largest, abs(v)) }
        }
        var bound = 0.0
        if largest > 0, largest.isFinite {
            // Row norms of x / largest, each in [0, p]; B = largest² · max.
            var norms = [Double](repeating: 0, count: x.rows)
            x.withUnsafeBufferPointer { values in
                for j in 0..<x.columns {
                    for i in 0..<x.rows { let v = values[j * x.rows + i] / largest; norms[i] += v * v }
                }
            }
            bound = (norms.max() ?? 0) * largest * largest
        }
        func refuse(_ name: String, _ value: String, _ why: String) -> LossKitError {
            .invalidParameter(name: name, value: value, requirement: why + "; rescale the features")
        }
        let requestedGamma = requested.gamma?.description ?? ""
        switch kernel {
        case .linear:
            guard bound.isFinite else { throw refuse("kernel", "linear", "overflows: the largest ‖x‖² is beyond the floating-point range") }
        case let .polynomial(degree, .value(g), r):
            guard g > 0, g.isFinite else { throw refuse("gamma", requestedGamma, "resolves to γ = \(g) on these data") }
            let value = Foundation.pow(g * bound + abs(r), Double(degree))
            guard value.isFinite else {
                throw refuse("degree", "\(degree)", "makes the polynomial kernel overflow: (γ·max‖x‖² + |coef0|)^degree = (\(NumberFormat.significant(g * bound + abs(r), digits: 4)))^\(degree) is beyond the floating-point range")
            }
        case let .rbf(.value(g)), let .sigmoid(.value(g), _):
            guard g > 0, g.isFinite else { throw refuse("gamma", requestedGamma, "resolves to γ = \(g) on these data") }
            guard (4 * g * bound).isFinite else { throw refuse("gamma", requestedGamma, "makes γ·‖a − b‖² overflow on these data") }
        default:
            break
        }
    }
}
