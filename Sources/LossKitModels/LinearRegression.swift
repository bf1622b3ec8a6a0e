import LossKitData
import LossKitNumerics

/// Ordinary and weighted least squares, `min Σ wᵢ (yᵢ − b₀ − xᵢᵀβ)²`, with
/// the inference a statistician expects and the accuracy a numerical analyst
/// expects.
///
/// ```swift
/// let x = try Matrix(columns: [height, age])
/// let fit = try LinearRegression().fit(x, weight, featureNames: ["height", "age"])
/// fit.coefficients, fit.standardErrors, fit.pValues, fit.rSquared
/// let yHat = try fit.predict(x)
/// ```
///
/// ## Detailed design
/// - **Intercept** (default) by weighted centering: the columns and y are
///   shifted by their weighted means `x̄ = Σwx/Σw` before factoring, so large
///   offsets cost no digits, and `b₀ = ȳ − x̄ᵀβ`. Without an intercept the
///   fit goes through the origin and R² is uncentered (`1 − RSS/Σwy²`).
/// - **Weights** (scikit-learn's `sample_weight` meaning, statsmodels' WLS
///   inference): rows are scaled by `√wᵢ`; `σ̂² = Σwᵢrᵢ²/(n − rank)`.
/// - **Solvers** (`LeastSquaresSolver`): `.extendedQR` (double-double QR) for
///   small problems, Cholesky of the Gram matrix plus refinement for big
///   well-conditioned ones, pivoted Householder QR plus refinement with
///   double-double residuals otherwise. The result says which ran.
/// - **Rank deficiency** (collinear columns, a constant column next to the
///   intercept) is not an error: the pivoted QR finds the rank, the result is
///   the **minimum-norm** solution in the caller's units, with a warning, and
///   standard errors from the pseudo-inverse (as statsmodels' `pinv`).
/// - **Condition number** reported: of the centered, weighted design with
///   unit-norm columns (singular values of its R factor; estimated by power
///   iteration on the Cholesky path); +∞ when the design is rank-deficient.
/// - **Units** (`Equilibration`): each column, the target and the weights
///   are scaled by the power of two of their largest magnitude before
///   solving (exact), and the answer is unscaled exactly. So scaling a column
///   or y by `2^k` scales the coefficients exactly (`βⱼ` by `2^(k_y − k_j)`,
///   `b₀` by `2^(k_y)`, standard errors alike; t, p, R², the condition number
///   and the warnings unchanged), on every solver, for data anywhere in
///   Double's range, subnormal included; "constant feature" and the rank are
///   judged relative to each column's own scale. A result beyond Double's
///   range (a slope of 1e308/1e-300, `Σwr²` of residuals near 1e200) is ±∞
///   with `ModelWarning.notRepresentable` naming it. NaN and ±∞ in the data
///   are rejected before solving (`LossKitError.nonFiniteValue`).
///
/// Accuracy: the NIST StRD linear sets (Longley, the no-intercept sets and the
/// polynomial sets fitted on raw powers) reach ≥ 13 correct digits in every
/// coefficient with `.extendedQR`; see docs/accuracy.md.
/// - Complexity: O(n·p²) time; O(n·p) extra memory for the QR solvers, O(p²)
///   for the unweighted Cholesky path.
public struct LinearRegression: Sendable {
    public var fitIntercept: Bool
    /// The solvers this model can be asked for (see `LeastSquaresSolver` for
    /// what each does and promises); only these are offered, so no choice
    /// fails at run time. The result's `solver` records the one that ran.
    public enum Solver: String, Sendable, CaseIterable {
        case automatic, extendedQR, householderQR, cholesky
    }

    /// `.automatic` (default), `.extendedQR`, `.householderQR` or `.cholesky`.
    /// A forced `.cholesky` that declines (ill-conditioned, rank-deficient)
    /// falls back to `.householderQR`; the result records it.
    public var solver: Solver
    /// Level of the confidence intervals, in (0, 1).
    public var confidenceLevel: Double

    /// `n·p²` up to which `.automatic` uses the double-double QR.
    public static let extendedPrecisionWorkLimit = 4_000_000

