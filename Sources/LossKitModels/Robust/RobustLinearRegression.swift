import LossKitData
import LossKitNumerics

/// Linear regression that resists outliers: fits `y ≈ b + X w` by minimizing
/// `Σ ρ(rᵢ/s)` for a Huber, L1 or quantile `ρ` (see `RobustLoss`), by
/// iteratively reweighted least squares (IRLS).
///
/// ```swift
/// let set = Anscombe.quartet[2]                // Anscombe III
/// let fit = try RobustLinearRegression(loss: .huber()).fit(x: set.x, y: set.y)
/// fit.coefficients        // ≈ [0.3457]; OLS gives 0.4997, the clean 10 points 0.3454
/// fit.weights[2]          // ≈ 0.002: row 3 is the outlier
/// ```
///
/// ## Algorithm
/// 1. Start from the ordinary least-squares fit (Householder QR with column
///    pivoting); set `s` from its residuals.
/// 2. Repeat: weights `wᵢ = ψ(zᵢ)/zᵢ` with `zᵢ = rᵢ/s`; solve the weighted
///    least-squares problem `min Σ wᵢ (yᵢ − aᵢβ)²` by QR of the `√wᵢ`-scaled
///    rows; re-estimate `s` (MAD scale). Stop when no fitted value moved by
///    more than `tolerance·s` and (MAD) `s` changed by less than `tolerance·s`.
///
/// Every least-squares solve (the start and each step) is a Householder QR.
/// For tall designs (`n ≥ 2(p+1)`, `n·(p+1) ≥ 65 536`) it is streamed
/// (`StreamedWeightedLeastSquares`): row blocks of `[√W A | √W y]` are scaled
/// into a small reused buffer and folded into a `(p+1)²` triangle on all
/// cores, so no `n × p` matrix is allocated per step and `Qᵀ(√W y)` comes out
/// as the last column; `β` then comes from a pivoted QR of the `p × p` factor
/// (same rank decision, same backward stability as QR of `√W A`; answers agree
/// with the unstreamed solve to rounding). The normal equations `AᵀWA` are not
/// used. At rank deficiency of a weighted step the basic solution is taken
/// (as before); a rank-deficient start throws.
///
/// This is statsmodels' `RLM(y, X, M=HuberT(t=δ)).fit()` (same start, weights,
/// scale and update order); it converges to the same fixed point (tested to
/// 1e-9 relative). With `scale: .fixed(1)` δ is absolute (units of `y`); with
/// `scale: .concomitant` the fit is scikit-learn's `HuberRegressor(epsilon: δ,
/// alpha: 0)` (tested to 1e-4, the accuracy of its L-BFGS solver).
/// Note that scikit-learn's `epsilon` is not an absolute delta either: it is
/// relative to the jointly estimated σ.
///
/// **L1 and quantile.** IRLS with weights `c/max(|rᵢ|, ε)` (`c = τ` or
/// `1 − τ`), `ε = residualFloor·s`, approaches the LP optimum only to about
/// that floor when it converges, and it may not converge at all (it can
/// cycle near a vertex; on one 100-row test set it stopped 2 % away). So,
/// when `exactL1` is on (default), after 4 IRLS steps (and again at the end
/// if needed) an edge-descending simplex (Barrodale–Roberts style) starts from the
/// p rows with the smallest
/// residuals, moves between vertices — fits through p rows — while the
/// objective decreases, and stops when the subgradient optimality condition
/// holds: there are `uᵢ ∈ [τ−1, τ]` for the p basic rows with
/// `Σ_{i∉B} ψ_τ(rᵢ) aᵢ + Σ_{i∈B} uᵢ aᵢ = 0`. `RobustFit.isExactVertex`
/// reports the certificate; the solution is then the exact LP minimizer (up to
/// the rounding of a p×p solve, i.e. the conditioning of those p rows). With
/// ties the LP minimizer need not be unique; any certified vertex is optimal.
///
/// **Convergence.** Huber IRLS converges linearly (each step decreases the
/// objective for fixed `s`). Non-convergence does **not** throw: the last
/// iterate is returned with `converged == false` and `stopReason`, since a
/// nearly converged robust fit is still useful; callers that need certainty
/// check `converged` (the `losskit` tool prints a warning).
///
/// **Edge cases.** Non-finite `x` or `y` throw `LossKitError.nonFiniteValue`;
/// a rank-deficient design throws `LossKitError.singularMatrix`; fewer than
/// `p + 1` rows throw `.insufficientRows`. If the MAD scale is 0 (more than
/// half the rows fitted exactly) Huber stops with `.zeroScale` — or
/// `.converged`, all weights 1, when every residual is 0 up to rounding.
///
/// - Complexity: O(n·p²) per reweighting step (one QR, `2n(p+1)²` flops,
///   one read of `A`), O(n) expected for the MAD; the vertex refinement costs
///   O(n·p + p³) per pivot (two parallel passes over `A`, expected-O(n) line
///   search) plus O(n) to pick its starting rows.
public struct RobustLinearRegression: Sendable {
    /// The criterion; default Huber with `δ = 1.345` scale units.
    public var loss: RobustLoss
    /// How the residual scale `s` is set; default the MAD, re-estimated each step.
    public var scale: RobustScale
    /// Fit an intercept `b` (default true).
    public var fitIntercept: Bool
    /// Stop when `max|Δŷᵢ| ≤ tolerance·s` and `|Δs| ≤ tolerance·s` (L1/quantile:
    /// or below the residual floor, which IRLS cannot resolve).
    public var tolerance: Double
    /// Maximum number of reweighting steps.
    public var maxIterations: Int
    /// L1/quantile IRLS floors `|rᵢ|` at `residualFloor·s` (relative, default
    /// 1e-8); without the vertex refinement the answer is accurate to about that.
    public var residualFloor: Double
    /// Refine L1/quantile fits to the exact LP vertex (default true).
    public var exactL1: Bool
    /// Test hook for the least-squares steps: nil = automatic (streamed QR for
    /// tall designs), 0 = never streamed, > 0 = always streamed with blocks of this many rows.
    var streamedBlockRows: Int?
    /// Test hook: the streamed solver's chain count (nil = one per core for large problems).
    var streamedChains: Int?

