import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct DoubleDoubleTests {
    @Test func errorFreeTransformationsAreExact() {
        // (1e16 + 1) − 1e16: Double loses the 1, double-double keeps it.
        #expect((1e16 + 1.0) - 1e16 == 0)
        #expect((DoubleDouble(1e16) + 1 - 1e16).value == 1)
        let (s, e) = DoubleDouble.twoSum(1e16, 1)
        #expect(s == 1e16 && e == 1)
        // TwoProd: (1 + 2⁻³⁰)² = 1 + 2⁻²⁹ + 2⁻⁶⁰; the 2⁻⁶⁰ is the rounding error.
        let x = 1 + 0x1p-30
        let (p, err) = DoubleDouble.twoProduct(x, x)
        #expect(p == 1 + 0x1p-29 && err == 0x1p-60)
        let (fs, fe) = DoubleDouble.fastTwoSum(1, 0x1p-60)
        #expect(fs == 1 && fe == 0x1p-60)
    }

    @Test func arithmeticKeepsAbout106Bits() {
        // 1/3 in double-double times 3 is 1 to ~1e-32.
        let h = 1.0 / 3
        let third = DoubleDouble(hi: h, lo: (1.0).addingProduct(-3, h) / 3)  // fma: exact 1 − 3h
        #expect(third.lo != 0)
        let one = third * 3
        #expect(abs((one - 1).value) < 1e-31)
        let sq = third * third  // 1/9
        #expect(abs((sq * 9 - 1).value) < 1e-31)
        let sum = third + third + third
        #expect(abs((sum - 1).value) < 1e-31)
        #expect((-third).hi == -third.hi)
    }

    @Test func nonFiniteValues() {
        #expect((DoubleDouble(.infinity) + 1).value == .infinity)
        #expect((DoubleDouble(.nan) * 2).value.isNaN)
        #expect((DoubleDouble(1e308) * 10).value == .infinity)
    }
}
