import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Every chart, axis and number label takes any Double without trapping:
/// `Int(_: Double)` traps on NaN, ±∞ and beyond ±2⁶³, so the chart code
/// converts through `Int(saturating:)` and `Int.decimalExponent(of:)` only.
/// A trap here ends the test process, so each case fails loudly.
@Suite struct HostileChartDataTests {
    static let huge = Double.greatestFiniteMagnitude
    static let dataSets: [(String, [Double])] = [
        ("±1e308", [1e308, -1e308, 5, 7e307, -3, 1]),
        ("±max", [huge, -huge, huge, -huge]),
        ("one side of 1e308", [1e308, 1e308, 9e307, 1]),
        ("NaN and ±inf among finite", [.nan, .infinity, -.infinity, 1, 2, 3]),
        ("only NaN and ±inf", [.nan, .infinity, -.infinity]),
        ("subnormals", [1, 2, 4, 3, -1].map { $0 * Double.leastNonzeroMagnitude }),
        ("all equal", [3, 3, 3, 3]),
        ("all zero", [0, 0, 0]),
        ("a single point", [42]),
        ("no point", []),
        ("tiny and huge", [Double.leastNonzeroMagnitude, 1e308]),
    ]

    @Test(arguments: dataSets.map(\.0))
    func everyChartRendersValidMarkup(name: String) throws {
        let values = try #require(Self.dataSets.first { $0.0 == name }?.1)
        let reversed = Array(values.reversed())
        let index = values.indices.map(Double.init)
        let loss = LossShapes.Loss(name: "L2") { $0 * $0 }
        var blocks: [(String, String)] = [
            ("histogram", ResidualHistogram(residuals: values).html(id: "h")),
            ("residuals", ResidualsVsFitted(fitted: reversed, residuals: values, highlightCount: 2).html(id: "r")),
            ("concentration", LossConcentration(residuals: values).html(id: "c")),
            ("shapes", LossShapes(losses: [loss], residuals: values).html(id: "s")),
            ("scatter", ScatterWithLines(xLabel: "x", yLabel: "y", x: values, y: reversed).html(id: "x")),
            ("scatter over index", ScatterWithLines(xLabel: "i", yLabel: "y", x: index, y: values).html(id: "i")),
            ("predicted", PredictedVsActual(series: [.init(name: "m", actual: values, predicted: reversed)]).html(id: "p")),
            ("training", TrainingHistory(series: [.init(name: "m", values: values)]).html(id: "t")),
            ("training, linear", TrainingHistory(series: [.init(name: "m", values: values)], logarithmic: false).html(id: "u")),
        ]
        if !values.isEmpty {
            blocks.append(("ridge", RidgePath(alphas: values.map(abs), coefficients: [.init(name: "b", values: reversed)],
                                               cvError: values).html(id: "g")))
        }
        for (chart, html) in blocks {
            #expect(!html.isEmpty, "\(name): \(chart)")
            try ReportXML.check(html)
        }
    }

    @Test(arguments: dataSets.map(\.0))
    func axesAndLabelsAreTotal(name: String) throws {
        let values = try #require(Self.dataSets.first { $0.0 == name }?.1)
        let all = values + [0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, Self.huge, -Self.huge]
        for a in all {
            for b in all {
                let linear = AxisScale.linear(dataMin: a, dataMax: b)
                #expect(linear.lower.isFinite && linear.upper.isFinite, "\(a)…\(b)")
                #expect(linear.ticks.count == linear.labels.count)
                let log = AxisScale.logarithmic(dataMin: a, dataMax: b)
                #expect(log.lower.isFinite && log.upper.isFinite && log.lower > 0, "log \(a)…\(b)")
                _ = NumberText.tick(a, step: b, axisMagnitude: Swift.max(abs(a), abs(b)))
            }
            _ = NumberText.significant(a)
            _ = NumberText.scientific(a, fractionDigits: 3)
            _ = Markup.coordinate(a)
            _ = Plot.fit("label", width: a, font: 10)
            _ = Plot.labelStride(count: 10, labelWidth: 5, available: a)
        }
    }

    @Test func histogramOfHugeResidualsCountsEveryOne() throws {
        let values = [1e308, -1e308, 5, 7e307, -3, 1, -Self.huge, Self.huge]
        let (edges, _) = try #require(ResidualHistogram.binEdges(values, maxBins: 120))
        #expect(edges.allSatisfy { $0.isFinite })
        #expect(edges.first == -Self.huge && edges.last == Self.huge)
        #expect(zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 })
        #expect(ResidualHistogram.counts(values, edges: edges).reduce(0, +) == values.count)
    }

    @Test func saturatingConversionIsTotal() {
        let limit = Int.saturationLimit
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: .infinity) == limit)
        #expect(Int(saturating: -.infinity) == -limit)
        #expect(Int(saturating: 1e308) == limit)
        #expect(Int(saturating: -2.7) == -2)
        #expect(Int(saturating: .leastNonzeroMagnitude) == 0)
        #expect(Int.decimalExponent(of: 0) == 0)
        #expect(Int.decimalExponent(of: .nan) == 0)
        #expect(Int.decimalExponent(of: -.infinity) == 308)
        #expect(Int.decimalExponent(of: .leastNonzeroMagnitude) == -324)
        #expect(Int.decimalExponent(of: -1234.5) == 3)
        #expect(Int.decimalExponent(of: 0.01) == -2)
    }
}
