/// Products and concatenation. The O(n³) work goes through `DenseKernels`
/// (vectorized C kernels, both cores for large products).
extension Matrix {
    /// The matrix product `A·B` (GEMM): `C[i, j] = Σₗ A[i, l]·B[l, j]`.
    ///
    /// Each element is an ordinary floating-point dot product (error bound
    /// `k·ε·Σₗ|A[i,l]·B[l,j]|`); NaN and ±∞ propagate as in IEEE arithmetic.
    /// - Throws: `LossKitError.shapeMismatch` when `columns != other.rows`.
    /// - Complexity: O(m·n·k) for `m × k` times `k × n`.
    public func multiplied(by other: Matrix) throws -> Matrix {
        guard columns == other.rows else {
            throw LossKitError.shapeMismatch(
                name: "right-hand matrix", expected: "\(columns) rows", actual: "\(other.rows) × \(other.columns)")
        }
        var result = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, other.columns > 0 else { return result }
        let m = rows, n = other.columns, k = columns
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    DenseKernels.backend.gemm(
                        transA: false, transB: false, m: m, n: n, k: k, alpha: 1,
                        a: a.baseAddress ?? UnsafePointer(c.baseAddress!), lda: max(m, 1),
                        b: b.baseAddress ?? UnsafePointer(c.baseAddress!), ldb: max(k, 1),
                        beta: 0, c: c.baseAddress!, ldc: m)
                }
            }
        }
        return result
    }

    /// The matrix–vector product `X·v`: `yᵢ = Σⱼ X[i, j]·vⱼ`.
    ///
    /// Computed column by column (axpy), so it streams the column-major storage once.
    /// - Throws: `LossKitError.countMismatch` when `v.count != columns`.
    /// - Complexity: O(m·n).
    public func times(_ v: [Double]) throws -> [Double] {
        guard v.count == columns else {
            throw LossKitError.countMismatch(name: "vector", count: v.count, otherName: "matrix columns", otherCount: columns)
        }
        var y = [Double](repeating: 0, count: rows)
        let m = rows
        storage.withUnsafeBufferPointer { a in
            y.withUnsafeMutableBufferPointer { y in
                for j in 0..<columns {
                    let s = v[j]
                    let col = a.baseAddress! + j * m
                    for i in 0..<m { y[i] += s * col[i] }
                }
            }
        }
        return y
    }

    /// The transposed product `Xᵀ·v`: `yⱼ = Σᵢ X[i, j]·vᵢ` (one dot product per column).
    ///
    /// - Throws: `LossKitError.countMismatch` when `v.count != rows`.
    /// - Complexity: O(m·n).
    public func transposeTimes(_ v: [Double]) throws -> [Double] {
        guard v.count == rows else {
            throw LossKitError.countMismatch(name: "vector", count: v.count, otherName: "matrix rows", otherCount: rows)
        }
        let m = rows
        return storage.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { v in
                (0..<columns).map { j in Matrix.dot(a.baseAddress! + j * m, v.baseAddress!, m) }
            }
        }
    }

    /// The Gram matrix `XᵀX` (`n × n`, symmetric, both triangles filled):
    /// `G[i, j] = Σₖ X[k, i]·X[k, j]`.
    ///
    /// Computed as a symmetric rank-k update (SYRK): only the lower triangle is
    /// computed, in vectorized blocks on all cores, then mirrored, so the result
    /// is exactly symmetric. Each entry is a floating-point dot product with error
    /// at most `m·ε·Σₖ|X[k,i]·X[k,j]|`; forming `XᵀX` squares the condition
    /// number, so prefer `HouseholderQR` for ill-conditioned least squares.
    /// - Complexity: O(m·n²) (`m·n²` flops, half of a general product).
    public func gram() -> Matrix {
        let n = columns, m = rows
        var result = Matrix(rows: n, columns: n)
        guard n > 0, m > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            result.storage.withUnsafeMutableBufferPointer { c in
                DenseKernels.backend.syrkLowerTransposed(n: n, k: m, a: a.baseAddress!, lda: m, c: c.baseAddress!, ldc: n)
                for j in 0..<n {
                    for i in (j + 1)..<n { c[j + i * n] = c[i + j * n] }
                }
            }
        }
        return result
    }

    /// This matrix with `other`'s rows appended below it (vertical concatenation).
    ///
    /// - Throws: `LossKitError.shapeMismatch` when the column counts differ.
    /// - Complexity: O((m₁ + m₂)·n).
    public func stacked(below other: Matrix) throws -> Matrix {
        guard columns == other.columns else {
            throw LossKitError.shapeMismatch(
                name: "stacked matrix", expected: "\(columns) columns", actual: "\(other.rows) × \(other.columns)")
        }
        let m = rows + other.rows
        var out: [Double] = []
        out.reserveCapacity(m * columns)
        for j in 0..<columns {
            out.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)])
            out.append(contentsOf: other.storage[(j * other.rows)..<((j + 1) * other.rows)])
        }
        return Matrix(uncheckedRows: m, columns: columns, storage: out)
    }

    /// `Σ aᵢ·bᵢ` over `count` contiguous elements with four accumulators.
    @usableFromInline
    package static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < count { s0 += a[i] * b[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// `y ← y + s·x` over `count` contiguous elements.
    @usableFromInline
    internal static func axpy(_ s: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for i in 0..<count { y[i] += s * x[i] }
    }
}

/// Row-block matrix–vector products for the gradient-trained models: one
/// block of rows of a column-major `X` (leading dimension `ld`) at a time, so
/// a caller can compute `X_B·u`, use it and then `X_Bᵀ·v` while the block is
/// still in cache — one read of `X` from memory per full-batch gradient.
extension Matrix {
    /// `out[k] = Σⱼ X[rows.lowerBound + k, j]·u[j]` for the rows in `rows`.
    /// Four columns per sweep of `out` (which stays in L1).
    /// - Complexity: O(|rows|·columns).
    @inlinable
    package static func rowBlockTimes(_ x: UnsafePointer<Double>, ld: Int, rows: Range<Int>, columns: Int,
                                      _ u: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let b = rows.count, r0 = rows.lowerBound
        for k in 0..<b { out[k] = 0 }
        var j = 0
        while j + 4 <= columns {
            let c0 = x + r0 + j * ld, c1 = c0 + ld, c2 = c1 + ld, c3 = c2 + ld
            let u0 = u[j], u1 = u[j + 1], u2 = u[j + 2], u3 = u[j + 3]
            for k in 0..<b { out[k] += (u0 * c0[k] + u1 * c1[k]) + (u2 * c2[k] + u3 * c3[k]) }
            j += 4
        }
        while j < columns {
            let c = x + r0 + j * ld, uj = u[j]
            for k in 0..<b { out[k] += uj * c[k] }
            j += 1
        }
    }

    /// `acc[j] += Σₖ X[rows.lowerBound + k, j]·v[k]` for every column j.
    /// - Complexity: O(|rows|·columns).
    @inlinable
    package static func rowBlockTransposeTimes(_ x: UnsafePointer<Double>, ld: Int, rows: Range<Int>, columns: Int,
                                               _ v: UnsafePointer<Double>, adding acc: UnsafeMutablePointer<Double>) {
        let b = rows.count, r0 = rows.lowerBound
        for j in 0..<columns { acc[j] += dot(x + r0 + j * ld, v, b) }
    }
}
