/// Solves with triangular matrices by substitution.
///
/// Only the relevant triangle is read (the upper for `upper`, the lower for
/// `lower`, diagonal included); the other triangle may hold anything, so the
/// compact factors of `HouseholderQR` or a full `Cholesky.factor` can be
/// passed as they are.
///
/// Accuracy: substitution is backward stable — the computed `x` solves
/// `(T + ΔT)x = b` with `|ΔT| ≤ n·ε·|T|` elementwise — so the forward error is
/// governed by the condition number of `T`. A zero diagonal element throws; a
/// tiny one gives a large but finite (or infinite) answer. NaN and ±∞ in `T`
/// or `b` propagate into `x`.
public enum TriangularSolve {
    /// Solves `R x = b` (or `Rᵀ x = b` when `transposed`) for upper triangular `R`.
    ///
    /// - Parameters:
    ///   - r: an `n × n` matrix; only its upper triangle is read.
    ///   - b: the right-hand side, `n` values.
    ///   - transposed: solve with `Rᵀ` (a lower triangular system) instead.
    /// - Throws: `LossKitError.shapeMismatch` when `r` is not square,
    ///   `LossKitError.countMismatch` when `b.count != n`,
    ///   `LossKitError.singularMatrix` naming the first zero diagonal element.
    /// - Complexity: O(n²).
    public static func upper(_ r: Matrix, _ b: [Double], transposed: Bool = false) throws -> [Double] {
        try solve(r, b, name: "upper triangular matrix") {
            try solveUpper($0, ld: r.rows, n: r.columns, $1, transposed: transposed)
        }
    }

    /// Solves `L x = b` (or `Lᵀ x = b` when `transposed`) for lower triangular `L`.
    ///
    /// - Parameters:
    ///   - l: an `n × n` matrix; only its lower triangle is read.
    ///   - b: the right-hand side, `n` values.
    ///   - transposed: solve with `Lᵀ` (an upper triangular system) instead.
    /// - Throws: `LossKitError.shapeMismatch` when `l` is not square,
    ///   `LossKitError.countMismatch` when `b.count != n`,
    ///   `LossKitError.singularMatrix` naming the first zero diagonal element.
    /// - Complexity: O(n²).
    public static func lower(_ l: Matrix, _ b: [Double], transposed: Bool = false) throws -> [Double] {
        try solve(l, b, name: "lower triangular matrix") {
            try solveLower($0, ld: l.rows, n: l.columns, $1, transposed: transposed)
        }
    }

    /// Checks shapes, then runs `kernel` on `t`'s storage and a copy of `b`.
    private static func solve(
        _ t: Matrix, _ b: [Double], name: String,
        _ kernel: (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?) throws -> Void
    ) throws -> [Double] {
        guard t.rows == t.columns else {
            throw LossKitError.shapeMismatch(name: name, expected: "a square matrix", actual: "\(t.rows) × \(t.columns)")
        }
        guard b.count == t.rows else {
            throw LossKitError.countMismatch(name: "right-hand side", count: b.count, otherName: "matrix rows", otherCount: t.rows)
        }
        var x = b
        try t.withUnsafeBufferPointer { tp in
            try x.withUnsafeMutableBufferPointer { xp in try kernel(tp.baseAddress, xp.baseAddress) }
        }
        return x
    }

    /// Throws `singularMatrix` naming the first zero diagonal element.
    private static func checkDiagonal(_ t: UnsafePointer<Double>, ld: Int, n: Int) throws {
        for j in 0..<n where t[j + j * ld] == 0 {
            throw LossKitError.singularMatrix(name: "triangular matrix", detail: "diagonal element \(j) (0-based) is zero")
        }
    }

    /// In-place `x ← R⁻¹x` (or `R⁻ᵀx`) for the upper triangle of the leading
    /// `n × n` block of a column-major array with leading dimension `ld`.
    internal static func solveUpper(
        _ r: UnsafePointer<Double>?, ld: Int, n: Int, _ x: UnsafeMutablePointer<Double>?, transposed: Bool
    ) throws {
        guard n > 0, let r, let x else { return }
        try checkDiagonal(r, ld: ld, n: n)
        if !transposed {
            // Column-oriented back substitution: each step is an axpy on a contiguous column.
            var j = n - 1
            while j >= 0 {
                let col = r + j * ld
                let xj = x[j] / col[j]
                x[j] = xj
                Matrix.axpy(-xj, col, x, j)
                j -= 1
            }
        } else {
            // Rᵀ is lower triangular; row j of Rᵀ is column j of R (contiguous).
            for j in 0..<n {
                let col = r + j * ld
                x[j] = (x[j] - Matrix.dot(col, UnsafePointer(x), j)) / col[j]
            }
        }
    }

    /// In-place `x ← L⁻¹x` (or `L⁻ᵀx`) for the lower triangle of the leading
    /// `n × n` block of a column-major array with leading dimension `ld`.
    internal static func solveLower(
        _ l: UnsafePointer<Double>?, ld: Int, n: Int, _ x: UnsafeMutablePointer<Double>?, transposed: Bool
    ) throws {
        guard n > 0, let l, let x else { return }
        try checkDiagonal(l, ld: ld, n: n)
        if !transposed {
            for j in 0..<n {
                let col = l + j * ld
                let xj = x[j] / col[j]
                x[j] = xj
                Matrix.axpy(-xj, col + j + 1, x + j + 1, n - j - 1)
            }
        } else {
            var j = n - 1
            while j >= 0 {
                let col = l + j * ld
                x[j] = (x[j] - Matrix.dot(col + j + 1, UnsafePointer(x + j + 1), n - j - 1)) / col[j]
                j -= 1
            }
        }
    }
}
