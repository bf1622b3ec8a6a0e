extension Double {
    /// `self · 2^k`, rounded once: exact unless the result is subnormal; ±∞ on
    /// overflow, ±0 on underflow; NaN, ±∞ and ±0 are returned unchanged. The
    /// exact rescaling behind every equilibration and scaled sum in LossKit.
    @inlinable
    package func timesPowerOfTwo(_ k: Int) -> Double {
        k == 0 || !isFinite || self == 0 ? self : Double(sign: .plus, exponent: k, significand: self)
    }
}
