import Testing
import LossKit
import RealModule

@Suite struct ErrorConcentrationTests {
    @Test func sharesByHand() throws {
        // Σr² = 9 + 1·4 = 13 → the 3 carries 9/13; Σ|r| = 3 + 4 = 7 → 3/7.
        let c = try ErrorConcentration(residuals: [1, -3, 1, -1, 1])
        #expect(c.rowsByMagnitude == [1, 0, 2, 3, 4])
        #expect(c.top.count == 1)
        #expect(c.top.shareOfSquaredError.isApproximatelyEqual(to: 9.0 / 13, relativeTolerance: 1e-15))
        #expect(c.top.shareOfAbsoluteError.isApproximatelyEqual(to: 3.0 / 7, relativeTolerance: 1e-15))
        // n = 5: 1 %, 5 % and 10 % all round up to one row.
        #expect(c.entries.map(\.count) == [1, 1, 1, 1])
    }

    @Test func countsRoundUp() throws {
        let r = (0..<250).map { Double($0 % 7) - 3 }
        let c = try ErrorConcentration(residuals: r)
        #expect(c.entries.map(\.count) == [1, 3, 13, 25])
        #expect(c.entries.map(\.label) == ["top 1", "top 1 %", "top 5 %", "top 10 %"])
    }

    @Test func hugeResidualsDoNotOverflow() throws {
        let c = try ErrorConcentration(residuals: [3e200, 4e200])
        #expect(c.top.shareOfSquaredError.isApproximatelyEqual(to: 16.0 / 25, relativeTolerance: 1e-14))
    }

    @Test func edgeCases() throws {
        let zero = try ErrorConcentration(residuals: [0, 0, 0])
        #expect(zero.top.shareOfSquaredError == 0)
        #expect(throws: LossKitError.tooFewValues(name: "residuals", count: 0, minimum: 1)) {
            try ErrorConcentration(residuals: [])
        }
        #expect(throws: LossKitError.nonFiniteValue(name: "residuals", row: 1, value: .infinity)) {
            try ErrorConcentration(residuals: [1, .infinity])
        }
    }
}
