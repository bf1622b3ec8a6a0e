import Testing
import LossKit
import RealModule

@Suite struct RobustScaleTests {
    // statsmodels.robust.scale.mad(y, center=0) and mad(y) (about the median).
    @Test(arguments: RobustFixture.names)
    func madMatchesStatsmodels(name: String) throws {
        let f = try RobustFixture.load(name)
        #expect(RobustScale.medianAbsoluteDeviation(f.y, center: .zero)
            .isApproximatelyEqual(to: f.mad.yAboutZero, relativeTolerance: 1e-14))
        #expect(RobustScale.medianAbsoluteDeviation(f.y, center: .median)
            .isApproximatelyEqual(to: f.mad.yAboutMedian, relativeTolerance: 1e-14))
    }

    @Test func madIgnoresHalfTheDataBeingWrong() {
        // median|x − 3| of [1, 2, 3, 4, 1e300] is 1, whatever the last value.
        let mad = RobustScale.medianAbsoluteDeviation([1, 2, 3, 4, 1e300], center: .median)
        #expect(mad.isApproximatelyEqual(to: 1 / 0.6744897501960817, relativeTolerance: 1e-15))
    }

    @Test func madEdgeCases() {
        #expect(RobustScale.medianAbsoluteDeviation([]).isNaN)
        #expect(RobustScale.medianAbsoluteDeviation([1, .nan, 2]).isNaN)
        #expect(RobustScale.medianAbsoluteDeviation([5, 5, 5], center: .median) == 0)
    }
}
