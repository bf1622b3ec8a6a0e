import RealModule
import LossKitData
import LossKitNumerics

/// Regression diagnostics of an ordinary least-squares fit `y ≈ b + X w`:
/// which rows pull the L2 fit, and by how much.
///
/// With `A = [1 | X]` (`n × p`, `p` = rank), the hat matrix `H = A(AᵀA)⁻¹Aᵀ`,
/// residuals `eᵢ = yᵢ − ŷᵢ` and `s² = Σe²/(n − p)`:
///
/// - leverage `hᵢ = Hᵢᵢ = Σ_{k<p} Qᵢₖ²` (row norms of the thin `Q` of
///   `A P = Q R`; `Σ hᵢ = p`, `0 ≤ hᵢ ≤ 1`);
/// - internally studentized `rᵢ = eᵢ / (s √(1 − hᵢ))`;
/// - externally studentized `tᵢ* = rᵢ √((n − p − 1)/(n − p − rᵢ²))`
///   (the residual scaled by `s₍ᵢ₎`, the fit without row `i`);
/// - Cook's distance `Dᵢ = rᵢ² hᵢ / (p (1 − hᵢ))`;
///
/// the same quantities as statsmodels `OLSInfluence` (`hat_matrix_diag`,
/// `resid_studentized_internal`, `resid_studentized_external`,
/// `cooks_distance[0]`), which the tests match to 1e-10 relative (leverage 1e-12).
///
/// Edge cases: a row with `hᵢ = 1` (the fit passes through it whatever its
/// `y`) gets NaN studentized residuals and Cook's distance; a perfect fit
/// (`s = 0`) gives NaN studentized residuals; `tᵢ*` is ±∞ when all the
/// residual is in row `i`. The studentized quantities need `n ≥ p + 2`.
/// Rank deficiency does not throw: `p` is the numerical rank (as statsmodels' `df_model + 1`).
///
/// - Complexity: O(n·p²) for the QR and thin `Q`, O(n log n) for the concentration.
public struct OutlierDiagnostics: Sendable {
    /// OLS parameters, intercept first when fitted.
    public let parameters: [Double]
    /// OLS intercept (0 without).
    public let intercept: Double
    /// OLS slopes, one per column of `x`.
    public let coefficients: [Double]
    /// `eᵢ = yᵢ − ŷᵢ`.
    public let residuals: [Double]
    /// Numerical rank `p` of `[1 | X]`.
    public let rank: Int
    /// `hᵢ`, the hat-matrix diagonal.
    public let leverage: [Double]
    /// `rᵢ = eᵢ / (s √(1 − hᵢ))`.
    public let studentizedInternal: [Double]
    /// `tᵢ* = eᵢ / (s₍ᵢ₎ √(1 − hᵢ))`.
    public let studentizedExternal: [Double]
    /// `Dᵢ = rᵢ² hᵢ / (p (1 − hᵢ))`.
    public let cooksDistance: [Double]
    /// Share of the squared and absolute error carried by the largest residuals.
    public let concentration: ErrorConcentration

    /// The inputs, kept for the verdict's robust refit.
    let x: Matrix
    let y: [Double]
    let fitIntercept: Bool

