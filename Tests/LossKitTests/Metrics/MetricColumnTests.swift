import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct MetricColumnTests {
    static func sum(_ values: [Double]) -> Double {
        MetricColumn.accurateSum(count: values.count) { values[$0] }
    }

    @Test func accurateSumIsFullyCompensated() {
        #expect(Self.sum([1e16, 1, -1e16, 1]) == 2)
        // Lanes: the cancelling terms land in different SIMD lanes and in the tail.
        #expect(Self.sum([1e16, 1, 1, 1, -1e16, 1, 1, 1, 0.5]) == 6.5)
        // 1000 × 0.1000000000000000055… rounds to exactly 100 (a plain loop gives 99.9999999999986).
        #expect(Self.sum(Array(repeating: 0.1, count: 1000)) == 100)
        #expect(Self.sum([]) == 0)
    }

    @Test func accurateSumFollowsIEEEAtTheEdges() {
        #expect(Self.sum([1e308, 1e308, 1e308, 1e308, 1e308]) == .infinity)
        #expect(Self.sum([1, 2, 3, .infinity, 5]) == .infinity)
        #expect(Self.sum([-1e308, -1e308, -1e308, -1e308]) == -.infinity)
        #expect(Self.sum([.infinity, 1, -.infinity, 1]).isNaN)
        #expect(Self.sum([1, .nan, 1, 1, 1]).isNaN)
    }
}
