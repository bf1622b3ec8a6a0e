/// The Cholesky factorization `A = L·Lᵀ` of a symmetric positive definite matrix.
///
/// Only the **lower triangle** of `A` is read (the upper is assumed to mirror
/// it). `L` is lower triangular with a positive diagonal.
///
/// ```swift
/// let chol = try Cholesky(x.gram())
/// let beta = try chol.solve(x.transposeTimes(y))   // normal equations
/// ```
///
/// Accuracy: backward stable without pivoting — `L Lᵀ = A + ΔA` with
/// `|ΔA| ≤ (n+1)ε·|L||Lᵀ|` — so solutions carry the error of `cond(A)` (which,
/// for normal equations, is `cond(X)²`). A matrix that is positive definite
/// but so ill-conditioned that rounding makes a pivot `≤ 0` is reported as not
/// positive definite.
///
/// - Complexity: n³/3 flops, done in 96-column blocks whose trailing updates
///   (almost all the flops) run through the vectorized SYRK kernel.
public struct Cholesky: Sendable {
    /// The order `n` of the matrix.
    public let order: Int
    /// `L`, column-major, upper triangle zero.
    let lower: [Double]

    /// Factors `spd`.
    ///
    /// - Throws: `LossKitError.shapeMismatch` when `spd` is not square;
    ///   `LossKitError.nonFiniteValue` when its lower triangle holds NaN or ±∞
    ///   (naming the column and row); `LossKitError.singularMatrix` when a pivot
    ///   is not positive, naming the pivot (0-based) and its value.
    public init(_ spd: Matrix) throws {
        guard spd.rows == spd.columns else {
            throw LossKitError.shapeMismatch(name: "matrix", expected: "a square matrix", actual: "\(spd.rows) × \(spd.columns)")
        }
        let n = spd.rows
        order = n
        var l = spd.storage
        for j in 0..<n {
            for i in j..<n where !l[i + j * n].isFinite {
                throw LossKitError.nonFiniteValue(name: "matrix column \(j) (0-based)", row: i, value: l[i + j * n])
            }
        }
        try l.withUnsafeMutableBufferPointer { lp in
            try Self.factorLower(lp.baseAddress, n: n, ld: n)
        }
        for j in 0..<n {
            for i in 0..<j { l[i + j * n] = 0 }
        }
        lower = l
    }

    /// `L`, lower triangular with `A = L Lᵀ`.
    public var factor: Matrix { Matrix(uncheckedRows: order, columns: order, storage: lower) }

    /// Solves `A x = b` as `L y = b`, `Lᵀ x = y`.
    /// - Throws: `LossKitError.countMismatch` when `b.count != n`.
    /// - Complexity: O(n²).
    public func solve(_ b: [Double]) throws -> [Double] {
        guard b.count == order else {
            throw LossKitError.countMismatch(name: "right-hand side", count: b.count, otherName: "matrix order", otherCount: order)
        }
        var x = b
        try lower.withUnsafeBufferPointer { l in
            try x.withUnsafeMutableBufferPointer { xp in
                try TriangularSolve.solveLower(l.baseAddress, ld: order, n: order, xp.baseAddress, transposed: false)
                try TriangularSolve.solveLower(l.baseAddress, ld: order, n: order, xp.baseAddress, transposed: true)
            }
        }
        return x
    }

    /// `A⁻¹ = L⁻ᵀ L⁻¹`, symmetric (both triangles filled).
    ///
    /// Prefer `solve(_:)` for solving systems; the inverse is for quantities
    /// that need it, such as coefficient covariance matrices `σ²(XᵀX)⁻¹`.
    /// Computed as `(L⁻¹)ᵀ·L⁻¹` (triangular inverse, then a SYRK), so the
    /// result is exactly symmetric; its error is `O(n·ε·cond(A))` relative.
    /// - Complexity: 2n³/3 flops.
    public func inverse() throws -> Matrix {
        let n = order
        // L⁻¹ column by column (column j is zero above row j), then A⁻¹ = (L⁻¹)ᵀ L⁻¹ by SYRK.
        var lInverse = [Double](repeating: 0, count: n * n)
        var inv = [Double](repeating: 0, count: n * n)
        try lower.withUnsafeBufferPointer { l in
            try lInverse.withUnsafeMutableBufferPointer { ip in
                for j in 0..<n {
                    let col = ip.baseAddress! + j * n
                    col[j] = 1
                    try TriangularSolve.solveLower(l.baseAddress! + j + j * n, ld: n, n: n - j, col + j, transposed: false)
                }
            }
        }
        if n > 0 {
            lInverse.withUnsafeBufferPointer { ip in
                inv.withUnsafeMutableBufferPointer { op in
                    DenseKernels.backend.syrkLowerTransposed(n: n, k: n, a: ip.baseAddress!, lda: n, c: op.baseAddress!, ldc: n)
                }
            }
        }
        // Symmetrize from the lower triangle.
        for j in 0..<n {
            for i in (j + 1)..<max(n, j + 1) { inv[j + i * n] = inv[i + j * n] }
        }
        return Matrix(uncheckedRows: n, columns: n, storage: inv)
    }

    /// Block size of the right-looking blocked factorization.
    static let blockSize = 96

    /// In-place lower Cholesky of the `n × n` block at `a` (leading dimension `ld`),
    /// right-looking and blocked: factor a diagonal block, solve the panel below
    /// it, update the trailing lower triangle with one SYRK (`A₂₂ −= L₂₁L₂₁ᵀ`).
    static func factorLower(_ a: UnsafeMutablePointer<Double>?, n: Int, ld: Int) throws {
        guard let a, n > 0 else { return }
        let kernels = DenseKernels.backend
        var k0 = 0
        while k0 < n {
            let k1 = min(n, k0 + blockSize), kb = k1 - k0
            try factorUnblocked(a + k0 + k0 * ld, n: kb, ld: ld, pivotOffset: k0)
            let rest = n - k1
            if rest > 0 {
                // L₂₁ = A₂₁ L₁₁⁻ᵀ, column by column (each an axpy over the contiguous rows k1..<n).
                let panel = a + k1 + k0 * ld
                for j in 0..<kb {
                    let col = panel + j * ld
                    for p in 0..<j { Matrix.axpy(-a[(k0 + j) + (k0 + p) * ld], panel + p * ld, col, rest) }
                    let inv = 1 / a[(k0 + j) + (k0 + j) * ld]
                    for i in 0..<rest { col[i] *= inv }
                }
                kernels.syrkLower(n: rest, k: kb, alpha: -1, a: panel, lda: ld, beta: 1, c: a + k1 + k1 * ld, ldc: ld)
            }
            k0 = k1
        }
    }

    /// Unblocked right-looking Cholesky of one diagonal block; pivots are
    /// reported with `pivotOffset` added (their index in the whole matrix).
    private static func factorUnblocked(_ a: UnsafeMutablePointer<Double>, n: Int, ld: Int, pivotOffset: Int) throws {
        for j in 0..<n {
            let col = a + j * ld
            let d = col[j]
            guard d > 0, d.isFinite else {
                throw LossKitError.singularMatrix(
                    name: "matrix", detail: "not positive definite: pivot \(pivotOffset + j) (0-based) is \(d) after elimination")
            }
            let ljj = d.squareRoot()
            col[j] = ljj
            let inv = 1 / ljj
            for i in (j + 1)..<max(n, j + 1) { col[i] *= inv }
            for k in (j + 1)..<max(n, j + 1) {
                Matrix.axpy(-col[k], col + k, a + k + k * ld, n - k)
            }
        }
    }
}
