import Foundation
import Testing
import RealModule
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct AxisScaleTests {
    /// Properties every scale must have, whatever the input.
    func checkInvariants(_ s: AxisScale, _ context: String) {
        #expect(s.lower < s.upper, "\(context): empty domain \(s.lower)…\(s.upper)")
        #expect(s.lower.isFinite && s.upper.isFinite, "\(context)")
        #expect(s.ticks.count >= 2, "\(context): ticks \(s.ticks)")
        #expect(s.ticks.count <= 12, "\(context): too many ticks \(s.ticks.count)")
        #expect(zip(s.ticks, s.ticks.dropFirst()).allSatisfy { $0 < $1 }, "\(context): ticks not increasing \(s.ticks)")
        let slack = (s.upper - s.lower) * 1e-9
        #expect(s.ticks.allSatisfy { $0 >= s.lower - slack && $0 <= s.upper + slack }, "\(context): tick outside domain")
        #expect(Set(s.labels).count == s.labels.count, "\(context): duplicate labels \(s.labels)")
        #expect(s.labels.allSatisfy { !$0.contains("000000000") && !$0.contains("999999") }, "\(context): round-off in \(s.labels)")
    }

    /// The step between linear ticks is 1, 2 or 5 × 10ⁿ.
    func checkNiceStep(_ s: AxisScale, _ context: String) {
        let step = s.ticks[1] - s.ticks[0]
        let e = (log10(step)).rounded(.down)
        let m = step / pow(10, e)
        #expect([1.0, 2, 5, 10].contains { abs(m - $0) < 1e-9 }, "\(context): step \(step)")
    }

    @Test(arguments: [
        (0.0, 0.0), (1e-12, 1e-11), (-3, 1e6), (0.1, 0.3), (-1, 1), (5, 5), (1e300, 1e300),
        (-2.5e-7, 3.1e-7), (999_999, 1_000_001), (1, 1 + 1e-13), (-1e308, 1e308),
    ] as [(Double, Double)])
    func linearHardRanges(lo: Double, hi: Double) {
        let s = AxisScale.linear(dataMin: lo, dataMax: hi)
        checkInvariants(s, "\(lo)…\(hi)")
        #expect(s.lower <= lo && s.upper >= hi, "domain must contain the data")
        if (hi - lo).isFinite { checkNiceStep(s, "\(lo)…\(hi)") }
    }

    @Test func zeroRangeAtZeroIsCentred() {
        let s = AxisScale.linear(dataMin: 0, dataMax: 0)
        #expect(s.lower == -1 && s.upper == 1)
        #expect(s.labels.contains("0"))
    }

    @Test func tinyRangeUsesScientificLabels() {
        let s = AxisScale.linear(dataMin: 1e-12, dataMax: 1e-11)
        #expect(s.labels.allSatisfy { $0 == "0" || $0.contains("×10⁻¹") }, "\(s.labels)")
        // Ticks are the doubles nearest the decimal values they print as.
        #expect(s.ticks.contains(2e-12) && s.ticks.contains(1e-11), "\(s.ticks)")
    }

    @Test func wideRangeWithNegativeStart() {
        let s = AxisScale.linear(dataMin: -3, dataMax: 1e6)
        #expect(s.ticks.contains(0))
        #expect(s.ticks.contains(1e6) || s.upper < 1.1e6)
        #expect(s.labels.contains("1×10⁶"), "\(s.labels)")
    }

    @Test func decimalTicksHaveNoRoundOff() {
        let s = AxisScale.linear(dataMin: 0.1, dataMax: 0.3, padding: 0)
        #expect(s.ticks.contains(0.3), "0.3 must be the double nearest 0.3, not 3 × 0.1")
        #expect(s.labels.contains("0.3") || s.labels.contains("0.30"), "\(s.labels)")
        #expect(s.labels.allSatisfy { $0.count <= 5 }, "\(s.labels)")
    }

    @Test func countsAxisStartsAtZero() {
        let s = AxisScale.linear(dataMin: 0, dataMax: 37, exactLowerBound: 0)
        #expect(s.lower == 0)
        #expect(s.ticks.first == 0)
    }

    @Test func logScaleSpanningNineDecades() {
        let s = AxisScale.logarithmic(dataMin: 1e-6, dataMax: 1e3)
        checkInvariants(s, "log 1e-6…1e3")
        #expect(s.ticks.first == 1e-6 && s.ticks.last == 1e3, "\(s.ticks)")
        #expect(s.labels.first == "10⁻⁶" && s.labels.last == "10³", "\(s.labels)")
        // Ticks are evenly spaced on the axis.
        let f = s.ticks.map(s.fraction)
        let gaps = zip(f, f.dropFirst()).map { $1 - $0 }
        #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 1e-9 })
    }

    @Test func logScaleWithinOneDecadeAddsTwoAndFive() {
        let s = AxisScale.logarithmic(dataMin: 1.5, dataMax: 40)
        checkInvariants(s, "log 1.5…40")
        // The padded ends (1.4…44) reach out to the close 1 and 50, so both ends are labelled.
        #expect(s.ticks == [1, 2, 5, 10, 20, 50], "\(s.ticks)")
        #expect(s.labels == ["1", "2", "5", "10", "20", "50"])
        #expect(s.lower == 1 && s.upper.isApproximatelyEqual(to: 50, relativeTolerance: 1e-12))
        // Ends far from a 1-2-5 value stay where the padding puts them.
        let t = AxisScale.logarithmic(dataMin: 3, dataMax: 30)
        #expect(t.lower > 2.5 && t.upper < 40, "\(t.lower)…\(t.upper)")
    }

    @Test func logScaleOfManyDecadesThinsTicks() {
        let s = AxisScale.logarithmic(dataMin: 1e-300, dataMax: 1e300)
        checkInvariants(s, "log 1e-300…1e300")
    }

    @Test(arguments: [(0.0, 10.0), (-5, -1), (.nan, 3), (2, 2), (2.5, 2.6)] as [(Double, Double)])
    func logScaleDegenerateInputsStillWork(lo: Double, hi: Double) {
        let s = AxisScale.logarithmic(dataMin: lo, dataMax: hi)
        checkInvariants(s, "log \(lo)…\(hi)")
        #expect(s.lower > 0)
    }

    @Test func logScaleRejectsNonPositiveValues() {
        let s = AxisScale.logarithmic(dataMin: 1, dataMax: 100)
        #expect(!s.accepts(0) && !s.accepts(-1) && !s.accepts(.nan) && s.accepts(5))
        #expect(s.fraction(0).isNaN)
    }
}
