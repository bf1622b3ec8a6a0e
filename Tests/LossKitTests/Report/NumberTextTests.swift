import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct NumberTextTests {
    @Test func tickLabelsUseTheStepsDecimals() {
        #expect(NumberText.tick(0.1 + 0.2, step: 0.1, axisMagnitude: 1) == "0.3")
        #expect(NumberText.tick(1.5, step: 0.5, axisMagnitude: 2) == "1.5")
        #expect(NumberText.tick(2, step: 0.5, axisMagnitude: 2) == "2.0")
        #expect(NumberText.tick(-20, step: 10, axisMagnitude: 20) == "\u{2212}20")
        #expect(NumberText.tick(1e-17, step: 0.1, axisMagnitude: 1) == "0", "round-off zero prints as 0")
    }

    @Test func largeAndSmallUseScientificNotation() {
        #expect(NumberText.tick(2e6, step: 1e6, axisMagnitude: 3e6) == "2×10⁶")
        #expect(NumberText.tick(1.5e-12, step: 5e-13, axisMagnitude: 2e-12) == "1.5×10⁻¹²")
        #expect(NumberText.significant(123_456_789, digits: 3) == "1.23×10⁸")
        #expect(NumberText.significant(9.9996e-7, digits: 4) == "1.000×10⁻⁶", "mantissa rounding carries into the exponent")
        #expect(NumberText.significant(0.012345, digits: 3) == "0.0123")
        #expect(NumberText.significant(1234.5, digits: 4) == "1235" || NumberText.significant(1234.5, digits: 4) == "1234")
        #expect(NumberText.significant(0) == "0")
        #expect(NumberText.significant(.nan) == "NaN")
        #expect(NumberText.significant(-.infinity) == "\u{2212}∞")
    }

    @Test func percentages() {
        #expect(NumberText.percent(0.6214) == "62%")
        #expect(NumberText.percent(0.0421) == "4.2%")
        #expect(NumberText.percent(0.0042) == "0.42%")
        #expect(NumberText.percent(1) == "100%")
        #expect(NumberText.percent(0) == "0%")
    }

    @Test func countsHaveThousandsSeparators() {
        #expect(NumberText.count(120_000) == "120\u{202F}000")
        #expect(NumberText.count(999) == "999")
        #expect(NumberText.count(1_000_000) == "1\u{202F}000\u{202F}000")
    }
}