    public init(
        loss: RobustLoss = .huber(),
        scale: RobustScale = .mad,
        fitIntercept: Bool = true,
        tolerance: Double = 1e-10,
        maxIterations: Int = 200,
        residualFloor: Double = 1e-8,
        exactL1: Bool = true
    ) {
        self.loss = loss
        self.scale = scale
        self.fitIntercept = fitIntercept
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.residualFloor = residualFloor
        self.exactL1 = exactL1
    }

    /// Fits one feature: `y ≈ b + w·x`, with the fit's per-row diagnostics.
    /// - Throws: as `fitDetails(features:targets:progress:)` with a one-column matrix.
    public func fitDetails(feature x: [Double], targets y: [Double]) throws -> RobustFit {
        try fitDetails(features: Matrix(columns: [x]), targets: y)
    }

    /// Fits `y ≈ b + X w` (see the type's documentation for the algorithm) and
    /// returns the fit with its per-row weights and residuals, the loss history
    /// and how it stopped; `fit(_:)` wraps the same fit in a
    /// `RobustRegressionModel` (which keeps this as `training`).
    ///
    /// `progress`, if given, is called on the calling thread after every
    /// reweighting step and every vertex pivot (for a progress display; it
    /// does not change the result). Each call costs nothing next to the
    /// O(n·p) work between calls.
    ///
    /// - Parameters:
    ///   - x: the features, `n × p`, one row per sample (no column of ones).
    ///   - y: the `n` targets.
    ///   - progress: called after each reweighting step and vertex pivot, or nil.
    /// - Throws: `LossKitError.countMismatch` when `x.rows != y.count`;
    ///   `.nonFiniteValue` for NaN/±∞ in `x` or `y` (naming row and column);
    ///   `.invalidParameter` for `k ≤ 0`, `tau ∉ (0, 1)`, a fixed scale
    ///   ≤ 0, `tolerance ≤ 0`, `maxIterations < 1`, `residualFloor ≤ 0`;
    ///   `.insufficientRows` when `n < p + 2` (with intercept);
    ///   `.singularMatrix` when the columns are linearly dependent.
    ///
    /// Units: the fit runs on the data equilibrated by powers of two (each
    /// column and `y` scaled to magnitude about 1, exactly; a fixed scale
    /// with `y`), so the robust scale, the residuals and every IRLS and vertex
    /// step are computed where nothing overflows or underflows, and the answer
    /// is unscaled exactly: scaling a column or `y` by `2^k` scales the
    /// coefficients, intercept, scale and residuals exactly and leaves the
    /// weights, the iteration counts and the stop reason unchanged. A value
    /// that is not representable in the data's units (a coefficient beyond
    /// Double's range) comes back ±∞, never a wrong finite number.
    /// `lossHistory` (and `progress`) are in the data's units.
    public func fitDetails(features x: Matrix, targets y: [Double],
                           progress: ((RobustFitProgress) -> Void)? = nil) throws -> RobustFit {
        try validateSettings()
        let scaling = Equilibration(x: x, weights: nil).forTarget(y)
        guard !scaling.isIdentity else { return try fitScaled(features: x, targets: y, progress: progress) }
        var inner = self
        let ey = scaling.targetExponent
        if case let .fixed(value) = scale { inner.scale = .fixed(value.timesPowerOfTwo(-ey)) }
        // Mean loss: Huber in units of y², L1 and pinball in units of y.
        let lossExponent = loss.quantileLevel == nil ? 2 * ey : ey
        let scaledProgress = progress.map { progress in
            { (p: RobustFitProgress) in
                progress(RobustFitProgress(phase: p.phase, iterations: p.iterations, vertexPivots: p.vertexPivots,
                                           meanLoss: p.meanLoss.timesPowerOfTwo(lossExponent)))
            }
        }
        let fit = try inner.fitScaled(features: scaling.scaled(x), targets: scaling.scaledTarget(y), progress: scaledProgress)
        let coefficients = zip(fit.coefficients, scaling.columnExponents).map { $0.timesPowerOfTwo(ey - $1) }
        let intercept = fit.intercept.timesPowerOfTwo(ey)
        return RobustFit(
            loss: loss, intercept: intercept, coefficients: coefficients, scale: fit.scale.timesPowerOfTwo(ey),
            weights: fit.weights, residuals: fit.residuals.map { $0.timesPowerOfTwo(ey) },
            iterations: fit.iterations, vertexPivots: fit.vertexPivots, stopReason: fit.stopReason,
            isExactVertex: fit.isExactVertex, lossHistory: fit.lossHistory.map { $0.timesPowerOfTwo(lossExponent) })
    }

