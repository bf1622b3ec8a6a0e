import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct TrainingHistoryTests {
    @Test func longRunsAreThinnedButKeepSpikes() {
        let n = 100_000
        var y = (0..<n).map { 1 / Double($0 + 1) }
        y[54_321] = 50
        let x = (0..<n).map { Double($0 + 1) }
        let thin = ChartData.thinLine(x: x, y: y)
        #expect(thin.x.count <= 2_001)
        #expect(thin.y.contains(50), "the spike survives")
        #expect(thin.x.last == Double(n), "the last iteration is kept")
        #expect(zip(thin.x, thin.x.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func logAxisByDefault() throws {
        let html = TrainingHistory(series: [.init(name: "gd", values: [4, 2, 1, 0.5, 0])]).html(id: "th")
        #expect(html.contains("loss (log scale)"))
        #expect(html.contains("1 value ≤ 0 cannot be shown on the logarithmic axis and was skipped."))
        try ReportXML.check(html)
    }
}
