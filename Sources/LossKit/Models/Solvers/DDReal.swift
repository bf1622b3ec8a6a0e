/// A double-double number `hi + lo` (about 32 significant digits), with the
/// division and square root that the extended-precision least-squares solver
/// needs.
///
/// Internal to `Models/`: `LinearAlgebra`'s public `DoubleDouble` offers
/// `+ − ×` only, and the small-problem solver (`ExtendedLeastSquares`) also
/// divides and takes square roots. Algorithms: Dekker/Knuth two-sum and an
/// FMA two-product (Hida, Li & Bailey's QD library, "accurate" addition).
struct DDReal: Sendable, Equatable, Codable {
    var hi: Double
    var lo: Double

    init(_ value: Double) { hi = value; lo = 0 }
    init(hi: Double, lo: Double) { self.hi = hi; self.lo = lo }

    static let zero = DDReal(0)
    static let one = DDReal(1)

    /// The nearest Double.
    var value: Double { hi + lo }

    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> DDReal {
        let s = a + b
        let bb = s - a
        return DDReal(hi: s, lo: (a - (s - bb)) + (b - bb))
    }

    @inline(__always)
    static func quickTwoSum(_ a: Double, _ b: Double) -> DDReal {
        let s = a + b
        return DDReal(hi: s, lo: b - (s - a))
    }

    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> DDReal {
        let p = a * b
        return DDReal(hi: p, lo: (-p).addingProduct(a, b))
    }

    @inline(__always)
    static func + (a: DDReal, b: DDReal) -> DDReal {
        var s = twoSum(a.hi, b.hi)
        let t = twoSum(a.lo, b.lo)
        s.lo += t.hi
        s = quickTwoSum(s.hi, s.lo)
        s.lo += t.lo
        return quickTwoSum(s.hi, s.lo)
    }

    @inline(__always)
    static prefix func - (a: DDReal) -> DDReal { DDReal(hi: -a.hi, lo: -a.lo) }

    @inline(__always)
    static func - (a: DDReal, b: DDReal) -> DDReal { a + (-b) }

    @inline(__always)
    static func * (a: DDReal, b: DDReal) -> DDReal {
        var p = twoProduct(a.hi, b.hi)
        p.lo += a.hi * b.lo + a.lo * b.hi
        return quickTwoSum(p.hi, p.lo)
    }

    @inline(__always)
    static func * (a: DDReal, b: Double) -> DDReal {
        var p = twoProduct(a.hi, b)
        p.lo += a.lo * b
        return quickTwoSum(p.hi, p.lo)
    }

    static func / (a: DDReal, b: DDReal) -> DDReal {
        let q1 = a.hi / b.hi
        var r = a - b * q1
        let q2 = r.hi / b.hi
        r = r - b * q2
        let q3 = r.hi / b.hi
        return quickTwoSum(q1, q2) + DDReal(q3)
    }

    /// `√a` by one Newton step from the Double square root; 0 for a ≤ 0.
    func squareRoot() -> DDReal {
        guard hi > 0 else { return .zero }
        let x = hi.squareRoot()
        let correction = (self - DDReal.twoProduct(x, x)).hi / (2 * x)
        return DDReal.quickTwoSum(x, correction)
    }

    static func += (a: inout DDReal, b: DDReal) { a = a + b }
    static func -= (a: inout DDReal, b: DDReal) { a = a - b }

    var magnitude: Double { abs(hi) }
    var isZero: Bool { hi == 0 }
}
