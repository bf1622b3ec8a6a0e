import LossKitData
import LossKitNumerics

/// Out-of-core least squares: feed row blocks one at a time (or fit shards
/// in parallel and `merge` them); memory stays O(p²) whatever the number of
/// rows, and the result is the same `LinearRegressionResult` (or
/// `RidgeResult`) as the in-memory fit.
///
/// ```swift
/// var stream = StreamingLeastSquares(featureCount: 3)
/// for (xBlock, yBlock) in blocks { try stream.add(xBlock, yBlock) }
/// let fit = try stream.finish(featureNames: ["a", "b", "c"])
/// let ridge = try stream.ridge(alpha: 10)
/// ```
///
/// ## Detailed design
/// TSQR: the state is the upper-triangular R factor of the augmented,
/// √w-scaled matrix `[1  X − s  y − t]` (`[X y]` without an intercept),
/// `q = p + 2` columns. Each block `B` is factored by the tall-skinny engine
/// (`TallSkinnyQR`, the one behind the in-memory and robust QR paths) and its
/// triangle folded into R by the Householder QR of the stack `[R; R_B]`, so R
/// always equals (up to row signs) the R of all rows seen. The shift `(s, t)` is the first
/// block's column means: subtracting it keeps the digits that large offsets
/// would otherwise cancel in the ones column's elimination.
/// Because the ones column comes first, rows 1…p of R restricted to the X
/// columns are exactly the R factor of the **weighted-centered** design, the
/// last diagonal entry is `√RSS`, and the y column below row 0 has norm
/// `√TSS`. `finish` solves that small triangular least-squares problem with
/// the double-double solver (`.extendedQR` on the p × p factor, so rank
/// deficiency gives the minimum-norm solution with a warning, exactly as the
/// in-memory fit). `merge` re-expresses the other shard's R in this shift
/// (a column operation with the ones column, exact up to one rounding) and
/// QR-factors the two stacked R factors.
///
/// **Units.** The columns of R are kept equilibrated by powers of two (each
/// feature and y by the exponent of its largest magnitude seen so far, √w
/// likewise; when a later block or shard raises one, that column of R is
/// rescaled exactly), so data near 1e±300, subnormal data and weights near
/// 1e308 neither overflow nor flush to zero, and `finish` unscales exactly
/// as the in-memory fit does (`Equilibration`, `FitInference`).
///
/// Accuracy: Householder TSQR is backward stable, so the coefficients have
/// the `cond·ε` accuracy of a Double QR of the whole matrix (no refinement is
/// possible without the rows); in tests, streaming in blocks of 7 rows agrees
/// with the in-memory fit to ~1e-13 relative.
/// - Complexity: O(b·q²) per block of b rows (blocks of at least q rows are
///   most efficient), O(q³) per merge; O(q²) memory.
public struct StreamingLeastSquares: Sendable {
    public let featureCount: Int
    public let fitIntercept: Bool
    /// Rows added so far (all shards).
    public private(set) var observationCount = 0
    /// `Σ wᵢ` so far.
    public private(set) var totalWeight = 0.0
    public private(set) var weighted = false
    /// The shift `(s, t)`, set by the first block (zeros without an intercept).
    private var xShift: [Double]
    private var yShift = 0.0
    /// The q × q upper-triangular R (the tall-skinny engine's running triangle),
    /// feature column j scaled by `2^(−eⱼ − e_√w)`, y by `2^(−e_y − e_√w)`, the
    /// ones column by `2^(−e_√w)`.
    private var r: TallSkinnyQR.Triangle
    /// `eⱼ`, `e_y`, `e_√w`: exponents of the largest `|xⱼ|`, `|y|`, `√w` so far
    /// (nil while every value was 0 or, for √w, without weights).
    private var columnExponents: [Int?]
    private var targetExponent: Int?
    private var rootWeightExponent: Int?

    private var q: Int { featureCount + (fitIntercept ? 2 : 1) }

