import LossKitData
import LossKitNumerics

/// Powers of two that bring every design column, the target and the weights
/// to magnitude about 1 before a least-squares solve, so the answer does not
/// depend on the units (LAPACK's expert drivers equilibrate the same way).
///
/// `x'ⱼ = xⱼ·2^(−eⱼ)`, `y' = y·2^(−e_y)`, `w' = w·2^(−e_w)` with each exponent
/// that of the largest magnitude.
/// Multiplying by a power of two is exact unless a value falls below the
/// subnormal range relative to its column's largest, where it is negligible;
/// so scaling a column or the target by `2^k` gives the *same* scaled problem,
/// and the solvers' answer scales exactly: `βⱼ = β'ⱼ·2^(e_y − eⱼ)`,
/// `b₀ = b₀'·2^(e_y)`, standard errors like the coefficients, `Σwr²` by
/// `2^(2e_y + e_w)`, σ̂ by `2^(e_y + e_w/2)` (one rounding by √2 for an
/// odd `e_w`); R², t, p, F and the condition number unchanged.
/// Unscaling overflows to ±∞ only when the answer itself is not representable
/// (the fit then says so with `ModelWarning.notRepresentable`).
/// - Complexity: O(n·p) to find the exponents; the scaled copy of `x` is made
///   only where a solver needs it (see `LinearRegression.solve`).
struct Equilibration: Sendable, Equatable {
    /// `eⱼ` per design column (0 for an all-zero column).
    var columnExponents: [Int]
    /// `e_y` of the target being solved.
    var targetExponent: Int
    /// `e_w`, 0 without weights.
    var weightExponent: Int

    static func identity(columns: Int) -> Equilibration {
        Equilibration(columnExponents: Array(repeating: 0, count: columns), targetExponent: 0, weightExponent: 0)
    }

    var isIdentity: Bool { targetExponent == 0 && weightExponent == 0 && columnExponents.allSatisfy { $0 == 0 } }

    /// The binary exponent of `max |vᵢ|` (0 when every value is 0 or the
    /// largest is not finite).
    static func exponent<C: Collection<Double>>(of values: C) -> Int {
        if let exponent = values.withContiguousStorageIfAvailable({ exponent(ofBuffer: $0) }) { return exponent }
        var top = 0.0
        for v in values { top = max(top, abs(v)) }
        return top > 0 && top.isFinite ? Int(top.exponent) : 0
    }

    /// The same on contiguous storage, in one branch-free pass: the largest
    /// magnitude is the largest bit pattern with the sign cleared (IEEE
    /// ordering of non-negative doubles is integer ordering), an integer
    /// maximum the compiler vectorizes. NaN's pattern exceeds ∞'s, so a NaN
    /// gives 0 like an ∞ does.
    static func exponent(ofBuffer values: UnsafeBufferPointer<Double>) -> Int {
        exponent(ofMagnitudeBits: magnitudeBits(values))
    }

    /// Each column's largest magnitude as a bit pattern with the sign cleared
    /// (IEEE order of non-negative doubles is integer order), in one branch-free
    /// pass: `≥ 0x7FF0…` exactly when the column holds ±∞ or NaN, so the same
    /// pass serves the inputs' finiteness check and the equilibration.
    static func columnMagnitudeBits(_ x: Matrix) -> [UInt64] {
        let n = x.rows
        return x.withUnsafeBufferPointer { xp in
            (0..<x.columns).map { j in magnitudeBits(UnsafeBufferPointer(rebasing: xp[(j * n)..<((j + 1) * n)])) }
        }
    }

    static func magnitudeBits(_ values: UnsafeBufferPointer<Double>) -> UInt64 {
        var a: UInt64 = 0, b: UInt64 = 0
        var i = 0
        while i + 2 <= values.count {
            let u = values[i].bitPattern & 0x7FFF_FFFF_FFFF_FFFF, v = values[i + 1].bitPattern & 0x7FFF_FFFF_FFFF_FFFF
            a = u > a ? u : a
            b = v > b ? v : b
            i += 2
        }
        if i < values.count { let u = values[i].bitPattern & 0x7FFF_FFFF_FFFF_FFFF; a = u > a ? u : a }
        return max(a, b)
    }

