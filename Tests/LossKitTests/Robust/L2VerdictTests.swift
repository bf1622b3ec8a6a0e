import Testing
import LossKit
import RealModule

@Suite struct L2VerdictTests {
    @Test func anscombeThreeSaysSwitch() throws {
        let set = try #require(Anscombe.quartet.first { $0.name == "III" })
        let f = try RobustFixture.load("anscombe3")
        let v = try L2Verdict.assess(features: Matrix(columns: [set.x]), targets: set.y)
        #expect(v.level == .switchLoss)
        #expect(v.recommendation == .huber)
        #expect(v.flaggedRows == [2])
        #expect(v.topShareOfSquaredError > 0.5)
        // The shift is measured against statsmodels' two fits: |w_RLM − w_OLS| / |w_OLS|.
        let expectedShift = abs(f.huberT.params[1] - f.ols.params[1]) / abs(f.ols.params[1])
        #expect(v.coefficientShift.isApproximatelyEqual(to: expectedShift, relativeTolerance: 1e-7))
        #expect(v.reason.hasPrefix("row 3 carries"))
        #expect(v.reason.contains("Huber's fit moves the slope by 31 %"))
    }

    @Test func plantedOutliersSaySwitch() throws {
        let f = try RobustFixture.load("contaminated")
        let v = try L2Verdict.assess(features: f.matrix, targets: f.y)
        #expect(v.level == .switchLoss)
        #expect(Set([5, 7, 9, 10, 40]).isSubset(of: Set(v.flaggedRows)))
    }

    @Test func heavyTailsSayWatch() throws {
        // Student-t(2) noise: a few |t*| > 3 rows that are also influential,
        // but Huber moves the slopes by about 3 %.
        let f = try RobustFixture.load("heavyTails")
        let v = try L2Verdict.assess(features: f.matrix, targets: f.y)
        #expect(v.level == .watch)
        #expect(v.coefficientShift < 0.10)
    }

    @Test func cleanDataIsFine() throws {
        let f = try RobustFixture.load("clean")
        let v = try L2Verdict.assess(features: f.matrix, targets: f.y)
        #expect(v.level == .fine)
        #expect(v.recommendation == .leastSquares)
        #expect(v.outlierRows.isEmpty)
    }

    @Test func anscombeFourIsAWatchForItsLeveragePoint() throws {
        // Ten x = 8 and one x = 19: the slope is fixed by row 8 alone (h = 1),
        // so its residual is 0 and no loss can question it.
        let set = try #require(Anscombe.quartet.first { $0.name == "IV" })
        let v = try L2Verdict.assess(features: Matrix(columns: [set.x]), targets: set.y)
        #expect(v.level == .watch)
        #expect(v.dominantLeverageRows == [7])
        #expect(v.reason.hasPrefix("row 8 alone determines"))
    }

    @Test func anscombeOneIsFine() throws {
        let set = try #require(Anscombe.quartet.first { $0.name == "I" })
        let v = try L2Verdict.assess(features: Matrix(columns: [set.x]), targets: set.y)
        #expect(v.level == .fine)
    }

    @Test func thresholdsAreHonoured() throws {
        let f = try RobustFixture.load("heavyTails")
        var strict = OutlierThresholds()
        strict.coefficientShift = 0.01
        let v = try L2Verdict.assess(features: f.matrix, targets: f.y, thresholds: strict)
        #expect(v.level == .switchLoss)
    }
}
