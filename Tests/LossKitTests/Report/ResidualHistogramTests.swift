import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct ResidualHistogramTests {
    @Test func binsMatchNumpyFreedmanDiaconis() throws {
        let fixtures = try ReportFixtures.load()
        #expect(fixtures.histograms.count == 4)
        for case_ in fixtures.histograms {
            let (edges, capped) = try #require(ResidualHistogram.binEdges(case_.values, maxBins: 10_000))
            #expect(!capped)
            #expect(edges.count == case_.edges.count, "\(case_.name): \(edges.count - 1) bins, numpy \(case_.edges.count - 1)")
            guard edges.count == case_.edges.count else { continue }
            let span = case_.edges.last! - case_.edges.first!
            // linspace and our edges differ by at most a few roundings.
            #expect(zip(edges, case_.edges).allSatisfy { abs($0 - $1) <= 1e-14 * span }, "\(case_.name)")
            #expect(ResidualHistogram.counts(case_.values, edges: edges) == case_.counts, "\(case_.name)")
        }
    }

    @Test func hugeOutliersCapTheBinCount() throws {
        var values = (0..<100).map { Double($0 % 10) * 0.01 }
        values.append(1e6)
        let (edges, capped) = try #require(ResidualHistogram.binEdges(values, maxBins: 50))
        #expect(capped)
        #expect(edges.count == 51)
        let html = ResidualHistogram(residuals: values, maxBins: 50).html(id: "h")
        #expect(html.contains("widened to 50"))
    }

    @Test func degenerateInputs() throws {
        // All equal: one bin [r − 0.5, r + 0.5], as numpy.
        #expect(ResidualHistogram.binEdges([2, 2, 2], maxBins: 100)?.edges == [1.5, 2.5])
        // IQR 0 but spread out: Scott's width instead of one bin.
        let iqrZero = [0, 0, 0, 0, 0, 0, 0, 0, 1, -1.0]
        #expect(try #require(ResidualHistogram.binEdges(iqrZero, maxBins: 100)).edges.count > 2)
        #expect(ResidualHistogram.binEdges([.nan, .infinity], maxBins: 10) == nil)
        let html = ResidualHistogram(residuals: [.nan, 1, 2, 3]).html(id: "h")
        #expect(html.contains("1 residual with NaN or infinite values was skipped."))
        try ReportXML.check(html)
    }

    @Test func quartilesAreNumpysLinear() {
        // numpy.percentile([1, 2, 3, 4], [25, 75]) == [1.75, 3.25]
        #expect(ResidualHistogram.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(ResidualHistogram.quantile([1, 2, 3, 4], 0.75) == 3.25)
    }
}