    /// The exponent of a largest magnitude given as `magnitudeBits` (0 for 0, ±∞, NaN).
    static func exponent(ofMagnitudeBits bits: UInt64) -> Int {
        let top = Double(bitPattern: bits)
        return top > 0 && top.isFinite ? Int(top.exponent) : 0
    }

    /// From column magnitudes already taken (`columnMagnitudeBits`) and the weights.
    init(columnMagnitudeBits bits: [UInt64], weights: [Double]?) {
        columnExponents = bits.map(Self.exponent(ofMagnitudeBits:))
        targetExponent = 0
        weightExponent = weights.map { Self.exponent(of: $0) } ?? 0
    }

    /// The exponents of `x`'s columns and of the weights; the target's is set per
    /// target by `forTarget`.
    init(x: Matrix, weights: [Double]?) {
        let n = x.rows
        columnExponents = x.withUnsafeBufferPointer { xp in
            (0..<x.columns).map { j in Self.exponent(ofBuffer: UnsafeBufferPointer(rebasing: xp[(j * n)..<((j + 1) * n)])) }
        }
        targetExponent = 0
        weightExponent = weights.map { Self.exponent(of: $0) } ?? 0
    }

    init(columnExponents: [Int], targetExponent: Int, weightExponent: Int) {
        self.columnExponents = columnExponents
        self.targetExponent = targetExponent
        self.weightExponent = weightExponent
    }

    func forTarget(_ y: [Double]) -> Equilibration {
        var copy = self
        copy.targetExponent = Self.exponent(of: y)
        return copy
    }

    /// True when a column's exponent is outside ±`limit`: only then do the
    /// Double solvers need a scaled copy (inside, their own norm scaling and
    /// sums are exact under power-of-two scaling, and no square overflows).
    func columnsNeedScaling(limit: Int = 256) -> Bool {
        columnExponents.contains { abs($0) > limit }
    }

    /// `x` with column `j` multiplied by `2^(−eⱼ)`.
    func scaled(_ x: Matrix) -> Matrix {
        var copy = x
        let n = x.rows
        copy.withUnsafeMutableBufferPointer { c in
            for (j, e) in columnExponents.enumerated() where e != 0 {
                for i in 0..<n { c[i + j * n] = c[i + j * n].timesPowerOfTwo(-e) }
            }
        }
        return copy
    }

    func scaledTarget(_ y: [Double]) -> [Double] {
        targetExponent == 0 ? y : y.map { $0.timesPowerOfTwo(-targetExponent) }
    }

    func scaledWeights(_ w: [Double]?) -> [Double]? {
        guard weightExponent != 0 else { return w }
        return w?.map { $0.timesPowerOfTwo(-weightExponent) }
    }

    /// The power of two that takes parameter `index` of `[intercept?, slopes…]`
    /// from the scaled problem back to the caller's units: `e_y − eⱼ` for a
    /// slope, `e_y` for the intercept.
    func parameterExponents(hasIntercept: Bool) -> [Int] {
        (hasIntercept ? [targetExponent] : []) + columnExponents.map { targetExponent - $0 }
    }
}

extension DoubleDouble {
    /// `self · 2^k` (both parts; the low part may lose digits only when it
    /// becomes subnormal).
    func timesPowerOfTwo(_ k: Int) -> DoubleDouble {
        guard k != 0 else { return self }
        let hi = hi.timesPowerOfTwo(k)
        guard hi.isFinite else { return DoubleDouble(hi) }
        return DoubleDouble(hi: hi, lo: lo.timesPowerOfTwo(k))
    }
}
