import Foundation
import LossKitNumerics

/// How hard least squares is for gradient methods on these features: the
/// condition number κ of the least-squares Hessian on the raw features and on
/// the standardized features LossKit trains on.
///
/// For f(b, w) = Σ sᵢ(yᵢ − b − xᵢᵀw)² / (2Σs) the Hessian is the weighted
/// second-moment matrix of the design with an intercept column,
/// `H = Σ sᵢ zᵢzᵢᵀ / Σs`, `zᵢ = (1, xᵢ)`. Gradient descent with the best fixed
/// step 2/(λ_max + λ_min) shrinks the distance to the optimum by at least
/// `(κ − 1)/(κ + 1)` per iteration and Nesterov's method by
/// `(√κ − 1)/(√κ + 1)`, where `κ = λ_max/λ_min`; the suboptimality f − f*
/// shrinks by the square of that rate. Reaching a relative suboptimality of
/// 10⁻⁶ therefore takes about `ln(10⁶)/(2·ln((κ+1)/(κ−1))) ≈ 3.45·κ`
/// gradient-descent iterations.
///
/// Standardizing (centering each column and dividing by its standard
/// deviation) makes the intercept's direction orthogonal to the others
/// (eigenvalue 1) and turns the rest into the correlation matrix R, so
/// `κ_std = max(1, λ_max(R)) / min(1, λ_min(R))`: it depends only on how
/// correlated the features are, not on their units or offsets.
///
/// Numerics: the covariance is accumulated from centered blocks of rows (no
/// cancellation from large means); eigenvalues come from `SymmetricEigen`,
/// accurate to about `p·ε·λ_max`, so a κ above about 10¹⁴ is reported as
/// infinity (a design that is singular to working precision). Features with
/// zero variance make `κ_std` infinite as well.
///
/// - Complexity: O(min(n, 65 536)·p²) time for the covariance (evenly
///   spaced rows beyond that; O(n·p) for the means) plus O(p³) for the
///   eigen-decompositions; O(p² + 4096·p) memory.
public struct GradientConditioning: Sendable, Equatable {
    /// κ of the Hessian on the raw features (with the intercept column when
    /// the model has an intercept).
    public let rawConditionNumber: Double
    /// κ of the Hessian on the standardized features.
    public let standardizedConditionNumber: Double
    /// The smallest and largest eigenvalue (μ, L) of the Hessian on the raw
    /// features: L is the gradient's Lipschitz constant, μ the strong
    /// convexity, and 2/(L + μ) the best fixed gradient-descent step.
    public let rawEigenvalues: (smallest: Double, largest: Double)
    /// The same on the standardized features.
    public let standardizedEigenvalues: (smallest: Double, largest: Double)
    /// κ of the Hessian on the centered but unscaled features: what
    /// `LinearModelObjective(standardize: false)` trains on (it centers the
    /// features, so the intercept's direction is decoupled, but keeps their
    /// units): `H = diag(1, C)` with C the weighted covariance, so
    /// `κ_centered = max(1, λ_max(C)) / min(1, λ_min(C))`.
    public let centeredConditionNumber: Double
    /// The smallest and largest eigenvalue of `diag(1, C)`.
    public let centeredEigenvalues: (smallest: Double, largest: Double)
    /// Whether an intercept column was included.
    public let fitIntercept: Bool

    public static func == (a: GradientConditioning, b: GradientConditioning) -> Bool {
        a.rawConditionNumber == b.rawConditionNumber && a.standardizedConditionNumber == b.standardizedConditionNumber
            && a.rawEigenvalues == b.rawEigenvalues && a.standardizedEigenvalues == b.standardizedEigenvalues
            && a.centeredConditionNumber == b.centeredConditionNumber && a.centeredEigenvalues == b.centeredEigenvalues
            && a.fitIntercept == b.fitIntercept
    }

