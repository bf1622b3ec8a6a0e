import RealModule

/// The thin singular value decomposition `A = U·diag(σ)·Vᵀ`.
///
/// For an `m × n` matrix with `k = min(m, n)`: `U` is `m × k` and `V` is
/// `n × k`, both with orthonormal columns, and `σ₀ ≥ σ₁ ≥ … ≥ σ_{k−1} ≥ 0`.
///
/// Algorithm: a column-pivoted Householder QR first (`A P = Q R`, which also
/// handles `m ≫ n` cheaply), then one-sided (Hestenes) Jacobi on the `k × k`
/// triangular factor: plane rotations orthogonalize its columns until every
/// pair satisfies `|wₚ·w_q| ≤ ε·‖wₚ‖·‖w_q‖`. For `m < n` the transpose is
/// decomposed. The matrix is scaled by its largest magnitude first, so entries
/// near 1e±300 neither overflow nor underflow.
///
/// Accuracy: one-sided Jacobi is among the most accurate SVD methods: the
/// singular values are correct to `O(k·ε)·σᵢ·κ(D⁻¹R)` — relative accuracy for
/// matrices whose ill-conditioning is in the column scaling — and never worse
/// than the usual `O(k·ε·σ₀)` absolute bound. `U` and `V` are orthonormal to
/// `O(k·ε)`. Columns of `U` for zero singular values are an orthonormal
/// completion (any valid choice).
///
/// - Complexity: O(m·n·k) for the QR and the product with Q, plus
///   O(k³) per Jacobi sweep (typically 5–10 sweeps).
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors, `m × k`.
    public let u: Matrix
    /// Singular values, descending, `k` of them.
    public let singularValues: [Double]
    /// Right singular vectors, `n × k`.
    public let v: Matrix

    /// The 2-norm condition number `σ_max / σ_min`: `+∞` when `σ_min = 0`,
    /// NaN for an empty matrix.
    public var conditionNumber: Double {
        guard let first = singularValues.first, let last = singularValues.last else { return .nan }
        return last == 0 ? .infinity : first / last
    }

    /// Decomposes `a`.
    /// - Throws: `LossKitError.nonFiniteValue` when `a` holds NaN or ±∞
    ///   (naming the column in the name and the row); `LossKitError.invalidParameter`
    ///   if Jacobi fails to converge in 80 sweeps (not observed in practice).
    public init(_ a: Matrix) throws {
        for j in 0..<a.columns {
            for i in 0..<a.rows where !a.storage[i + j * a.rows].isFinite {
                throw LossKitError.nonFiniteValue(name: "matrix column \(j) (0-based)", row: i, value: a.storage[i + j * a.rows])
            }
        }
        if a.rows < a.columns {
            let t = try Self.tall(a.transposed)
            u = t.v
            singularValues = t.sigma
            v = t.u
        } else {
            let t = try Self.tall(a)
            u = t.u
            singularValues = t.sigma
            v = t.v
        }
    }

    /// SVD of a matrix with `m ≥ n`.
    private static func tall(_ a: Matrix) throws -> (u: Matrix, sigma: [Double], v: Matrix) {
        let m = a.rows, n = a.columns
        if n == 0 { return (Matrix(rows: m, columns: 0), [], Matrix(rows: 0, columns: 0)) }
        var scale = 0.0
        a.withUnsafeBufferPointer { for x in $0 { scale = max(scale, abs(x)) } }
        if scale == 0 {
            // The zero matrix: σ = 0, U and V the leading identity columns.
            var u = Matrix(rows: m, columns: n)
            for j in 0..<n { u[row: j, column: j] = 1 }
            return (u, [Double](repeating: 0, count: n), .identity(n))
        }
        var scaled = a
        scaled.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] /= scale } }
        let qr = HouseholderQR(scaled, pivoting: true)
        var w = qr.r  // n × n upper triangular, pivoted columns
        var vw = Matrix.identity(n)
        try w.withUnsafeMutableBufferPointer { wp in
            try vw.withUnsafeMutableBufferPointer { vp in
                try jacobi(wp.baseAddress!, vp.baseAddress!, n)
            }
        }
        // σⱼ = ‖wⱼ‖, Uw's columns = wⱼ/σⱼ; sort descending.
        var sigma = (0..<n).map { j in w.withUnsafeBufferPointer { p in Summation.scaledNorm(count: n) { p[$0 + j * n] } } }
        let order = (0..<n).sorted { sigma[$0] > sigma[$1] || (sigma[$0] == sigma[$1] && $0 < $1) }
        var uw = [Double](repeating: 0, count: n * n)
        var vOut = [Double](repeating: 0, count: n * n)
        var zeroColumns: [Int] = []
        for (newJ, oldJ) in order.enumerated() {
            let s = sigma[oldJ]
            for i in 0..<n {
                uw[i + newJ * n] = s > 0 ? w.storage[i + oldJ * n] / s : 0
                // V = P·Vw: row i of Vw is original column permutation[i].
                vOut[qr.permutation[i] + newJ * n] = vw.storage[i + oldJ * n]
            }
            if !(s > 0) { zeroColumns.append(newJ) }
        }
        sigma = order.map { sigma[$0] * scale }
        completeOrthonormal(&uw, n, columns: zeroColumns)
        // U = Q·[Uw; 0].
        var u = [Double](repeating: 0, count: m * n)
        try u.withUnsafeMutableBufferPointer { up in
            for j in 0..<n {
                let col = try qr.qTimes(Array(uw[(j * n)..<((j + 1) * n)]))
                for i in 0..<m { up[i + j * m] = col[i] }
            }
        }
        return (Matrix(uncheckedRows: m, columns: n, storage: u), sigma,
                Matrix(uncheckedRows: n, columns: n, storage: vOut))
    }

    /// One-sided Jacobi on the `n × n` column-major `w`, accumulating the
    /// rotations into `v`, until all column pairs are orthogonal to ε.
    private static func jacobi(_ w: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>, _ n: Int) throws {
        let eps = Double.ulpOfOne
        var norms = (0..<n).map { j in Matrix.dot(w + j * n, w + j * n, n) }
        for _ in 0..<80 {
            var rotated = false
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    let wp = w + p * n, wq = w + q * n
                    let alpha = norms[p], beta = norms[q]
                    let gamma = Matrix.dot(wp, wq, n)
                    if gamma == 0 || abs(gamma) <= eps * (alpha * beta).squareRoot() { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + Double.hypot(1, zeta))
                    let c = 1 / Double.hypot(1, t)
                    let s = c * t
                    rotate(wp, wq, n, c, s)
                    rotate(v + p * n, v + q * n, n, c, s)
                    // Exact norm updates (Rutishauser); recomputed each sweep to stop drift.
                    norms[p] = alpha - t * gamma
                    norms[q] = beta + t * gamma
                }
            }
            if !rotated { return }
            for j in 0..<n { norms[j] = Matrix.dot(w + j * n, w + j * n, n) }
        }
        throw LossKitError.invalidParameter(name: "matrix", value: "SVD", requirement: "one-sided Jacobi did not converge in 80 sweeps")
    }

    /// `[x y] ← [x y]·[c s; −s c]`.
    private static func rotate(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int, _ c: Double, _ s: Double) {
        for k in 0..<n {
            let a = x[k], b = y[k]
            x[k] = c * a - s * b
            y[k] = s * a + c * b
        }
    }

    /// Fills the listed (zero) columns of the `n × n` column-major `u` with unit
    /// vectors orthogonal to all other columns (Gram–Schmidt on coordinate vectors, twice).
    private static func completeOrthonormal(_ u: inout [Double], _ n: Int, columns: [Int]) {
        guard !columns.isEmpty else { return }
        var filled = Set(0..<n).subtracting(columns)
        for j in columns {
            var best: [Double] = []
            var bestNorm = -1.0
            for e in 0..<n {
                var x = [Double](repeating: 0, count: n)
                x[e] = 1
                for _ in 0..<2 {
                    for c in filled {
                        var d = 0.0
                        for i in 0..<n { d += u[i + c * n] * x[i] }
                        for i in 0..<n { x[i] -= d * u[i + c * n] }
                    }
                }
                let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm > bestNorm {
                    bestNorm = norm
                    best = x
                }
                if norm > 0.5 { break }
            }
            for i in 0..<n { u[i + j * n] = best[i] / bestNorm }
            filled.insert(j)
        }
    }
}