    /// Fits OLS by Householder QR with column pivoting and computes the diagnostics.
    ///
    /// - Parameters:
    ///   - originalX: the features, `n × p` (no column of ones).
    ///   - originalY: the `n` targets.
    ///   - fitIntercept: prepend a column of ones (default true).
    /// - Throws: `LossKitError.countMismatch`, `.nonFiniteValue` (row, column),
    ///   `.insufficientRows` when `n < p + 2`.
    ///
    /// Units: computed on the data equilibrated by powers of two (each column
    /// and y scaled to magnitude about 1, exactly), so data near 1e±300 neither
    /// overflow nor underflow; the coefficients and residuals are unscaled
    /// exactly, and leverage, studentized residuals and Cook's distances are
    /// scale-free (the same for `x·2^k`, `y·2^k`).
    public init(features originalX: Matrix, targets originalY: [Double], fitIntercept: Bool = true) throws {
        let scaling = Equilibration(x: originalX, weights: nil).forTarget(originalY)
        let x = scaling.isIdentity ? originalX : scaling.scaled(originalX)
        let y = scaling.scaledTarget(originalY)
        let design = try RegressionDesign(x: x, y: y, fitIntercept: fitIntercept, minimumExtraRows: 2)
        let n = design.rows
        let qr = HouseholderQR(design.matrix)
        let beta = try qr.solveLeastSquares(y)
        let e = design.residuals(beta)
        let p = qr.rank
        guard n >= p + 2 else { throw LossKitError.insufficientRows(rows: n, parameters: p + 2) }

        let q = qr.thinQ
        var h = [Double](repeating: 0, count: n)
        q.withUnsafeBufferPointer { qs in
            for k in 0..<p {
                let base = k * n
                for i in 0..<n { h[i] += qs[base + i] * qs[base + i] }
            }
        }
        let df = Double(n - p)
        let sse = Summation.scaledSumOfSquares(count: n) { e[$0] }
        let s = sse.scale * (sse.sumOfSquares / df).squareRoot()
        var studentized = [Double](repeating: .nan, count: n)
        var external = [Double](repeating: .nan, count: n)
        var cooks = [Double](repeating: .nan, count: n)
        // hᵢ within rounding of 1 (the fit passes through the point): 1 − hᵢ and
        // eᵢ are rounding noise, so the studentized values are undefined (NaN)
        // rather than a large number that depends on the units' last bits.
        let leverageLimit = 1 - 4 * Double(n) * Double.ulpOfOne
        for i in 0..<n where h[i] < leverageLimit {
            let oneMinusH = 1 - h[i]
            let ri = e[i] / (s * oneMinusH.squareRoot())
            studentized[i] = ri
            let denominator = df - ri * ri
            external[i] = ri * ((df - 1) / denominator).squareRoot()
            if denominator <= 0 { external[i] = ri > 0 ? .infinity : (ri < 0 ? -.infinity : .nan) }
            cooks[i] = ri * ri * h[i] / (Double(p) * oneMinusH)
        }
        let unscaled = zip(beta, scaling.parameterExponents(hasIntercept: fitIntercept)).map { $0.timesPowerOfTwo($1) }
        parameters = unscaled
        (intercept, coefficients) = design.split(unscaled)
        residuals = e.map { $0.timesPowerOfTwo(scaling.targetExponent) }
        rank = p
        leverage = h
        studentizedInternal = studentized
        studentizedExternal = external
        cooksDistance = cooks
        concentration = try ErrorConcentration(residuals: e)
        self.x = originalX
        self.y = originalY
        self.fitIntercept = fitIntercept
    }

    /// One feature: `y ≈ b + w·x`.
    public init(feature x: [Double], targets y: [Double], fitIntercept: Bool = true) throws {
        try self.init(features: Matrix(columns: [x]), targets: y, fitIntercept: fitIntercept)
    }

    /// Rows (0-based) with `|tᵢ*| > thresholds.studentizedResidual`.
    public func outlierRows(_ thresholds: OutlierThresholds = .init()) -> [Int] {
        studentizedExternal.indices.filter { abs(studentizedExternal[$0]) > thresholds.studentizedResidual }
    }

    /// Rows (0-based) with Cook's distance `> thresholds.cooksDistanceFactor / n`.
    public func influentialRows(_ thresholds: OutlierThresholds = .init()) -> [Int] {
        let cut = thresholds.cooksDistanceFactor / Double(residuals.count)
        return cooksDistance.indices.filter { cooksDistance[$0] > cut }
    }

    /// Rows (0-based) with leverage `> thresholds.leverageFactor · p / n`.
    public func highLeverageRows(_ thresholds: OutlierThresholds = .init()) -> [Int] {
        let cut = thresholds.leverageFactor * Double(rank) / Double(residuals.count)
        return leverage.indices.filter { leverage[$0] > cut }
    }
}
