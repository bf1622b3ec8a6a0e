import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct ExtendedPrecisionTests {
    @Test func compensatedDotSurvivesCancellation() {
        // a·b = 1e16·1 + 1·1 − 1e16·1 + 1·1 = 2 exactly; naive Double gives 1 or 0.
        let a: [Double] = [1e16, 1, -1e16, 1]
        let b: [Double] = [1, 1, 1, 1]
        let dot = a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { ExtendedPrecision.dot(ap, $0) } }
        #expect(dot.value == 2)
        // Products whose rounding errors matter: (1 + 2⁻³⁰)² − (1 + 2⁻²⁹) = 2⁻⁶⁰.
        let x = 1 + 0x1p-30
        let c: [Double] = [x, -(1 + 0x1p-29)]
        let d: [Double] = [x, 1]
        let v = c.withUnsafeBufferPointer { cp in d.withUnsafeBufferPointer { ExtendedPrecision.dot(cp, $0) } }
        #expect(v.value == 0x1p-60)
        let empty: [Double] = []
        #expect(empty.withUnsafeBufferPointer { ExtendedPrecision.dot($0, $0) }.value == 0)
    }

    @Test func residualsAreRoundedOnce() throws {
        // y is the exact value of 1 + x·(1 + 2⁻³⁰) + 2⁻⁶⁰ for x = 1 + 2⁻³⁰; Double evaluation of Xβ loses the 2⁻⁶⁰.
        let x = 1 + 0x1p-30
        let exactPrediction = DoubleDouble(1) + DoubleDouble.twoProduct(x, x).product + DoubleDouble.twoProduct(x, x).error
        let y = exactPrediction.hi
        let expected = (DoubleDouble(y) - exactPrediction).value  // the true residual, a tiny nonzero number
        let m = try Matrix(rowMajor: [[x]])
        let r = try ExtendedPrecision.residuals(y: [y], x: m, coefficients: [x], intercept: 1)
        #expect(r == [expected])
        #expect(expected != 0)
        #expect(y - 1 - x * x == 0)  // what plain Double gives
        #expect(throws: LossKitError.self) { try ExtendedPrecision.residuals(y: [1, 2], x: m, coefficients: [1], intercept: 0) }
        #expect(throws: LossKitError.self) { try ExtendedPrecision.residuals(y: [1], x: m, coefficients: [1, 2], intercept: 0) }
    }

    @Test func residualsMatchPlainArithmeticOnEasyData() throws {
        let x = try Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        let r = try ExtendedPrecision.residuals(y: [10, 20, 30], x: x, coefficients: [0.5, 0.25], intercept: 1)
        let expected: [Double] = [8, 16.5, 25]  // 10 − 1 − 0.5 − 0.5, 20 − 1 − 1.5 − 1, 30 − 1 − 2.5 − 1.5
        #expect(r == expected)
    }
}
