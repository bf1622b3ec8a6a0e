import RealModule

/// A product of Householder reflectors in LAPACK's compact form: the essential
/// parts of the vectors `vᵢ` (with an implicit leading 1) below the diagonal of
/// an `m × n` column-major array, and the scalars `τᵢ`, so that
/// `Q = H₀H₁⋯H_{k−1}` with `Hᵢ = I − τᵢ vᵢ vᵢᵀ`. The upper triangle holds `R`.
internal struct HouseholderReflectors: Sendable {
    /// Rows of the factored matrix (the length of the vectors Q acts on).
    var m: Int
    /// Columns of the factored matrix.
    var n: Int
    /// Compact factors, column-major `m × n`.
    var factors: [Double]
    /// `τᵢ` for `i < min(m, n)`.
    var tau: [Double]

    var reflectorCount: Int { tau.count }

    /// `x ← Qᵀx` for `x` of length `m`.
    func applyQTranspose(_ x: UnsafeMutablePointer<Double>) {
        factors.withUnsafeBufferPointer { f in
            guard let f = f.baseAddress else { return }
            for i in 0..<reflectorCount {
                Self.applyReflector(f + i + i * m, tau[i], m - i, to: x + i)
            }
        }
    }

    /// `x ← Qx` for `x` of length `m`.
    func applyQ(_ x: UnsafeMutablePointer<Double>) {
        factors.withUnsafeBufferPointer { f in
            guard let f = f.baseAddress else { return }
            var i = reflectorCount - 1
            while i >= 0 {
                Self.applyReflector(f + i + i * m, tau[i], m - i, to: x + i)
                i -= 1
            }
        }
    }

    /// `c ← (I − τvvᵀ)c` where `v = [1, v[1..<len]]` (v[0] is not read).
    @inline(__always)
    static func applyReflector(_ v: UnsafePointer<Double>, _ tau: Double, _ len: Int, to c: UnsafeMutablePointer<Double>) {
        if tau == 0 || len <= 0 { return }
        let w = tau * (c[0] + Matrix.dot(v + 1, UnsafePointer(c + 1), len - 1))
        c[0] -= w
        Matrix.axpy(-w, v + 1, c + 1, len - 1)
    }

    /// Turns `x[0..<len]` into a reflector (LAPACK `dlarfg`): on return `x[0] = β`,
    /// `x[1...]` holds the essential part of `v`, and the returned `τ` makes
    /// `(I − τvvᵀ)x = βe₁` with `|β| = ‖x‖`. `τ = 0` (identity) when `x[1...]` is zero.
    static func makeReflector(_ x: UnsafeMutablePointer<Double>, _ len: Int) -> Double {
        guard len > 1 else { return 0 }
        let alpha = x[0]
        let tailNorm = Summation.scaledNorm(count: len - 1) { x[1 + $0] }
        if tailNorm == 0 { return 0 }
        let norm = Double.hypot(alpha, tailNorm)
        let beta = alpha >= 0 ? -norm : norm
        let tau = (beta - alpha) / beta
        let scale = 1 / (alpha - beta)
        for i in 1..<len { x[i] *= scale }
        x[0] = beta
        return tau
    }
}