    /// The conditioning of `data`'s features (weighted by its sample weights).
    /// - Throws: `LossKitError.invalidParameter` when the eigen-decomposition
    ///   fails (not observed).
    public init(data: RegressionData, fitIntercept: Bool = true) throws {
        let x = data.features
        let n = x.rows, p = x.columns
        self.fitIntercept = fitIntercept
        guard n > 0, p > 0 else {
            rawConditionNumber = 1
            standardizedConditionNumber = 1
            rawEigenvalues = (1, 1)
            standardizedEigenvalues = (1, 1)
            centeredConditionNumber = 1
            centeredEigenvalues = (1, 1)
            return
        }
        let design = CenteredDesign(x: x, weights: data.weights, fitIntercept: true)
        let means = design.means
        let covariance = Self.covariance(x, means: means, weights: data.weights)
        // Raw second moments: [[1, x̄ᵀ], [x̄, C + x̄x̄ᵀ]] (without the intercept: C + x̄x̄ᵀ).
        let offset = fitIntercept ? 1 : 0
        var raw = Matrix(rows: p + offset, columns: p + offset)
        if fitIntercept { raw[row: 0, column: 0] = 1 }
        for j in 0..<p {
            if fitIntercept {
                raw[row: 0, column: j + 1] = means[j]
                raw[row: j + 1, column: 0] = means[j]
            }
            for i in 0..<p {
                raw[row: i + offset, column: j + offset] = covariance[row: i, column: j] + means[i] * means[j]
            }
        }
        let rawEigen = try SymmetricEigen(raw).eigenvalues
        rawEigenvalues = (max(0, rawEigen.first ?? 1), rawEigen.last ?? 1)
        rawConditionNumber = Self.ratio(rawEigenvalues.largest, rawEigenvalues.smallest, dimension: p + offset)
        let centeredEigen = try SymmetricEigen(covariance).eigenvalues
        let centeredLargest = max(1, centeredEigen.last ?? 1), centeredSmallest = max(0, min(1, centeredEigen.first ?? 1))
        centeredEigenvalues = (centeredSmallest, centeredLargest)
        centeredConditionNumber = Self.ratio(centeredLargest, centeredSmallest, dimension: p + 1)
        let scales = (0..<p).map { covariance[row: $0, column: $0].squareRoot() }
        if scales.contains(where: { !($0 > 0) }) {
            standardizedConditionNumber = .infinity
            standardizedEigenvalues = (0, Double(p))
            return
        }
        var correlation = Matrix(rows: p, columns: p)
        for j in 0..<p {
            for i in 0..<p { correlation[row: i, column: j] = covariance[row: i, column: j] / (scales[i] * scales[j]) }
        }
        let eigen = try SymmetricEigen(correlation).eigenvalues
        // Standardized with an intercept: diag(1, R); without one the
        // features are still centered for training, the same Hessian.
        let largest = max(1, eigen.last ?? 1), smallest = max(0, min(1, eigen.first ?? 1))
        standardizedEigenvalues = (smallest, largest)
        standardizedConditionNumber = Self.ratio(largest, smallest, dimension: p + 1)
    }

    /// Gradient-descent iterations (best fixed step) to reach a relative
    /// suboptimality of 10⁻⁶ on the raw features: `ln(10⁶) / (2 ln((κ+1)/(κ−1)))`.
    public var rawIterationsToOneInAMillion: Double { Self.iterations(rawConditionNumber) }
    /// The same on the standardized features.
    public var standardizedIterationsToOneInAMillion: Double { Self.iterations(standardizedConditionNumber) }

    /// The threshold of `warning`: gradient methods needing more iterations than this.
    public static let warningIterations = 10_000.0

