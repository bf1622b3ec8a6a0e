import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct PlotTests {
    func scatterPlot(x: [Double], y: [Double]) -> Plot {
        var plot = Plot(id: "p", xTitle: "x", yTitle: "y")
        plot.layers = [.scatter(PlotSeries(name: "data", x: x, y: y, style: .series(0)), radius: 3, opacity: 1)]
        return plot
    }

    /// The `d` attribute of the first path of `cssClass`.
    func pathData(_ svg: String, class cssClass: String) -> Substring {
        guard let rest = svg.components(separatedBy: "class=\"\(cssClass)\" d=\"").dropFirst().first else { return "" }
        return rest.prefix(while: { $0 != "\"" })
    }

    /// Number of markers (or line pieces) drawn: each starts with an absolute move.
    func moveCount(_ svg: String, class cssClass: String) -> Int {
        pathData(svg, class: cssClass).filter { $0 == "M" }.count
    }

    @Test func nanAndInfinitePointsAreSkippedAndCounted() throws {
        let x: [Double] = [1, 2, .nan, 4, 5, .infinity]
        let y: [Double] = [1, .nan, 3, 4, -.infinity, 6]
        let r = scatterPlot(x: x, y: y).render()
        #expect(!r.isEmpty)
        #expect(moveCount(r.svg, class: "markers") == 2)
        #expect(r.notes.contains("4 points with NaN or infinite values were skipped."))
        #expect(!r.svg.contains("nan") && !r.svg.contains("inf"))
        try ReportXML.check(r.svg)
    }

    @Test func emptyDataShowsAMessage() throws {
        for (x, y) in [([Double](), [Double]()), ([.nan], [1.0])] {
            let r = scatterPlot(x: x, y: y).render()
            #expect(r.isEmpty)
            #expect(r.svg.contains("No finite data to plot."))
            try ReportXML.check(r.svg)
        }
    }

    @Test func logAxisSkipsNonPositiveValues() throws {
        var plot = Plot(id: "p", xTitle: "iteration", yTitle: "loss")
        plot.yKind = .logarithmic
        plot.layers = [.line(PlotSeries(name: "run", x: [1, 2, 3, 4], y: [10, 1, 0, 0.1], style: .series(0)))]
        let r = plot.render()
        #expect(r.notes.contains { $0.hasPrefix("1 value ≤ 0 cannot be shown on the logarithmic axis") })
        // The zero breaks the line into two pieces.
        #expect(moveCount(r.svg, class: "series-line") == 2)
        try ReportXML.check(r.svg)
    }

    @Test func dataIsClippedToThePlotArea() {
        let r = scatterPlot(x: [0, 1], y: [0, 1]).render()
        #expect(r.svg.contains("<clipPath id=\"p-clip\">"))
        #expect(r.svg.contains("<g clip-path=\"url(#p-clip)\">"))
    }

    @Test func hostileTitlesAreEscaped() throws {
        var plot = scatterPlot(x: [1, 2], y: [3, 4])
        plot.xTitle = #"a<b & "c""#
        plot.layers = [.line(PlotSeries(name: "</svg><script>", x: [1, 2], y: [3, 4], style: .series(0)))]
        let r = plot.render()
        #expect(!r.svg.contains("<script>") && !r.svg.contains("a<b"))
        #expect(r.svg.contains("a&lt;b &amp; &quot;c&quot;"))
        let parsed = try ReportXML.check(r.svg)
        #expect(parsed.text.contains(#"a<b & "c""#), "the parser gets the original text back")
    }

    @Test func longLegendsAreCutAfterThreeRows() throws {
        var plot = Plot(id: "p", xTitle: "α", yTitle: "coefficient", width: 450)
        plot.layers = (0..<30).map { .line(PlotSeries(name: "coefficient \($0)", x: [1, 2], y: [0, Double($0)], style: .series($0))) }
        let r = plot.render()
        let parsed = try ReportXML.check(r.svg)
        let shown = (0..<30).filter { parsed.text.contains("coefficient \($0)") }.count
        let more = try #require(r.svg.range(of: #"\+ (\d+) more"#, options: .regularExpression).map { r.svg[$0] })
        #expect(shown < 30)
        #expect(more == "+ \(30 - shown) more")
        #expect(r.legendHeight <= 3 * 20 + 6)
    }

    @Test func longNamesAreShortenedToFit() throws {
        let long = String(repeating: "very long feature name ", count: 10)
        var plot = Plot(id: "p", xTitle: long, yTitle: long, width: 450, height: 300)
        plot.layers = [.line(PlotSeries(name: long, x: [1, 2], y: [1, 2], style: .series(0)))]
        let r = plot.render()
        let parsed = try ReportXML.check(r.svg)
        #expect(parsed.text.components(separatedBy: "…").count == 4, "legend and both axis titles are cut")
        #expect(parsed.text.contains(long), "the full text stays in the <title>")
    }

    @Test func seriesDifferWithoutColour() {
        let styles = (0..<7).map(SeriesStyle.series)
        for i in styles.indices {
            for j in styles.indices where i < j {
                #expect(styles[i].dash != styles[j].dash || styles[i].marker != styles[j].marker)
                #expect(styles[i].color != styles[j].color)
            }
        }
        #expect(SeriesStyle.palette.allSatisfy { $0 != "#F0E442" }, "no yellow on white")
    }
}
