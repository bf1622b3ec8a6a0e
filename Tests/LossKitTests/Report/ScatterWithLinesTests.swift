import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct ScatterWithLinesTests {
    @Test func linesAreDrawnInIncreasingX() throws {
        let chart = ScatterWithLines(xLabel: "x", yLabel: "y", x: [0, 1, 2], y: [0, 1, 2],
                                     lines: [.init(name: "fit", x: [2, 0, 1], y: [2, 0, 1])])
        let html = chart.html(id: "s")
        let d = try #require(html.components(separatedBy: "class=\"series-line\" d=\"").dropFirst().first?.prefix(while: { $0 != "\"" }))
        let xs = d.split(whereSeparator: { $0 == "M" || $0 == "L" }).compactMap { Double($0.split(separator: " ")[0]) }
        #expect(xs.count == 3 && xs == xs.sorted())
    }

    @Test func functionLinesCoverTheRange() {
        let line = ScatterWithLines.Line(name: "f", over: -1...1, count: 5) { $0 * $0 }
        #expect(line.x == [-1, -0.5, 0, 0.5, 1])
        #expect(line.y == [1, 0.25, 0, 0.25, 1])
    }

    @Test func unpairedValuesAreReportedOnce() throws {
        let html = ScatterWithLines(xLabel: "x", yLabel: "y", x: [1, 2, 3, 4], y: [1, 2, 3]).html(id: "s")
        #expect(html.contains("x has 4 values but y has 3; the last 1 unpaired value was ignored."))
        #expect(!html.contains("NaN or infinite"), "an unpaired value is not a NaN")
        try ReportXML.check(html)
    }

    @Test func legendNamesEverySeries() throws {
        let names = ["L2 (OLS)", "L1", "Huber"]
        let chart = ScatterWithLines(xLabel: "x", yLabel: "y", x: [0, 1], y: [0, 1],
                                     lines: names.map { .init(name: $0, x: [0, 1], y: [0, 1]) })
        let parsed = try ReportXML.check(chart.html(id: "s"))
        for name in names { #expect(parsed.text.contains(name)) }
    }

    @Test func aBandIsTwoDashedLinesAtPlusMinusItsWidthWithoutLegendEntries() throws {
        let chart = ScatterWithLines(xLabel: "x", yLabel: "y", x: [0, 1], y: [0, 1],
                                     lines: [.init(name: "SVR", x: [0, 1], y: [0, 1], band: 0.5)])
        let html = chart.html(id: "s")
        try ReportXML.check(html)
        let plain = ScatterWithLines(xLabel: "x", yLabel: "y", x: [0, 1], y: [0, 1],
                                     lines: [.init(name: "SVR", x: [0, 1], y: [0, 1])]).html(id: "s")
        func count(_ text: String, _ part: String) -> Int { text.components(separatedBy: part).count - 1 }
        #expect(count(html, "class=\"series-line\"") == count(plain, "class=\"series-line\"") + 2)
        #expect(count(html, "stroke-dasharray=\"3 3\"") == 2)
        #expect(count(html, ">SVR<") == count(plain, ">SVR<"))
    }

    @Test func theReportDrawsTheSVRTube() throws {
        let set1 = Anscombe.quartet[0]
        let data = try RegressionData(features: Matrix(columns: [set1.x]), targets: set1.y, featureNames: ["x1"], targetName: "y1")
        let comparison = try ModelComparison(data: data, models: ["ols", "svr"])
        let html = try comparison.document(title: "t", subtitle: "", source: "s").html()
        #expect(html.contains("ε tube"))
        #expect(html.contains("stroke-dasharray=\"3 3\""))
    }
}
