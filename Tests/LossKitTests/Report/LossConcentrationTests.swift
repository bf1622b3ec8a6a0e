import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct LossConcentrationTests {
    @Test func curvesMatchNumpy() throws {
        for case_ in try ReportFixtures.load().concentration {
            let (squared, absolute, _, summary) = try #require(LossConcentration.curves(case_.residuals))
            #expect(squared.count == case_.squared.count)
            #expect(zip(squared, case_.squared).allSatisfy { abs($0 - $1) <= 1e-13 }, "\(case_.name)")
            #expect(zip(absolute, case_.absolute).allSatisfy { abs($0 - $1) <= 1e-13 }, "\(case_.name)")
            #expect(summary.largestRow == case_.largestRow, "\(case_.name)")
            #expect(summary.topOnePercentCount == case_.topOnePercentCount)
            #expect(abs(summary.rowsForHalfSquaredShare - case_.rowsForHalfSquaredShare) < 1e-12, "\(case_.name)")
        }
    }

    @Test func sentenceNamesTheLargestResidual() throws {
        // One residual of 10 among 99 of 1: it carries 100 / (100 + 99) of Σr².
        var r = [Double](repeating: 1, count: 100)
        r[41] = -10
        let (_, _, _, summary) = try #require(LossConcentration.curves(r))
        #expect(abs(summary.largestSquaredShare - 100.0 / 199.0) < 1e-15)
        let html = LossConcentration(residuals: r).html(id: "c")
        #expect(html.contains("The largest residual (row 42) carries 50% of the squared error but only 9.2% of the absolute error."))
        try ReportXML.check(html)
    }

    @Test func hugeResidualsDoNotOverflow() throws {
        let (squared, _, _, summary) = try #require(LossConcentration.curves([1e200, 1e200, 1e-200]))
        #expect(squared.allSatisfy { $0.isFinite })
        #expect(abs(summary.largestSquaredShare - 0.5) < 1e-15)
    }

    @Test func zeroErrorGivesAMessage() throws {
        #expect(LossConcentration.curves([0, 0, .nan]) == nil)
        let html = LossConcentration(residuals: [0, 0]).html(id: "c")
        #expect(html.contains("All residuals are zero"))
        try ReportXML.check(html)
    }
}