    public init(featureCount: Int, fitIntercept: Bool = true) {
        self.featureCount = max(featureCount, 0)
        self.fitIntercept = fitIntercept
        xShift = Array(repeating: 0, count: max(featureCount, 0))
        columnExponents = Array(repeating: nil, count: max(featureCount, 0))
        r = TallSkinnyQR.Triangle(columns: max(featureCount, 0) + (fitIntercept ? 2 : 1))
    }

    /// Adds a block of rows.
    /// - Throws: `LossKitError.shapeMismatch` when `x` has the wrong number of
    ///   columns; `.countMismatch`, `.nonFiniteValue` (0-based row within the
    ///   block), `.invalidWeight`. A failed call leaves the state unchanged.
    public mutating func add(features x: Matrix, targets y: [Double], weights sampleWeights: [Double]? = nil) throws {
        guard x.columns == featureCount else {
            throw LossKitError.shapeMismatch(name: "x", expected: "\(featureCount) columns", actual: "\(x.rows) × \(x.columns)")
        }
        let names = (0..<featureCount).map { "x\($0 + 1)" }
        try LinearRegression.checkInputs(x, y, sampleWeights, names: names)
        let n = x.rows
        guard n > 0 else { return }
        if observationCount == 0, fitIntercept {
            let firstBlock = CenteredDesign(x: x, y: y, weights: nil, fitIntercept: true)
            xShift = firstBlock.means
            yShift = firstBlock.yMean
        }
        let blockColumns: [Int?] = x.withUnsafeBufferPointer { xp in
            (0..<featureCount).map { j in Self.exponent(UnsafeBufferPointer(rebasing: xp[(j * n)..<((j + 1) * n)])) }
        }
        let blockTarget = y.withUnsafeBufferPointer { Self.exponent($0) }
        let blockRootWeight = sampleWeights.flatMap { w in w.withUnsafeBufferPointer { Self.exponent($0) } }
            .map { e in Int((Double(1).timesPowerOfTwo(e)).squareRoot().exponent) }
        raiseExponents(columns: blockColumns, target: blockTarget, rootWeight: blockRootWeight)
        r.fold(TallSkinnyQR.Triangle(columns: q, upper: blockTriangle(x, y, sampleWeights)))
        observationCount += n
        totalWeight += sampleWeights.map { w in Summation.compensatedSum(count: n) { w[$0] } } ?? Double(n)
        weighted = weighted || sampleWeights != nil
    }

    /// Combines another shard's rows into this one (the order of merges does
    /// not matter beyond rounding).
    /// - Throws: `LossKitError.invalidParameter` when the shards differ in
    ///   `featureCount` or `fitIntercept`.
    public mutating func merge(_ other: StreamingLeastSquares) throws {
        guard other.featureCount == featureCount, other.fitIntercept == fitIntercept else {
            throw LossKitError.invalidParameter(
                name: "other", value: "\(other.featureCount) features, intercept \(other.fitIntercept)",
                requirement: "must match \(featureCount) features, intercept \(fitIntercept)")
        }
        guard other.observationCount > 0 else { return }
        guard observationCount > 0 else { self = other; return }
        var other = other
        raiseExponents(columns: other.columnExponents, target: other.targetExponent, rootWeight: other.rootWeightExponent)
        other.raiseExponents(columns: columnExponents, target: targetExponent, rootWeight: rootWeightExponent)
        var theirs = other.r
        if fitIntercept {
            // [1, X − s', y − t'] = [1, X − s, y − t] with column 0 times (s − s') added
            // (in the scaled units both shards now share).
            for j in 0..<featureCount where other.xShift[j] != xShift[j] {
                let d = (other.xShift[j] - xShift[j]).timesPowerOfTwo(-(columnExponents[j] ?? 0))
                theirs[row: 0, column: j + 1] += d * theirs[row: 0, column: 0]
            }
            let d = (other.yShift - yShift).timesPowerOfTwo(-(targetExponent ?? 0))
            theirs[row: 0, column: q - 1] += d * theirs[row: 0, column: 0]
        }
        r.fold(theirs)
        observationCount += other.observationCount
        totalWeight += other.totalWeight
        weighted = weighted || other.weighted
    }

