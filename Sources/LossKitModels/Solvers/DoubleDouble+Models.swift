import LossKitData
import LossKitNumerics

/// What the models' double-double solvers need beyond `LinearAlgebra`'s
/// `DoubleDouble` (`+ − ×`): division and square root. Written as methods, not
/// operators, so that `/` gains no overload that would slow the type checker
/// for every expression in the module and its tests.
extension DoubleDouble {
    static let zero = DoubleDouble(0)
    static let one = DoubleDouble(1)

    var magnitude: Double { abs(hi) }
    var isZero: Bool { hi == 0 }

    /// `self / d`: three Double quotient digits with exact remainders
    /// (QD library's accurate division), relative error about `u²`.
    /// Division by zero gives ±∞ or NaN, as in Double.
    func divided(by d: DoubleDouble) -> DoubleDouble {
        let q1 = hi / d.hi
        guard q1.isFinite else { return DoubleDouble(q1) }
        var r = self - d * q1
        let q2 = r.hi / d.hi
        r = r - d * q2
        let q3 = r.hi / d.hi
        return DoubleDouble(hi: q1, lo: q2) + q3
    }

    /// `√self` by one Newton step from the Double square root (relative error
    /// about `u²`); 0 for values ≤ 0 (callers pass sums of squares and weights).
    func squareRoot() -> DoubleDouble {
        guard hi > 0 else { return .zero }
        let x = hi.squareRoot()
        let (p, e) = DoubleDouble.twoProduct(x, x)
        let correction = (self - DoubleDouble(hi: p, lo: e)).hi / (2 * x)
        return DoubleDouble(hi: x, lo: correction)
    }
}
