import RealModule

/// The eigendecomposition `A = V·Λ·Vᵀ` of a real symmetric matrix.
///
/// Eigenvalues are real and returned **ascending**; the eigenvectors are the
/// orthonormal columns of `V`, column `j` belonging to `eigenvalues[j]`.
/// Only the **lower triangle** of `A` is read.
///
/// Algorithm: Householder reduction to tridiagonal form with accumulation of
/// the transformations, then the implicit QL algorithm with Wilkinson-type
/// shifts (EISPACK `tred2`/`tql2`, as in JAMA), then a sort.
///
/// Accuracy: backward stable. Each computed eigenvalue is within a small
/// multiple of `n·ε·‖A‖₂` of an exact one (absolute, not relative: tiny
/// eigenvalues of a matrix with large ones have few correct digits), the
/// residual `‖A V − V Λ‖` is `O(n·ε·‖A‖)`, and `V` is orthogonal to `O(n·ε)`.
/// Eigenvectors of (nearly) repeated eigenvalues span the right subspace but
/// are otherwise arbitrary.
///
/// - Complexity: O(n³) time (about 9n³ flops with eigenvectors), O(n²) memory.
public struct SymmetricEigen: Sendable {
    /// The eigenvalues in ascending order.
    public let eigenvalues: [Double]
    /// The orthonormal eigenvectors as columns, in the order of `eigenvalues`.
    public let eigenvectors: Matrix

    /// Decomposes `a`.
    ///
    /// - Throws: `LossKitError.shapeMismatch` when `a` is not square;
    ///   `LossKitError.nonFiniteValue` when its lower triangle holds NaN or ±∞;
    ///   `LossKitError.invalidParameter` if the QL iteration fails to converge
    ///   (not observed in practice; bounded at 30 iterations per eigenvalue).
    public init(_ a: Matrix) throws {
        guard a.rows == a.columns else {
            throw LossKitError.shapeMismatch(name: "matrix", expected: "a square symmetric matrix", actual: "\(a.rows) × \(a.columns)")
        }
        let n = a.rows
        for j in 0..<n {
            for i in j..<n where !a.storage[i + j * n].isFinite {
                throw LossKitError.nonFiniteValue(name: "matrix column \(j) (0-based)", row: i, value: a.storage[i + j * n])
            }
        }
        var v = a.storage
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        if n > 0 {
            try v.withUnsafeMutableBufferPointer { vp in
                try d.withUnsafeMutableBufferPointer { dp in
                    try e.withUnsafeMutableBufferPointer { ep in
                        Self.tridiagonalize(vp.baseAddress!, n, dp.baseAddress!, ep.baseAddress!)
                        try Self.implicitQL(vp.baseAddress!, n, dp.baseAddress!, ep.baseAddress!)
                    }
                }
            }
        }
        eigenvalues = d
        eigenvectors = Matrix(uncheckedRows: n, columns: n, storage: v)
    }