    /// The exponent of the largest magnitude (nil when all are 0).
    private static func exponent(_ v: UnsafeBufferPointer<Double>) -> Int? {
        var top = 0.0
        for x in v { top = max(top, abs(x)) }
        return top > 0 && top.isFinite ? Int(top.exponent) : nil
    }

    /// Takes the larger of the current and the given exponents, rescaling
    /// the affected columns of R exactly (all of R for √w).
    private mutating func raiseExponents(columns: [Int?], target: Int?, rootWeight: Int?) {
        let off = fitIntercept ? 1 : 0
        func raise(_ current: inout Int?, _ new: Int?, rescale: (Int) -> Void) {
            guard let new else { return }
            guard let old = current else { current = new; return }
            if new > old {
                rescale(old - new)
                current = new
            }
        }
        func rescaleColumn(_ c: Int, _ k: Int) {
            for i in 0...c { r[row: i, column: c] = r[row: i, column: c].timesPowerOfTwo(k) }
        }
        var exponents = columnExponents, yExponent = targetExponent, wExponent = rootWeightExponent
        for j in 0..<featureCount { raise(&exponents[j], columns[j]) { rescaleColumn(j + off, $0) } }
        raise(&yExponent, target) { rescaleColumn(q - 1, $0) }
        raise(&wExponent, rootWeight) { k in for c in 0..<q { rescaleColumn(c, k) } }
        columnExponents = exponents
        targetExponent = yExponent
        rootWeightExponent = wExponent
    }

    /// `(2^(−e/2), 2^(−e − (−e/2)))`: two exact factors whose product is `2^(−e)`
    /// for any exponent of a finite Double (one alone may not be representable).
    private static func factors(_ e: Int?) -> (Double, Double) {
        let e = e ?? 0
        let half = -e / 2
        return (Double(1).timesPowerOfTwo(half), Double(1).timesPowerOfTwo(-e - half))
    }