    private func fitScaled(features x: Matrix, targets y: [Double],
                           progress: ((RobustFitProgress) -> Void)?) throws -> RobustFit {
        let design = try RegressionDesign(x: x, y: y, fitIntercept: fitIntercept, minimumExtraRows: 1)
        let n = design.rows

        // Tall designs solve every least-squares step by a streamed QR (no n × p
        // copy per step; see StreamedWeightedLeastSquares), small ones by
        // HouseholderQR of the scaled matrix. Both are Householder QR.
        let useStreamed = streamedBlockRows.map { $0 > 0 }
            ?? StreamedWeightedLeastSquares.isWorthwhile(rows: n, parameters: design.parameters)
        let streamed = useStreamed ? StreamedWeightedLeastSquares(design: design, blockRows: streamedBlockRows, chains: streamedChains) : nil

        // Step 0: ordinary least squares.
        var beta: [Double]
        let rank: Int
        if let streamed {
            (beta, rank) = streamed.solve(sqrtWeights: nil)
        } else {
            let qr = HouseholderQR(design.matrix)
            rank = qr.rank
            beta = rank == design.parameters ? try qr.solveLeastSquares(y) : []
        }
        guard rank == design.parameters else {
            throw LossKitError.singularMatrix(
                name: "design matrix [\(fitIntercept ? "1 | " : "")x]",
                detail: "numerical rank \(rank) < \(design.parameters) parameters; some columns are linearly dependent")
        }
        var r = design.residuals(beta)
        var s = currentScale(r)
        let yScale = max(design.y.map(abs).max() ?? 0, .leastNormalMagnitude)
        var history = [try meanLoss(r, scale: s)]
        var iterations = 0
        var stop = RobustFit.StopReason.maxIterations

        // L1/quantile: the exact vertex search, tried once after 4 IRLS steps
        // (a pivot costs O(n·p), an IRLS step a QR, O(n·p²); measured on
        // 20 000 × 8 this halves the time of letting IRLS converge first),
        // and at the end if that attempt could not certify the optimum.
        let search = exactL1 ? loss.quantileLevel.map { QuantileVertexSearch(design: design, tau: $0) } : nil
        var exact = false
        var pivots = 0
        var attempted = false
        func tryVertex(maxPivots: Int?, adoptOnlyIfCertified: Bool) throws {
            guard let search else { return }
            let pivotsBefore = pivots
            let report = progress.map { progress in
                { (made: Int) in
                    progress(RobustFitProgress(phase: .vertexSearch, iterations: iterations, vertexPivots: pivotsBefore + made,
                                               meanLoss: history.last ?? .nan))
                }
            }
            guard let vertex = try search.refine(start: beta, residuals: r, maxPivots: maxPivots, onPivot: report)
            else { return }
            pivots += vertex.pivots
            guard vertex.certified || !adoptOnlyIfCertified else { return }
            let vertexResiduals = design.residuals(vertex.beta)
            if try objectiveSum(vertexResiduals) <= objectiveSum(r) {
                beta = vertex.beta
                r = vertexResiduals
                s = currentScale(r)
                history.append(try meanLoss(r, scale: s))
                exact = vertex.certified
            }
        }

        while iterations < maxIterations {
            if s == 0, loss.quantileLevel == nil {
                // Every row fitted exactly (up to rounding): nothing to reweight.
                let perfect = r.indices.allSatisfy { design.isRoundingLevel(r[$0], row: $0, beta: beta) }
                stop = perfect ? .converged : .zeroScale
                break
            }
            let floor = residualFloor * (s > 0 ? s : yScale)
            let sqrtW = r.map { loss.irlsWeight(residual: $0, scale: s, floor: floor).squareRoot() }
            let newBeta: [Double]
            if let streamed {
                newBeta = streamed.solve(sqrtWeights: sqrtW).beta
            } else {
                var wy = design.y
                for i in 0..<n { wy[i] *= sqrtW[i] }
                newBeta = try HouseholderQR(design.scaledRows(by: sqrtW)).solveLeastSquares(wy)
            }
            let newR = design.residuals(newBeta)
            let newS = currentScale(newR)
            iterations += 1
            history.append(try meanLoss(newR, scale: newS))
            progress?(RobustFitProgress(phase: .reweighting, iterations: iterations, vertexPivots: pivots,
                                        meanLoss: history[history.count - 1]))

            var moved = 0.0
            for i in 0..<n { moved = max(moved, abs(newR[i] - r[i])) }
            // L1-type IRLS cannot resolve residuals below its floor.
            let unit = max(newS, .ulpOfOne * yScale)
            let resolution = loss.quantileLevel == nil ? tolerance * unit : max(tolerance * unit, floor)
            let scaleSettled = abs(newS - s) <= resolution
            beta = newBeta; r = newR; s = newS
            if moved <= resolution, scaleSettled { stop = .converged; break }
            if search != nil {
                // IRLS that stops improving (it can cycle near a vertex) hands over.
                if history[iterations] >= history[iterations - 1] * (1 - 1e-12) { stop = .stalled; break }
                if !attempted, iterations >= 4 {
                    attempted = true
                    try tryVertex(maxPivots: 20 * design.parameters + 100, adoptOnlyIfCertified: true)
                    if exact { break }
                }
            }
        }
        if search != nil, !exact { try tryVertex(maxPivots: nil, adoptOnlyIfCertified: false) }
        if exact { stop = .converged }

        let (b, w) = design.split(beta)
        return RobustFit(
            loss: loss, intercept: b, coefficients: w, scale: s,
            // A perfect fit (s = 0, converged) down-weights nothing.
            weights: s == 0 && stop == .converged && loss.quantileLevel == nil
                ? [Double](repeating: 1, count: n) : r.map { loss.reportedWeight(residual: $0, scale: s) },
            residuals: r, iterations: iterations, vertexPivots: pivots,
            stopReason: stop, isExactVertex: exact, lossHistory: history)
    }

