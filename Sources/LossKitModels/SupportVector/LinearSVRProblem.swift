import LossKitNumerics

/// One linear SVR problem as the solvers read it: the rows of `X` contiguous
/// (row-major, `n × p`), the targets, the per-row costs `Cᵢ = C·sᵢ`, the tube
/// half-width ε and the loss. The intercept is not a stored column: it enters
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
    /// Row-major `n × p`.
    let x: [Double]
    let y: [Double]
    /// `Cᵢ = C·sᵢ` (sᵢ the sample weight, 1 without weights).
    let cost: [Double]
    let epsilon: Double
    let loss: LinearSupportVectorRegression.Loss
    /// `‖xᵢ‖²`, the diagonal of `XXᵀ`.
    let squaredNorms: [Double]

    init(features matrix: Matrix, targets: [Double], weights: [Double]?, c: Double, epsilon: Double,
         loss: LinearSupportVectorRegression.Loss) {
        let n = matrix.rows, p = matrix.columns
        rows = n
        features = p
        var rowMajor = [Double](repeating: 0, count: n * p)
        matrix.withUnsafeBufferPointer { source in
            rowMajor.withUnsafeMutableBufferPointer { target in
                // Blocks of rows keep both sides in cache while transposing.
                let block = 256
                var i0 = 0
                while i0 < n {
                    let i1 = min(n, i0 + block)
                    for j in 0..<p {
                        let column = j * n
                        for i in i0..<i1 { target[i * p + j] = source[column + i] }
                    }
                    i0 = i1
                }
            }
        }
        x = rowMajor
        y = targets
        cost = weights.map { $0.map { c * $0 } } ?? [Double](repeating: c, count: n)
        self.epsilon = epsilon
        self.loss = loss
        squaredNorms = rowMajor.withUnsafeBufferPointer { buffer in
            (0..<n).map { i in
                guard p > 0, let base = buffer.baseAddress else { return 0 }
                return LinearSVRKernels.dot(base + i * p, base + i * p, p)
            }
        }
    }

    /// `ℓ(r)` for this problem's loss and ε.
    @inline(__always)
    func loss(residual r: Double) -> Double {
        let excess = max(0, abs(r) - epsilon)
        return loss == .epsilonInsensitive ? excess : excess * excess
    }

    /// The residuals `yᵢ − offset − xᵢ·w − B·v`.
    func residuals(w: [Double], v: Double, bias: Double, offset: Double) -> [Double] {
        let n = rows, p = features
        var r = [Double](repeating: 0, count: n)
        let shift = offset + bias * v
        x.withUnsafeBufferPointer { xb in
            w.withUnsafeBufferPointer { wb in
                r.withUnsafeMutableBufferPointer { rb in
                    for i in 0..<n {
                        let fitted = p == 0 ? 0 : LinearSVRKernels.dot(xb.baseAddress! + i * p, wb.baseAddress!, p)
                        rb[i] = y[i] - shift - fitted
                    }
                }
            }
        }
        return r
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
        let n = rows, p = features
        var w = [Double](repeating: 0, count: p)
        x.withUnsafeBufferPointer { xb in
            w.withUnsafeMutableBufferPointer { wb in
                for i in 0..<n where beta[i] != 0 && p > 0 {
                    LinearSVRKernels.axpy(beta[i], xb.baseAddress! + i * p, wb.baseAddress!, p)
                }
            }
        }
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