    /// Householder tridiagonalization (`tred2`). On entry the lower triangle of
    /// `v` (column-major, `v[i + j·n]` is row i column j) holds A; on exit `v`
    /// is the orthogonal transformation, `d` the diagonal and `e[1...]` the
    /// subdiagonal of the tridiagonal matrix.
    static func tridiagonalize(_ v: UnsafeMutablePointer<Double>, _ n: Int, _ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>) {
        // V[r][c] (row r, column c) is v[r + c*n].
        for j in 0..<n { d[j] = v[(n - 1) + j * n] }
        var i = n - 1
        while i > 0 {
            var scale = 0.0
            var h = 0.0
            for k in 0..<i { scale += abs(d[k]) }
            if scale == 0 {
                e[i] = d[i - 1]
                for j in 0..<i {
                    d[j] = v[(i - 1) + j * n]
                    v[i + j * n] = 0
                    v[j + i * n] = 0
                }
            } else {
                for k in 0..<i {
                    d[k] /= scale
                    h += d[k] * d[k]
                }
                var f = d[i - 1]
                var g = h.squareRoot()
                if f > 0 { g = -g }
                e[i] = scale * g
                h -= f * g
                d[i - 1] = f - g
                for j in 0..<i { e[j] = 0 }
                for j in 0..<i {
                    f = d[j]
                    v[j + i * n] = f
                    g = e[j] + v[j + j * n] * f
                    let col = v + j * n
                    var k = j + 1
                    while k <= i - 1 {
                        g += col[k] * d[k]
                        e[k] += col[k] * f
                        k += 1
                    }
                    e[j] = g
                }
                f = 0
                for j in 0..<i {
                    e[j] /= h
                    f += e[j] * d[j]
                }
                let hh = f / (h + h)
                for j in 0..<i { e[j] -= hh * d[j] }
                for j in 0..<i {
                    f = d[j]
                    g = e[j]
                    let col = v + j * n
                    var k = j
                    while k <= i - 1 {
                        col[k] -= f * e[k] + g * d[k]
                        k += 1
                    }
                    d[j] = col[i - 1]
                    col[i] = 0
                }
            }
            d[i] = h
            i -= 1
        }
        // Accumulate the transformations.
        for i in 0..<(n - 1) {
            v[(n - 1) + i * n] = v[i + i * n]
            v[i + i * n] = 1
            let h = d[i + 1]
            let next = v + (i + 1) * n
            if h != 0 {
                for k in 0...i { d[k] = next[k] / h }
                for j in 0...i {
                    let col = v + j * n
                    let g = Matrix.dot(UnsafePointer(next), UnsafePointer(col), i + 1)
                    Matrix.axpy(-g, UnsafePointer(d), col, i + 1)
                }
            }
            for k in 0...i { next[k] = 0 }
        }
        for j in 0..<n {
            d[j] = v[(n - 1) + j * n]
            v[(n - 1) + j * n] = 0
        }
        v[(n - 1) + (n - 1) * n] = 1
        e[0] = 0
    }

    /// Implicit QL iteration on the tridiagonal (`tql2`), rotating `v`'s columns,
    /// then sorting eigenvalues ascending with their vectors.
    static func implicitQL(_ v: UnsafeMutablePointer<Double>, _ n: Int, _ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>) throws {
        for i in 1..<max(n, 1) { e[i - 1] = e[i] }
        e[n - 1] = 0
        var f = 0.0
        var tst1 = 0.0
        let eps = Double.ulpOfOne
        for l in 0..<n {
            tst1 = max(tst1, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n - 1 {
                if abs(e[m]) <= eps * tst1 { break }
                m += 1
            }
            if m > l {
                var iterations = 0
                repeat {
                    iterations += 1
                    if iterations > 30 + n {
                        throw LossKitError.invalidParameter(
                            name: "matrix", value: "eigenvalue \(l)", requirement: "the QL iteration did not converge")
                    }
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = Double.hypot(p, 1)
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    for i in (l + 2)..<max(n, l + 2) { d[i] -= h }
                    f += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0
                    let el1 = e[l + 1]
                    var s = 0.0, s2 = 0.0
                    var i = m - 1
                    while i >= l {
                        c3 = c2
                        c2 = c
                        s2 = s
                        g = c * e[i]
                        h = c * p
                        r = Double.hypot(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        let vi = v + i * n, vi1 = v + (i + 1) * n
                        for k in 0..<n {
                            let t = vi1[k]
                            vi1[k] = s * vi[k] + c * t
                            vi[k] = c * vi[k] - s * t
                        }
                        i -= 1
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * tst1
            }
            d[l] += f
            e[l] = 0
        }
        // Selection sort, ascending, swapping eigenvector columns along.
        for i in 0..<max(n - 1, 0) {
            var k = i
            var p = d[i]
            for j in (i + 1)..<n where d[j] < p {
                k = j
                p = d[j]
            }
            if k != i {
                d[k] = d[i]
                d[i] = p
                HouseholderQR.swapColumns(v, n, i, k)
            }
        }
    }
}
