import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct MetricsTableTests {
    @Test func bestValuePerRowFollowsTheGoal() {
        let mse = MetricsTable.Row("MSE", values: [2, 1, .nan, nil])
        let r2 = MetricsTable.Row("R²", values: [0.5, 0.9, 0.9], goal: .maximize)
        let n = MetricsTable.Row("n", values: [10, 20], goal: .none)
        #expect(MetricsTable.best(mse, columnCount: 4) == [1])
        #expect(MetricsTable.best(r2, columnCount: 3) == [1, 2], "ties are all best")
        #expect(MetricsTable.best(n, columnCount: 2) == [])
        #expect(MetricsTable.best(.init("x", values: [1]), columnCount: 1) == [], "one model has no 'best'")
        #expect(MetricsTable.best(.init("x", values: [3, 2, 1]), columnCount: 2) == [1], "values beyond the columns are ignored")
    }

    @Test func rendersNumbersAndGaps() throws {
        let table = MetricsTable(columns: ["OLS", "Huber"], rows: [
            .init("MSE", values: [0.1 + 0.2, 1234567.0]),
            .init("MAE", values: [nil, .nan]),
        ])
        let html = table.html(id: "t")
        let parsed = try ReportXML.check(html)
        #expect(parsed.text.contains("0.3000"))
        #expect(parsed.text.contains("1.235×10⁶"))
        #expect(parsed.text.contains("—") && parsed.text.contains("NaN"))
        #expect(parsed.elements.filter { $0.name == "td" && $0.attributes["class"] == "best" }.count == 1)
        #expect(parsed.elements.filter { $0.name == "tr" }.count == 3)
    }
}
