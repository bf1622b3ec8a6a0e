import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct LossShapesTests {
    let losses: [LossShapes.Loss] = [
        .init(name: "L2", value: { $0 * $0 }, derivative: { 2 * $0 }),
        .init(name: "L1", value: { abs($0) }),
    ]

    @Test func captionSaysHowMuchTheLargestResidualsCarry() {
        // 99 residuals of 1 and one of 10: the largest carries 100/199 of L2 and 10/109 of L1.
        var r = [Double](repeating: 1, count: 100)
        r[7] = 10
        let chart = LossShapes(losses: losses, residuals: r)
        #expect(chart.defaultCaption.contains("the largest residual carries 50% of the L2 loss and 9.2% of the L1 loss"))
        #expect(chart.grid.first == -11 && chart.grid.last == 11, "default range is ±1.1·max|r|")
    }

    @Test func drawsDerivativePanelOnlyWhenGiven() throws {
        let both = LossShapes(losses: losses, residuals: [1, -2]).html(id: "ls")
        #expect(ReportXML.svgElements(in: both).count == 2)
        let valueOnly = LossShapes(losses: [losses[1]], range: -1...1).html(id: "ls")
        #expect(ReportXML.svgElements(in: valueOnly).count == 1)
        try ReportXML.check(both)
        try ReportXML.check(valueOnly)
    }

    @Test func nonFiniteLossValuesAreSkipped() throws {
        let html = LossShapes(losses: [.init(name: "log", value: { log(abs($0)) })], range: -1...1).html(id: "ls")
        // The grid contains r = 0, where log|r| = −∞.
        #expect(html.contains("1 point with NaN or infinite values was skipped."))
        try ReportXML.check(html)
    }
}

import Foundation
