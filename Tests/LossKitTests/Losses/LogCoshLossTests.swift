import Testing
import LossKit
import RealModule

@Suite struct LogCoshLossTests {
    /// `log(cosh r)` computed naively overflows for |r| > 710 (Double) and
    /// > 89 (Float); this loss stays finite and exact to the last ulps.
    @Test func largeResidualsDoNotOverflow() {
        let loss = LogCoshLoss()
        #expect(Double.log(Double.cosh(1000)) == .infinity, "the naive formula overflows")
        #expect(loss.value(residual: 1000.0) == 1000 - Double.log(2))
        #expect(loss.value(residual: -1e300) == 1e300)
        #expect(Float.log(Float.cosh(100)) == .infinity)
        #expect(loss.value(residual: Float(100)).isApproximatelyEqual(to: 100 - Float.log(2), relativeTolerance: 1e-6))
        #expect(loss.derivative(residual: 1000.0) == 1)
        #expect(loss.secondDerivative(residual: 1000.0) == 0)
        #expect(loss.secondDerivative(residual: 20.0).isApproximatelyEqual(
            to: 4 * Double.exp(-40) / ((1 + Double.exp(-40)) * (1 + Double.exp(-40))), relativeTolerance: 1e-14))
    }

    /// For tiny residuals `log cosh r ≈ r²/2 − r⁴/12`: the `|r| + log1p(e^{−2|r|}) − log 2`
    /// form would cancel to noise; the `log1p(expm1(|r|)²/(2(1 + expm1(|r|))))` branch keeps relative accuracy.
    @Test func tinyResidualsKeepRelativeAccuracy() {
        let loss = LogCoshLoss()
        for r in [1e-10, -3e-8, 1e-4] {
            let expected = r * r / 2 - r * r * r * r / 12
            #expect(loss.value(residual: r).isApproximatelyEqual(to: expected, relativeTolerance: 1e-13))
        }
        let naive = 1e-10 + Double.log(onePlus: Double.exp(-2e-10)) - Double.log(2)
        #expect(!naive.isApproximatelyEqual(to: 5e-21, relativeTolerance: 1e-3), "the large-|r| form cancels")
        #expect(loss.value(residual: Float(1e-5)).isApproximatelyEqual(to: 5e-11, relativeTolerance: 1e-6))
        #expect(loss.secondDerivative(residual: 0.0) == 1)
        #expect(loss.derivative(residual: 0.0) == 0)
    }

    @Test func branchesMeetAtOne() {
        let loss = LogCoshLoss()
        let exact = Double.log(Double.cosh(1))
        #expect(loss.value(residual: 1.0).isApproximatelyEqual(to: exact, relativeTolerance: 1e-15))
        #expect(loss.value(residual: 1.0.nextUp).isApproximatelyEqual(to: exact, relativeTolerance: 1e-15))
    }
}