    /// A warning for a model that trains by gradient, when the raw features'
    /// scales would make gradient descent need more than `warningIterations`
    /// iterations; nil otherwise.
    public var warning: String? {
        guard rawIterationsToOneInAMillion > Self.warningIterations else { return nil }
        let raw = rawConditionNumber.isFinite ? "κ ≈ \(Self.short(rawConditionNumber))" : "κ = ∞ (singular to working precision)"
        let iterations = rawConditionNumber.isFinite ? "about \(Self.short(rawIterationsToOneInAMillion)) iterations" : "no finite number of iterations"
        let standardized = standardizedConditionNumber.isFinite
            ? "κ ≈ \(Self.short(standardizedConditionNumber)), about \(Self.short(max(1, standardizedIterationsToOneInAMillion).rounded(.up))) iterations"
            : "κ = ∞: some features are constant or collinear"
        return "the features' scales and offsets differ so much that gradient descent on the raw data would need \(iterations) "
            + "to reach 1e-6 relative suboptimality (\(raw)); LossKit standardizes the features internally (\(standardized))"
    }

    /// Predicted per-iteration contraction of the distance to the optimum for
    /// gradient descent with the best fixed step: `(κ − 1)/(κ + 1)`.
    public static func gradientDescentRate(conditionNumber kappa: Double) -> Double {
        kappa.isFinite ? (kappa - 1) / (kappa + 1) : 1
    }

    /// The same for Nesterov's accelerated gradient: `(√κ − 1)/(√κ + 1)`.
    public static func nesterovRate(conditionNumber kappa: Double) -> Double {
        guard kappa.isFinite else { return 1 }
        let root = kappa.squareRoot()
        return (root - 1) / (root + 1)
    }

    // MARK: - Internals

    static func iterations(_ kappa: Double) -> Double {
        guard kappa.isFinite else { return .infinity }
        guard kappa > 1 else { return 1 }
        // ln((κ+1)/(κ−1)) = log1p(2/(κ−1)), accurate for large κ.
        return log(1e6) / (2 * log1p(2 / (kappa - 1)))
    }

    static func ratio(_ largest: Double, _ smallest: Double, dimension: Int) -> Double {
        guard largest > 0 else { return .infinity }
        // Below this the smallest eigenvalue is rounding noise.
        guard smallest > Double(dimension) * 64 * Double.ulpOfOne * largest else { return .infinity }
        return largest / smallest
    }

    /// Weighted covariance `Σ sᵢ(xᵢ − x̄)(xᵢ − x̄)ᵀ / Σs`, from centered blocks
    /// of rows: of every row when there are at most `sampleRows`, else of
    /// `sampleRows` rows evenly spaced through the data (a κ to two digits
    /// for a warning or a predicted rate does not need every row of a
    /// million-row file; the means are always exact).
    static func covariance(_ x: Matrix, means: [Double], weights: [Double]?,
                           sampleRows: Int = GradientConditioning.sampleRows) -> Matrix {
        let n = x.rows, p = x.columns
        let stride = max(1, n / max(1, sampleRows))
        let m = (n + stride - 1) / stride
        let rowIndex = { (i: Int) in i * stride }
        let sampledWeight = weights.map { w in (0..<m).reduce(0.0) { $0 + w[rowIndex($1)] } } ?? Double(m)
        let blockRows = 4096
        var total = Matrix(rows: p, columns: p)
        var start = 0
        while start < m {
            let count = min(blockRows, m - start)
            var block = [Double](repeating: 0, count: count * p)
            let scales = (0..<count).map { r in
                weights.map { ($0[rowIndex(start + r)] / sampledWeight).squareRoot() } ?? (1 / Double(m)).squareRoot()
            }
            for j in 0..<p {
                let mean = means[j]
                for r in 0..<count { block[j * count + r] = (x[row: rowIndex(start + r), column: j] - mean) * scales[r] }
            }
            // Rows × p, column-major: its Gram is this block's contribution.
            if let blockMatrix = try? Matrix(rows: count, columns: p, columnMajor: block) {
                let g = blockMatrix.gram()
                for j in 0..<p { for i in 0..<p { total[row: i, column: j] += g[row: i, column: j] } }
            }
            start += count
        }
        return total
    }

    /// Rows the covariance is computed from at most (see `covariance`).
    public static let sampleRows = 65_536

    static func short(_ value: Double) -> String {
        NumberFormat.significant(value, digits: 2)
    }
}