    /// The triangle of the block's rows `√wᵢ·[1, xᵢ − s, yᵢ − t]`, by the
    /// tall-skinny engine (`TallSkinnyQR`, on all cores for large blocks):
    /// the rows are centered and scaled a sub-block at a time, never as a
    /// whole `n × q` copy.
    private func blockTriangle(_ x: Matrix, _ y: [Double], _ weights: [Double]?) -> [Double] {
        let n = x.rows, p = featureCount, q = q, off = fitIntercept ? 1 : 0
        let xf = columnExponents.map(Self.factors), yf = Self.factors(targetExponent)
        let shift = zip(xShift, xf).map { $0 * $1.0 * $1.1 }, yShift = yShift * yf.0 * yf.1, intercept = fitIntercept
        let wf = Self.factors(rootWeightExponent)
        let sqrtWeights = weights?.map { $0.squareRoot() * wf.0 * wf.1 }
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                (sqrtWeights ?? []).withUnsafeBufferPointer { wp in
                    let xs = xp.baseAddress.map(SendablePointer.init), ys = yp.baseAddress.map(SendablePointer.init)
                    let ws = sqrtWeights == nil ? nil : wp.baseAddress.map(SendablePointer.init)
                    return TallSkinnyQR(rows: n, columns: q).triangle { rows, block in
                        let b = rows.count, s0 = rows.lowerBound
                        for i in 0..<b {
                            let sw = ws.map { $0.p[s0 + i] } ?? 1
                            if intercept { block[i] = sw }
                            block[i + (q - 1) * b] = ((ys?.p[s0 + i] ?? 0) * yf.0 * yf.1 - yShift) * sw
                        }
                        guard let xs else { return }
                        for j in 0..<p {
                            let src = xs.p + j * n + s0, dst = block + (j + off) * b, m = shift[j]
                            let (f0, f1) = xf[j]
                            if let ws {
                                for i in 0..<b { dst[i] = (src[i] * f0 * f1 - m) * ws.p[s0 + i] }
                            } else {
                                for i in 0..<b { dst[i] = src[i] * f0 * f1 - m }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The small problem behind both finishes: the centered slopes' factor
    /// `Rxx`, its right-hand side, and the scalars of the intercept row.
    private var parts: (rxx: [[DoubleDouble]], rhs: [DoubleDouble], rss: Double, tss: Double, meanShift: [Double], yMeanShift: Double) {
        let off = fitIntercept ? 1 : 0
        let p = featureCount
        let rxx = (0..<p).map { j in (0..<p).map { i in DoubleDouble(r[row: i + off, column: j + off]) } }  // column j
        let rhs = (0..<p).map { i in DoubleDouble(r[row: i + off, column: q - 1]) }
        let last = r[row: q - 1, column: q - 1]
        let tss = Summation.compensatedSum(count: q - off) { let v = r[row: $0 + off, column: q - 1]; return v * v }
        var meanShift = [Double](repeating: 0, count: p), yMeanShift = 0.0
        if fitIntercept, r[row: 0, column: 0] != 0 {
            let r00 = r[row: 0, column: 0]
            meanShift = (0..<p).map { r[row: 0, column: $0 + 1] / r00 }
            yMeanShift = r[row: 0, column: q - 1] / r00
        }
        return (rxx, rhs, last * last, tss, meanShift, yMeanShift)
    }

    /// `parts` in the data's units (the penalty α‖β‖² is not invariant under
    /// column scaling, so ridge solves in them; ±∞ only where R itself is
    /// beyond Double's range there).
    private var unscaledParts: (rxx: [[DoubleDouble]], rhs: [DoubleDouble], rss: Double, tss: Double, meanShift: [Double], yMeanShift: Double) {
        let scaled = parts
        let ew = rootWeightExponent ?? 0, ey = targetExponent ?? 0
        let ex = columnExponents.map { $0 ?? 0 }
        return (
            rxx: scaled.rxx.enumerated().map { j, column in column.map { $0.timesPowerOfTwo(ex[j] + ew) } },
            rhs: scaled.rhs.map { $0.timesPowerOfTwo(ey + ew) },
            rss: scaled.rss.timesPowerOfTwo(2 * (ey + ew)), tss: scaled.tss.timesPowerOfTwo(2 * (ey + ew)),
            meanShift: zip(scaled.meanShift, ex).map { $0.timesPowerOfTwo($1) },
            yMeanShift: scaled.yMeanShift.timesPowerOfTwo(ey))
    }

    /// The least-squares fit of every row added, as `LinearRegression` would
    /// report it (the solver is `.streamingQR`).
    /// - Throws: `LossKitError.insufficientRows` when `n ≤ p` (+1 with an
    ///   intercept), `.countMismatch` for wrong feature names, `.invalidParameter` for the level.
    public func finish(featureNames: [String]? = nil, confidenceLevel: Double = 0.95) throws -> LinearRegressionResult {
        let names = try LinearRegression.checkedNames(featureNames, columns: featureCount)
        try ModelInput.checkLevel(confidenceLevel)
        try ModelInput.checkRows(observationCount, parameters: featureCount + (fitIntercept ? 1 : 0))
        // Everything below is in the equilibrated units of R; FitInference unscales.
        let parts = self.parts
        let scaling = Equilibration(
            columnExponents: columnExponents.map { $0 ?? 0 }, targetExponent: targetExponent ?? 0,
            weightExponent: 2 * (rootWeightExponent ?? 0))
        var inner = ExtendedLeastSquares.solve(columns: parts.rxx, y: parts.rhs, weights: nil, fitIntercept: false)
        let beta = inner.coefficients
        let means = (0..<featureCount).map { j in
            DoubleDouble(xShift[j].timesPowerOfTwo(-scaling.columnExponents[j])) + DoubleDouble(parts.meanShift[j])
        }
        var intercept: DoubleDouble? = nil
        if fitIntercept {
            var b0 = DoubleDouble(yShift.timesPowerOfTwo(-scaling.targetExponent)) + DoubleDouble(parts.yMeanShift)
            for j in 0..<featureCount { b0 -= means[j] * beta[j] }
            intercept = b0
        }
        let scaledWeight = totalWeight.timesPowerOfTwo(-scaling.weightExponent)
        let factor = LeastSquaresSolution.parameterFactor(
            slopeFactor: inner.covarianceFactor ?? [], means: fitIntercept ? means : nil, totalWeight: DoubleDouble(scaledWeight))
        inner.intercept = intercept
        inner.unscaledVariances = LeastSquaresSolution.diagonal(of: factor)
        inner.covarianceFactor = factor
        inner.rank += fitIntercept ? 1 : 0
        inner.residualSumOfSquares += parts.rss
        inner.totalSumOfSquares = parts.tss
        inner.totalWeight = scaledWeight
        inner.solver = .streamingQR
        inner.scaling = scaling
        let estimates = (intercept.map { [$0] } ?? []) + beta
        let (table, training) = try FitInference.summarize(
            estimates: estimates, variances: inner.unscaledVariances,
            names: (fitIntercept ? ["intercept"] : []) + names, solution: inner,
            observationCount: observationCount, hasIntercept: fitIntercept, weighted: weighted,
            confidenceLevel: confidenceLevel, featureNames: names)
        return LinearRegressionResult(
            featureNames: names, interceptStatistics: fitIntercept ? table.first : nil,
            coefficientStatistics: Array(table.dropFirst(fitIntercept ? 1 : 0)),
            confidenceLevel: confidenceLevel, training: training)
    }

    /// Ridge (`Σwᵢ(yᵢ − b₀ − xᵢᵀβ)² + α‖β‖²`, intercept unpenalized) from the
    /// same state: the least-squares problem `[Rxx; √α·I]β ≈ [r; 0]`, solved
    /// in double-double.
    /// - Throws: `LossKitError.invalidParameter` for α < 0, NaN or ∞;
    ///   `.tooFewValues` with fewer than 2 rows.
    public func ridge(alpha: Double, featureNames: [String]? = nil) throws -> RidgeResult {
        try Ridge.checkAlphas([alpha])
        let names = try LinearRegression.checkedNames(featureNames, columns: featureCount)
        guard observationCount >= 2 else { throw LossKitError.tooFewValues(name: "rows", count: observationCount, minimum: 2) }
        let parts = unscaledParts
        let p = featureCount
        let root = DoubleDouble(alpha).squareRoot()
        let columns = (0..<p).map { j in parts.rxx[j] + (0..<p).map { $0 == j ? root : .zero } }
        let target = parts.rhs + Array(repeating: .zero, count: p)
        let inner = ExtendedLeastSquares.solve(columns: columns, y: target, weights: nil, fitIntercept: false)
        let beta = inner.coefficients
        // RSS of the data part: ‖Rxx β − r‖² + r_yy².
        var rss = DoubleDouble(parts.rss)
        for i in 0..<p {
            var s = -parts.rhs[i]
            for j in 0..<p { s += parts.rxx[j][i] * beta[j] }
            rss += s * s
        }
        var b0 = DoubleDouble(yShift) + DoubleDouble(parts.yMeanShift)
        for j in 0..<p { b0 -= (DoubleDouble(xShift[j]) + DoubleDouble(parts.meanShift[j])) * beta[j] }
        let rxxMatrix = try Matrix(columns: parts.rxx.map { $0.map(\.value) })
        let s = (p > 0 ? try SingularValueDecomposition(rxxMatrix).singularValues : [])
        let cutoff = Double(max(observationCount, p)) * Double.ulpOfOne * (s.first ?? 0)
        return RidgeResult(
            alpha: alpha, featureNames: names, fitIntercept: fitIntercept, intercept: fitIntercept ? b0.value : 0,
            coefficients: beta.map(\.value), observationCount: observationCount, totalWeight: totalWeight,
            weighted: weighted, residualSumOfSquares: rss.value,
            rSquared: parts.tss > 0 ? 1 - rss.value / parts.tss : (rss.value == 0 ? 1 : 0),
            effectiveDegreesOfFreedom: s.reduce(0) { $0 + ($1 > 0 ? $1 * $1 / ($1 * $1 + alpha) : 0) },
            rank: s.filter { $0 > cutoff }.count,
            conditionNumber: (s.first ?? .nan) / (s.last ?? .nan))
    }
}
