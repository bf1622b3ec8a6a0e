import CLossKitKernels

/// Computations carried out in double-double (≈106-bit) arithmetic and rounded
/// once, for the places where Double loses digits: residuals of a good fit
/// (`y − Xβ` cancels almost every digit) and dot products of nearly orthogonal
/// vectors.
public enum ExtendedPrecision {
    /// The compensated dot product `Σ aᵢ·bᵢ` (Ogita, Rump & Oishi 2005, `Dot2`):
    /// each product is split exactly with `TwoProd`, the running sum with
    /// `TwoSum`, and all the errors are summed separately.
    ///
    /// Accuracy: the result is as accurate as if computed in twice the working
    /// precision and then rounded: `|value − a·b| ≤ u·|a·b| + γ²ₙ·Σ|aᵢbᵢ|`
    /// (u = 2⁻⁵³). NaN and ±∞ propagate (∞ products make `lo` NaN; `value` is then ±∞).
    ///
    /// Only the first `min(a.count, b.count)` elements are used.
    /// - Complexity: O(n), about 25 flops per element.
    public static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> DoubleDouble {
        let n = min(a.count, b.count)
        guard n > 0, let a = a.baseAddress, let b = b.baseAddress else { return DoubleDouble(0) }
        // Two independent chains to shorten the dependency on the running sum.
        var s0 = 0.0, e0 = 0.0, s1 = 0.0, e1 = 0.0
        var i = 0
        while i + 2 <= n {
            let (h0, r0) = DoubleDouble.twoProduct(a[i], b[i])
            let (h1, r1) = DoubleDouble.twoProduct(a[i + 1], b[i + 1])
            let (t0, q0) = DoubleDouble.twoSum(s0, h0)
            let (t1, q1) = DoubleDouble.twoSum(s1, h1)
            s0 = t0; e0 += q0 + r0
            s1 = t1; e1 += q1 + r1
            i += 2
        }
        if i < n {
            let (h, r) = DoubleDouble.twoProduct(a[i], b[i])
            let (t, q) = DoubleDouble.twoSum(s0, h)
            s0 = t; e0 += q + r
        }
        let (s, q) = DoubleDouble.twoSum(s0, s1)
        let e = e0 + e1 + q
        if !s.isFinite { return DoubleDouble(uncheckedHi: s, lo: e) }
        return DoubleDouble(hi: s, lo: e)
    }

    /// The reference (Swift) form of the C kernel `losskit_dd_axpy`: row by row,
    /// `(hi, lo) += col·beta` with TwoProd and TwoSum, errors gathered in `lo`.
    static func accumulate(_ m: Int, _ col: UnsafePointer<Double>, _ beta: Double,
                           _ hi: UnsafeMutablePointer<Double>, _ lo: UnsafeMutablePointer<Double>) {
        for i in 0..<m {
            let (h, r) = DoubleDouble.twoProduct(col[i], beta)
            let (s, q) = DoubleDouble.twoSum(hi[i], h)
            hi[i] = s
            lo[i] += q + r
        }
    }

    /// Residuals `rᵢ = yᵢ − intercept − Σⱼ X[i, j]·βⱼ`, each accumulated in
    /// double-double (the `Dot2` scheme, row by row) and rounded to Double once.
    ///
    /// The sign follows LossKit's convention `r = target − prediction`. For a
    /// well-fitting model where `y` and `Xβ` agree to many digits, this keeps the
    /// digits an ordinary Double evaluation cancels away: each `rᵢ` has error at
    /// most `u·|rᵢ| + γ²·(|yᵢ| + |intercept| + Σⱼ|X[i,j]βⱼ|)`.
    /// NaN and ±∞ in any input propagate into the affected residuals.
    /// - Throws: `LossKitError.countMismatch` when `y.count != x.rows` or
    ///   `coefficients.count != x.columns`.
    /// - Complexity: O(m·n), streaming `x` column by column.
    public static func residuals(y: [Double], x: Matrix, coefficients: [Double], intercept: Double) throws -> [Double] {
        guard y.count == x.rows else {
            throw LossKitError.countMismatch(name: "y", count: y.count, otherName: "matrix rows", otherCount: x.rows)
        }
        guard coefficients.count == x.columns else {
            throw LossKitError.countMismatch(
                name: "coefficients", count: coefficients.count, otherName: "matrix columns", otherCount: x.columns)
        }
        let m = x.rows
        var hi = [Double](repeating: 0, count: m)
        var lo = [Double](repeating: 0, count: m)
        hi.withUnsafeMutableBufferPointer { hp in
            lo.withUnsafeMutableBufferPointer { lp in
                for i in 0..<m {
                    let (s, e) = DoubleDouble.twoSum(y[i], -intercept)
                    hp[i] = s
                    lp[i] = e
                }
                x.withUnsafeBufferPointer { xp in
                    guard let xp = xp.baseAddress, let h = hp.baseAddress, let l = lp.baseAddress else { return }
                    // Vectorized C kernel (FMA-based TwoProd); element-wise, so exactly
                    // the arithmetic of `accumulate(_:_:_:_:_:)` below.
                    for j in 0..<x.columns {
                        losskit_dd_axpy(KernelInstructionSet.best.rawValue, m, xp + j * m, -coefficients[j], h, l)
                    }
                }
                for i in 0..<m where hp[i].isFinite { hp[i] += lp[i] }
            }
        }
        return hi
    }
}
