import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct DownsamplingTests {
    @Test func sampleIsDeterministicSortedAndUnique() {
        let a = Downsampling.indices(count: 120_000, limit: 5_000)
        let b = Downsampling.indices(count: 120_000, limit: 5_000)
        #expect(a == b)
        #expect(a.count == 5_000)
        #expect(zip(a, a.dropFirst()).allSatisfy { $0 < $1 })
        #expect(a.first! >= 0 && a.last! < 120_000)
    }

    @Test func sampleCoversTheWholeRange() {
        // A uniform sample of 5 000 from 100 000 has points in every tenth.
        let a = Downsampling.indices(count: 100_000, limit: 5_000)
        let tenths = Set(a.map { $0 / 10_000 })
        #expect(tenths.count == 10)
    }

    @Test func smallInputsAreKept() {
        #expect(Downsampling.indices(count: 10, limit: 5_000) == Array(0..<10))
        #expect(Downsampling.indices(count: 0, limit: 5).isEmpty)
        #expect(Downsampling.indices(count: 10, limit: -3).isEmpty, "a negative limit keeps nothing, and does not trap")
    }

    @Test func scatterChartsSayWhenTheySample() throws {
        let n = 12_000
        let x = (0..<n).map { Double($0) }
        let chart = ScatterWithLines(xLabel: "x", yLabel: "y", x: x, y: x.map { $0 * 0.5 })
        let first = chart.html(id: "a"), second = chart.html(id: "a")
        #expect(first == second)
        #expect(first.contains("Showing 5\u{202F}000 of 12\u{202F}000 points"))
        try ReportXML.check(first)
        // 5 000 markers, not 12 000: the file stays small.
        #expect(first.utf8.count < 400_000)
    }
}