    private func validateSettings() throws {
        try loss.validate()
        if case let .fixed(value) = scale, !(value.isFinite && value > 0) {
            throw LossKitError.invalidParameter(name: "scale", value: "\(value)", requirement: "a fixed scale must be finite and > 0")
        }
        guard tolerance > 0, tolerance.isFinite else {
            throw LossKitError.invalidParameter(name: "tolerance", value: "\(tolerance)", requirement: "must be finite and > 0")
        }
        guard maxIterations >= 1 else {
            throw LossKitError.invalidParameter(name: "maxIterations", value: "\(maxIterations)", requirement: "must be >= 1")
        }
        guard residualFloor > 0, residualFloor.isFinite else {
            throw LossKitError.invalidParameter(name: "residualFloor", value: "\(residualFloor)", requirement: "must be finite and > 0")
        }
    }

    private func currentScale(_ r: [Double]) -> Double {
        switch scale {
        case .mad:
            return RobustScale.medianAbsoluteDeviation(r, center: .zero)
        case let .fixed(value):
            return value
        case .concomitant:
            guard case let .huber(delta) = loss else { return RobustScale.medianAbsoluteDeviation(r, center: .zero) }
            return RobustScale.concomitantScale(r, delta: delta)
        }
    }

    private func meanLoss(_ r: [Double], scale s: Double) throws -> Double {
        let value = try loss.measuringLoss(scale: s)
        return Summation.compensatedSum(count: r.count) { value(r[$0]) } / Double(r.count)
    }

    /// `Σ ρ_τ(rᵢ)`, to compare L1/quantile candidates (Huber is never compared this way).
    private func objectiveSum(_ r: [Double]) throws -> Double {
        let pinball = try PinballLoss(quantile: loss.quantileLevel ?? 0.5)
        return Summation.compensatedSum(count: r.count) { pinball.value(residual: r[$0]) }
    }
}
