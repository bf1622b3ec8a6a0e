import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

@Suite struct SummationTests {
    @Test func compensatedSumRecoversCancelledDigits() {
        let values: [Double] = [1e16, 1, -1e16, 1]
        #expect(Summation.compensatedSum(count: values.count) { values[$0] } == 2)
    }

    @Test func scaledNormDoesNotOverflowOrUnderflow() {
        let big: [Double] = [3e200, 4e200]
        #expect(Summation.scaledNorm(count: 2) { big[$0] }.isApproximatelyEqual(to: 5e200, relativeTolerance: 1e-15))
        let tiny: [Double] = [3e-200, 4e-200]
        #expect(Summation.scaledNorm(count: 2) { tiny[$0] }.isApproximatelyEqual(to: 5e-200, relativeTolerance: 1e-15))
    }
}