    /// Parameters are checked by `fit`.
    public init(fitIntercept: Bool = true, solver: Solver = .automatic, confidenceLevel: Double = 0.95) {
        self.fitIntercept = fitIntercept
        self.solver = solver
        self.confidenceLevel = confidenceLevel
    }

    /// Fits the model.
    /// - Parameters:
    ///   - x: the `n × p` design (without an intercept column).
    ///   - y: `n` targets.
    ///   - sampleWeights: optional, finite and > 0.
    ///   - featureNames: `p` names; `x1 … xp` by default.
    /// - Throws: `LossKitError.countMismatch` (y, weights, names vs x),
    ///   `.nonFiniteValue` naming the column and the 0-based row of a NaN/±∞
    ///   in x or y, `.invalidWeight`, `.invalidParameter` (level),
    ///   `.insufficientRows` when `n ≤ p` (+1 with an intercept): with no
    ///   residual degrees of freedom there is no inference; use `Ridge` for
    ///   `n ≤ p`.
    public func fit(
        features x: Matrix, targets y: [Double], weights sampleWeights: [Double]? = nil, featureNames: [String]? = nil
    ) throws -> LinearRegressionResult {
        try fit(x, targets: [y], sampleWeights: sampleWeights, featureNames: featureNames, targetName: { _ in "y" })[0]
    }

    /// Fits several targets on the same design at once: the design is centered
    /// and factored once (double-double QR, Householder QR or Gram/Cholesky)
    /// and each target costs only its solve and refinement, O(n·p) each.
    /// Results are identical to separate `fit` calls.
    /// - Throws: as `fit`, naming the target as `targets[k]`;
    ///   `LossKitError.tooFewValues` for an empty `targets`.
    public func fit(
        features x: Matrix, targetColumns targets: [[Double]], weights sampleWeights: [Double]? = nil,
        featureNames: [String]? = nil
    ) throws -> [LinearRegressionResult] {
        guard !targets.isEmpty else { throw LossKitError.tooFewValues(name: "targets", count: 0, minimum: 1) }
        return try fit(x, targets: targets, sampleWeights: sampleWeights, featureNames: featureNames,
                       targetName: { "targets[\($0)]" })
    }

    private func fit(
        _ x: Matrix, targets: [[Double]], sampleWeights: [Double]?, featureNames: [String]?,
        targetName: (Int) -> String
    ) throws -> [LinearRegressionResult] {
        let names = try Self.checkedNames(featureNames, columns: x.columns)
        try ModelInput.checkLevel(confidenceLevel)
        // One pass over x finds each column's largest magnitude: it checks
        // finiteness and gives the equilibration its powers of two.
        let magnitudes = try Self.checkFeatures(x, names: names)
        for (k, y) in targets.enumerated() {
            try Self.checkTargetsAndWeights(x, y, sampleWeights, targetName: targetName(k))
        }
        try ModelInput.checkRows(x.rows, parameters: x.columns + (fitIntercept ? 1 : 0))

        return try solve(x, targets, sampleWeights, columnMagnitudeBits: magnitudes).map { solution in
            let estimates = (solution.intercept.map { [$0] } ?? []) + solution.coefficients
            let (table, training) = try FitInference.summarize(
                estimates: estimates, variances: solution.unscaledVariances,
                names: (fitIntercept ? ["intercept"] : []) + names, solution: solution,
                observationCount: x.rows, hasIntercept: fitIntercept, weighted: sampleWeights != nil,
                confidenceLevel: confidenceLevel, featureNames: names)
            return LinearRegressionResult(
                featureNames: names,
                interceptStatistics: fitIntercept ? table.first : nil,
                coefficientStatistics: Array(table.dropFirst(fitIntercept ? 1 : 0)),
                confidenceLevel: confidenceLevel, training: training)
        }
    }

