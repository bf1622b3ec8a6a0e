import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct QuantileVertexSearchTests {
    /// The line search's weighted selection agrees with sorting all breakpoints.
    @Test func firstCrossingMatchesSortingReference() {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<200 {
            let m = 1 + Int(rng.next() % 60)
            var items = (0..<m).map { row in
                // Few distinct t values, so ties (and t = 0) are common.
                QuantileVertexSearch.Breakpoint(t: Double(rng.next() % 7) / 2, weight: Double(1 + rng.next() % 5), row: row)
            }
            let total = items.reduce(0) { $0 + $1.weight }
            let need = trial % 10 == 0 ? total + 1 : Double(rng.next() % UInt64(total)) + 0.5
            let sorted = items.sorted { $0.t != $1.t ? $0.t < $1.t : $0.row < $1.row }
            var sum = 0.0
            let expected = sorted.first { sum += $0.weight; return sum >= need }?.row
            #expect(QuantileVertexSearch.firstCrossing(&items, need: need) == expected, "trial \(trial)")
        }
    }
}
