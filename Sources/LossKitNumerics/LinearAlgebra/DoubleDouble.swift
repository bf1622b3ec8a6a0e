/// An unevaluated sum `hi + lo` of two Doubles with `|lo| ≤ ulp(hi)/2`: about
/// 106 significant bits (≈ 32 decimal digits) with the exponent range of Double.
///
/// Built on the error-free transformations
/// - `TwoSum(a, b) = (s, e)` with `s = fl(a + b)` and `a + b = s + e` exactly (Knuth),
/// - `TwoProd(a, b) = (p, e)` with `p = fl(a·b)` and `a·b = p + e` exactly (one FMA),
///
/// and the accurate double-word algorithms of Joldes, Muller & Popescu (2017):
/// relative error of `+` at most `3u²`, of `*` by a Double `2u²`, of `*` at most
/// `4u²` (u = 2⁻⁵³), far below one rounding of the final Double.
///
/// ```swift
/// let s = DoubleDouble(1e16) + 1 - 1e16     // exactly 1; in Double: 0
/// s.value                                   // 1.0
/// ```
///
/// NaN propagates. When the leading part overflows (or an operand is ±∞) the
/// result is `(±∞, 0)`, so infinities read as infinities rather than NaN
/// (`∞ − ∞` in the error terms is never formed into the result).
public struct DoubleDouble: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The leading Double (the value rounded to Double, up to one ulp).
    public var hi: Double
    /// The trailing correction.
    public var lo: Double

    /// The exact value `x`.
    @inlinable
    public init(_ x: Double) {
        hi = x
        lo = 0
    }

    /// The value `hi + lo`, renormalized so that `|lo| ≤ ulp(hi)/2`.
    @inlinable
    public init(hi: Double, lo: Double) {
        let (s, e) = Self.twoSum(hi, lo)
        self.hi = s
        self.lo = e
    }

    @inlinable
    init(uncheckedHi hi: Double, lo: Double) {
        self.hi = hi
        self.lo = lo
    }

    /// The value rounded to the nearest Double (`hi + lo`; `hi` if it is not finite).
    @inlinable
    public var value: Double { hi.isFinite ? hi + lo : hi }

    public var description: String { "DoubleDouble(hi: \(hi), lo: \(lo))" }

    // MARK: Error-free transformations

    /// `(s, e)` with `s = fl(a + b)` and `s + e = a + b` exactly (6 flops, no branch).
    @inlinable
    public static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        let bb = s - a
        let e = (a - (s - bb)) + (b - bb)
        return (s, e)
    }

    /// `(s, e)` with `s = fl(a + b)`, `s + e = a + b` exactly, valid when `|a| ≥ |b|` (or a = 0).
    @inlinable
    public static func fastTwoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        return (s, b - (s - a))
    }

    /// `(p, e)` with `p = fl(a·b)` and `p + e = a·b` exactly (barring underflow), using one FMA.
    @inlinable
    public static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))
    }

    // MARK: Arithmetic

    @inlinable
    public static prefix func - (x: DoubleDouble) -> DoubleDouble { DoubleDouble(uncheckedHi: -x.hi, lo: -x.lo) }

    /// Double-word + double-word (JMP 2017, Algorithm 6, error ≤ 3u²).
    @inlinable
    public static func + (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let (sh, sl) = twoSum(x.hi, y.hi)
        if !sh.isFinite { return DoubleDouble(uncheckedHi: sh, lo: 0) }
        let (th, tl) = twoSum(x.lo, y.lo)
        let (vh, vl) = fastTwoSum(sh, sl + th)
        let (zh, zl) = fastTwoSum(vh, tl + vl)
        return DoubleDouble(uncheckedHi: zh, lo: zl)
    }

    /// Double-word + Double (JMP 2017, Algorithm 4, error ≤ 2u²).
    @inlinable
    public static func + (x: DoubleDouble, y: Double) -> DoubleDouble {
        let (sh, sl) = twoSum(x.hi, y)
        if !sh.isFinite { return DoubleDouble(uncheckedHi: sh, lo: 0) }
        let (zh, zl) = fastTwoSum(sh, x.lo + sl)
        return DoubleDouble(uncheckedHi: zh, lo: zl)
    }

    @inlinable
    public static func + (x: Double, y: DoubleDouble) -> DoubleDouble { y + x }

    @inlinable
    public static func - (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble { x + (-y) }

    @inlinable
    public static func - (x: DoubleDouble, y: Double) -> DoubleDouble { x + (-y) }

    @inlinable
    public static func - (x: Double, y: DoubleDouble) -> DoubleDouble { (-y) + x }

    /// Double-word × Double (JMP 2017, Algorithm 9, error ≤ 2u²).
    @inlinable
    public static func * (x: DoubleDouble, y: Double) -> DoubleDouble {
        let (ch, cl1) = twoProduct(x.hi, y)
        if !ch.isFinite { return DoubleDouble(uncheckedHi: ch, lo: 0) }
        let cl3 = cl1.addingProduct(x.lo, y)
        let (zh, zl) = fastTwoSum(ch, cl3)
        return DoubleDouble(uncheckedHi: zh, lo: zl)
    }

    @inlinable
    public static func * (x: Double, y: DoubleDouble) -> DoubleDouble { y * x }

    /// Double-word × double-word (JMP 2017, Algorithm 12, error ≤ 4u²).
    @inlinable
    public static func * (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let (ch, cl1) = twoProduct(x.hi, y.hi)
        if !ch.isFinite { return DoubleDouble(uncheckedHi: ch, lo: 0) }
        let tl0 = x.lo * y.lo
        let tl1 = tl0.addingProduct(x.hi, y.lo)
        let cl2 = tl1.addingProduct(x.lo, y.hi)
        let (zh, zl) = fastTwoSum(ch, cl1 + cl2)
        return DoubleDouble(uncheckedHi: zh, lo: zl)
    }

    @inlinable
    public static func += (x: inout DoubleDouble, y: DoubleDouble) { x = x + y }
    @inlinable
    public static func += (x: inout DoubleDouble, y: Double) { x = x + y }
    @inlinable
    public static func -= (x: inout DoubleDouble, y: DoubleDouble) { x = x - y }
    @inlinable
    public static func -= (x: inout DoubleDouble, y: Double) { x = x - y }
    @inlinable
    public static func *= (x: inout DoubleDouble, y: DoubleDouble) { x = x * y }
    @inlinable
    public static func *= (x: inout DoubleDouble, y: Double) { x = x * y }
}
