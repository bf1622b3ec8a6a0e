import Foundation
import LossKitNumerics

/// One linear SVR problem as the solvers read it: the design `X` (column-major
/// `n × p`, as `Matrix` keeps it, no copy), for the dual solver also its rows
/// contiguous (a row-major copy), the targets, the per-row costs `Cᵢ = C·sᵢ`,
/// the tube half-width ε and the loss. The intercept is not a stored column: it enters
/// every row as a constant feature of value `B` (`biasValue`) with weight `v`,
/// so `ŷᵢ = xᵢ·w + B·v + offset`, and the solvers change `B` without copying `X`.
///
/// The objective (the offset λ is the proximal centre of the unpenalized
/// intercept, 0 otherwise):
///
///     P(w, v) = ½‖w‖² + [regularizeBias] ½v² + Σᵢ Cᵢ·ℓ(yᵢ − λ − xᵢ·w − B·v)
///     ℓ(r) = max(0, |r| − ε)        (L1 loss)
///     ℓ(r) = max(0, |r| − ε)²       (L2 loss)
struct LinearSVRProblem {
    let rows: Int
    let features: Int
    /// Column-major `n × p` (the data's own storage).
    let design: Matrix
    /// Row-major `n × p`; empty unless built for the dual (`rowMajor: true`).
    let x: [Double]
    let y: [Double]
    /// `Cᵢ = C·sᵢ` (sᵢ the sample weight, 1 without weights).
    let cost: [Double]
    let epsilon: Double
    let loss: LinearSupportVectorRegression.Loss
    /// `‖xᵢ‖²`, the diagonal of `XXᵀ`; empty unless `rowMajor`.
    let squaredNorms: [Double]

    /// - Parameter rowMajor: build the row-major copy and the row norms (what
    ///   the dual coordinate descent reads); the primal solvers work on the
    ///   column-major design directly.
    init(features matrix: Matrix, targets: [Double], weights: [Double]?, c: Double, epsilon: Double,
         loss: LinearSupportVectorRegression.Loss, rowMajor: Bool = true) {
        self.init(features: matrix, targets: targets,
                  cost: weights.map { $0.map { c * $0 } } ?? [Double](repeating: c, count: matrix.rows),
                  epsilon: epsilon, loss: loss, rowMajor: rowMajor)
    }

    /// The same with the per-row costs `Cᵢ` given.
    init(features matrix: Matrix, targets: [Double], cost: [Double], epsilon: Double,
         loss: LinearSupportVectorRegression.Loss, rowMajor: Bool) {
        let n = matrix.rows, p = matrix.columns
        rows = n
        features = p
        design = matrix
        y = targets
        self.cost = cost
        self.epsilon = epsilon
        self.loss = loss
        guard rowMajor else {
            x = []
            squaredNorms = []
            return
        }
        // Every entry is written by the transpose: no zero fill first.
        let copy = [Double](unsafeUninitializedCapacity: n * p) { target, initialized in
            matrix.withUnsafeBufferPointer { source in
                let pass = TransposePass(source: source.baseAddress, target: target.baseAddress, rows: n, columns: p)
                let parts = n * p >= 400_000 ? min(2, ProcessInfo.processInfo.activeProcessorCount) : 1
                if parts == 1 {
                    pass.run(rows: 0..<n)
                } else {
                    DispatchQueue.concurrentPerform(iterations: parts) { pass.run(rows: (n * $0 / parts)..<(n * ($0 + 1) / parts)) }
                }
            }
            initialized = n * p
        }
        x = copy
        squaredNorms = copy.withUnsafeBufferPointer { buffer in
            (0..<n).map { i in
                guard p > 0, let base = buffer.baseAddress else { return 0 }
                return LinearSVRKernels.dot(base + i * p, base + i * p, p)
            }
        }
    }

    /// Column-major to row-major for a range of rows, in blocks of rows that
    /// keep both sides in cache.
    private struct TransposePass: @unchecked Sendable {
        let source: UnsafePointer<Double>?, target: UnsafeMutablePointer<Double>?
        let rows: Int, columns: Int

        func run(rows range: Range<Int>) {
            let p = columns, n = rows
            var i0 = range.lowerBound
            while i0 < range.upperBound {
                let i1 = min(range.upperBound, i0 + 256)
                for j in 0..<p {
                    let column = j * n
                    for i in i0..<i1 { target![i * p + j] = source![column + i] }
                }
                i0 = i1
            }
        }
    }

    /// `ℓ(r)` for this problem's loss and ε.
    @inline(__always)
    func loss(residual r: Double) -> Double {
        let excess = max(0, abs(r) - epsilon)
        return loss == .epsilonInsensitive ? excess : excess * excess
    }

