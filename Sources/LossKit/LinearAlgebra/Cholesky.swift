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
/// - Complexity: O(n³/3) flops, done in blocks whose trailing updates run
///   through the dense kernels.
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
    /// - Complexity: O(n³).
    public func inverse() throws -> Matrix {
        let n = order
        var inv = [Double](repeating: 0, count: n * n)
        try lower.withUnsafeBufferPointer { l in
            try inv.withUnsafeMutableBufferPointer { ip in
                for j in 0..<n {
                    // Column j of A⁻¹: only rows j..<n are needed (symmetry); L⁻¹eⱼ is zero above j.
                    let col = ip.baseAddress! + j * n
                    col[j] = 1
                    try TriangularSolve.solveLower(l.baseAddress! + j + j * n, ld: n, n: n - j, col + j, transposed: false)
                    try TriangularSolve.solveLower(l.baseAddress, ld: n, n: n, col, transposed: true)
                }
            }
        }
        // Symmetrize from the lower triangle.
        for j in 0..<n {
            for i in (j + 1)..<max(n, j + 1) { inv[j + i * n] = inv[i + j * n] }
        }
        return Matrix(uncheckedRows: n, columns: n, storage: inv)
    }

    /// In-place lower Cholesky of the `n × n` block at `a` (leading dimension `ld`).
    /// Right-looking, column by column.
    static func factorLower(_ a: UnsafeMutablePointer<Double>?, n: Int, ld: Int) throws {
        guard let a, n > 0 else { return }
        for j in 0..<n {
            let col = a + j * ld
            let d = col[j]
            guard d > 0, d.isFinite else {
                throw LossKitError.singularMatrix(
                    name: "matrix", detail: "not positive definite: pivot \(j) (0-based) is \(d) after elimination")
            }
            let ljj = d.squareRoot()
            col[j] = ljj
            let inv = 1 / ljj
            for i in (j + 1)..<max(n, j + 1) { col[i] *= inv }
            // Trailing update of the lower triangle: A[k.., k] -= L[k, j]·L[k.., j].
            for k in (j + 1)..<max(n, j + 1) {
                Matrix.axpy(-col[k], col + k, a + k + k * ld, n - k)
            }
        }
    }
}