    /// Equilibrates (`Equilibration`: every column, the target and the weights
    /// scaled by powers of two to magnitude about 1, exactly), solves the
    /// scaled problem, and returns solutions in the scaled units with the
    /// `scaling` that `FitInference` undoes exactly. The double-double path
    /// scales while it converts to double-double (no extra copy); the Double
    /// paths get a scaled copy of `x` only when a column's exponent is beyond
    /// ±256, since inside that range their own norm scaling is exact under
    /// powers of two and no square can overflow or underflow.
    func solve(_ x: Matrix, _ ys: [[Double]], _ w: [Double]?, columnMagnitudeBits: [UInt64]? = nil) throws -> [LeastSquaresSolution] {
        var base = columnMagnitudeBits.map { Equilibration(columnMagnitudeBits: $0, weights: w) }
            ?? Equilibration(x: x, weights: w)
        let w = base.scaledWeights(w)
        let work = x.rows * x.columns * x.columns
        let useExtended = solver == .extendedQR || (solver == .automatic && work <= Self.extendedPrecisionWorkLimit)
        var x = x
        if !useExtended {
            if base.columnsNeedScaling() {
                x = base.scaled(x)
            } else {
                base.columnExponents = Array(repeating: 0, count: x.columns)
            }
        }
        let scalings = ys.map(base.forTarget)
        let ys = zip(scalings, ys).map { $0.scaledTarget($1) }
        let solutions: [LeastSquaresSolution]
        if useExtended {
            solutions = extended(x, ys, w, columnExponents: base.columnExponents)
        } else {
            solutions = try doubleSolve(x, ys, w)
        }
        return zip(solutions, scalings).map { solution, scaling in
            var solution = solution
            solution.scaling = scaling
            return solution
        }
    }

    private func doubleSolve(_ x: Matrix, _ ys: [[Double]], _ w: [Double]?) throws -> [LeastSquaresSolution] {
        func qr() throws -> [LeastSquaresSolution] {
            let solve = try RefinedQRLeastSquares.prepare(x: x, weights: w, fitIntercept: fitIntercept)
            return try ys.map(solve)
        }
        if solver == .householderQR { return try qr() }
        if solver == .cholesky || x.rows >= 4 * x.columns,
           let solve = try NormalEquationsLeastSquares.prepare(x: x, weights: w, fitIntercept: fitIntercept) {
            return try ys.map(solve)
        }
        return try qr()
    }

    private func extended(_ x: Matrix, _ ys: [[Double]], _ w: [Double]?, columnExponents: [Int]) -> [LeastSquaresSolution] {
        let columns = (0..<x.columns).map { j in
            let e = columnExponents[j]
            return x.column(j).map { DoubleDouble($0.timesPowerOfTwo(-e)) }
        }
        return ExtendedLeastSquares.solve(
            columns: columns, targets: ys.map { $0.map(DoubleDouble.init) }, weights: w, fitIntercept: fitIntercept)
    }

    static func checkedNames(_ names: [String]?, columns: Int) throws -> [String] {
        guard let names else { return (0..<columns).map { "x\($0 + 1)" } }
        guard names.count == columns else {
            throw LossKitError.countMismatch(name: "featureNames", count: names.count, otherName: "columns of x", otherCount: columns)
        }
        return names
    }

    /// Shapes, finiteness (naming column and 0-based row) and weights.
    static func checkInputs(_ x: Matrix, _ y: [Double], _ w: [Double]?, names: [String], targetName: String = "y") throws {
        try checkTargetsAndWeights(x, y, w, targetName: targetName)
        _ = try checkFeatures(x, names: names)
    }

    /// Every value of `x` finite, in one branch-free pass per column
    /// (`Equilibration.columnMagnitudeBits`); only a failing column is searched
    /// for its first bad row. Returns the columns' magnitude bits.
    static func checkFeatures(_ x: Matrix, names: [String]) throws -> [UInt64] {
        let bits = Equilibration.columnMagnitudeBits(x)
        let infinityBits = Double.infinity.bitPattern
        if let j = bits.firstIndex(where: { $0 >= infinityBits }) {
            let column = x.column(j)
            if let i = column.firstIndex(where: { !$0.isFinite }) {
                throw LossKitError.nonFiniteValue(name: "x column \(j) (\(names[j]))", row: i, value: column[i])
            }
        }
        return bits
    }

    static func checkTargetsAndWeights(_ x: Matrix, _ y: [Double], _ w: [Double]?, targetName: String) throws {
        guard y.count == x.rows else {
            throw LossKitError.countMismatch(name: targetName, count: y.count, otherName: "rows of x", otherCount: x.rows)
        }
        try ModelInput.checkTargets(y, name: targetName)
        try ModelInput.checkWeights(w, rows: x.rows)
    }
}