    /// The residuals `yᵢ − offset − xᵢ·w − B·v` (one pass over X, on both
    /// cores for large problems).
    func residuals(w: [Double], v: Double, bias: Double, offset: Double) -> [Double] {
        lossPass(w: w, v: v, bias: bias, offset: offset, smoothing: 0, derivatives: false).residuals
    }

    /// `P` from residuals already computed.
    func primalObjective(w: [Double], v: Double, residuals r: [Double], regularizeBias: Bool) -> Double {
        0.5 * (w.reduce(0) { $0 + $1 * $1 } + (regularizeBias ? v * v : 0)) + lossSum(r)
    }

    /// The dual objective (as `dualObjective(beta:intercept:penalizedBias:)`)
    /// when `Σβᵢxᵢ` is already known (a primal solver's `w − ∇_w P`).
    func dualObjective(beta: [Double], weightedSum w: [Double], intercept: Double, penalizedBias: Double?) -> Double {
        var quadratic = w.reduce(0) { $0 + $1 * $1 }
        let b = penalizedBias == nil ? intercept : 0
        if let bias = penalizedBias {
            let v = bias * beta.reduce(0, +)
            quadratic += v * v
        }
        let linear = Summation.compensatedSum(count: rows) { i in
            epsilon * abs(beta[i]) - (y[i] - b) * beta[i] + 0.5 * dualDiagonal(i) * beta[i] * beta[i]
        }
        return -(0.5 * quadratic + linear)
    }

    /// `Σ Cᵢ ℓ(rᵢ)` for given residuals (compensated, so that objectives of
    /// nearby solutions compare to the last digits).
    func lossSum(_ r: [Double]) -> Double {
        Summation.compensatedSum(count: r.count) { cost[$0] * loss(residual: r[$0]) }
    }

    /// `P(w, v)` (see the type's documentation).
    func primalObjective(w: [Double], v: Double, bias: Double, offset: Double, regularizeBias: Bool) -> Double {
        let r = residuals(w: w, v: v, bias: bias, offset: offset)
        let penalty = 0.5 * (w.reduce(0) { $0 + $1 * $1 } + (regularizeBias ? v * v : 0))
        return penalty + lossSum(r)
    }

    /// `1/(2Cᵢ)` for the L2 loss (the dual's diagonal term), 0 for the L1 loss.
    @inline(__always)
    func dualDiagonal(_ i: Int) -> Double {
        loss == .epsilonInsensitive ? 0 : 0.5 / cost[i]
    }

    /// The dual variables a primal solution implies: `βᵢ = Cᵢ·ℓ'(rᵢ)`, i.e.
    /// `2Cᵢ·sign(rᵢ)(|rᵢ| − ε)₊` for the L2 loss. (The L1 loss has no unique
    /// subgradient on the tube's edges; the solvers that return its β are dual.)
    func impliedDual(residuals r: [Double]) -> [Double] {
        r.indices.map { i in
            let excess = abs(r[i]) - epsilon
            guard excess > 0 else { return 0 }
            let magnitude = loss == .epsilonInsensitive ? cost[i] : 2 * cost[i] * excess
            return r[i] > 0 ? magnitude : -magnitude
        }
    }

    /// The dual objective (maximized; ≤ the primal objective, equal at the
    /// optimum) of the problem with the intercept held at `intercept`:
    ///
    ///     D(β) = −½‖Σβᵢxᵢ‖² − Σᵢ (ε|βᵢ| − (yᵢ − b)βᵢ + βᵢ²/(4Cᵢ)·[L2])
    ///
    /// plus `−½(B·Σβᵢ)² − … ` folded in as `penalizedBias` when the
    /// intercept is a penalized feature (then `b` is 0 and `B·Σβᵢ` is the bias
    /// weight, as in LIBLINEAR).
    func dualObjective(beta: [Double], intercept: Double, penalizedBias: Double?) -> Double {
        let n = rows
        let w = transposeTimes(beta)
        var quadratic = w.reduce(0) { $0 + $1 * $1 }
        let b = penalizedBias == nil ? intercept : 0
        if let bias = penalizedBias {
            let v = bias * beta.reduce(0, +)
            quadratic += v * v
        }
        let linear = Summation.compensatedSum(count: n) { i in
            epsilon * abs(beta[i]) - (y[i] - b) * beta[i] + 0.5 * dualDiagonal(i) * beta[i] * beta[i]
        }
        return -(0.5 * quadratic + linear)
    }
}
