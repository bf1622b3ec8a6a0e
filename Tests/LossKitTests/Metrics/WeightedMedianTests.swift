import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

@Suite struct WeightedMedianTests {
    /// The selection-based median equals the sorted-middle definition, with and
    /// without many ties, for odd and even n.
    @Test(arguments: [1, 2, 3, 4, 5, 10, 11, 100, 101, 1000, 1001])
    func selectionMatchesSorting(_ n: Int) {
        var data = MetricTestData(seed: UInt64(n))
        for distinct in [2, 7, n + 1] {
            let values = (0..<n).map { _ in Double(Int(data.uniform(0, Double(distinct)))) * 0.25 }
            let sorted = values.sorted()
            let expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            #expect(WeightedMedian.median(values) == expected, "n = \(n), \(distinct) distinct values")
            #expect(WeightedMedian.median(values, weights: Array(repeating: 1, count: n)) == expected)
        }
    }

    @Test func selectionSurvivesSortedAndConstantInput() {
        let ascending = (0..<1000).map(Double.init)
        #expect(WeightedMedian.median(ascending) == 499.5)
        #expect(WeightedMedian.median(Array(ascending.reversed())) == 499.5)
        #expect(WeightedMedian.median(Array(repeating: 3, count: 999)) == 3)
    }

    @Test func weightedMedianFollowsTheAveragedInvertedCDF() {
        // cdf 1, 2, 3, 4 of total 4: half (2) is hit exactly at the 2nd value → mean of 2nd and 3rd.
        #expect(WeightedMedian.median([1, 2, 3, 4], weights: [1, 1, 1, 1]) == 2.5)
        // A zero-weight value after the hit is skipped for the next positive one.
        #expect(WeightedMedian.median([1, 2, 3, 4], weights: [1, 1, 0, 2]) == 3)
        // Half falls inside the 3rd value's weight: that value alone.
        #expect(WeightedMedian.median([1, 2, 3, 4], weights: [1, 1, 5, 1]) == 3)
        // Trailing zero weights: the hit value is its own partner.
        #expect(WeightedMedian.median([1, 2, 3], weights: [1, 1, 0]) == 1.5)
        #expect(WeightedMedian.median([1, 2, 3], weights: [2, 0, 0]) == 1)
    }

    @Test func radixSortOrdersLikeComparison() {
        var data = MetricTestData(seed: 77)
        var values = (0..<5000).map { _ in abs(data.uniform(-1, 1)) * Double.pow(10, Double(Int(data.uniform(-300, 300)))) }
        values += [0, 0, .infinity, Double.leastNonzeroMagnitude, .greatestFiniteMagnitude, 1, 1, 1]
        let weights = values.indices.map { Double($0) }
        let radix = WeightedMedian.sortedPairs(values, weights)
        #expect(radix.map(\.value) == values.sorted())
        // Stable: equal values keep their input order (their weights are indices).
        for k in 1..<radix.count where radix[k].value == radix[k - 1].value {
            #expect(radix[k].weight > radix[k - 1].weight)
        }
        #expect(Set(radix.map(\.weight)) == Set(weights))
    }

    @Test func midpointDoesNotOverflow() {
        #expect(WeightedMedian.midpoint(1.5e308, 1.7e308) == 1.6e308)
        #expect(WeightedMedian.midpoint(1, 2) == 1.5)
    }
}
