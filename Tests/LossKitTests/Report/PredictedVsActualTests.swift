import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct PredictedVsActualTests {
    let series: [PredictedVsActual.Series] = [
        .init(name: "OLS", actual: [1, 2, 3], predicted: [1.1, 2.2, 2.7]),
        .init(name: "Huber", actual: [1, 2, 3], predicted: [1, 2, 3.5]),
    ]

    @Test func smallMultiplesShareOneDomain() throws {
        let html = PredictedVsActual(series: series).html(id: "pa")
        let svgs = ReportXML.svgElements(in: html)
        #expect(svgs.count == 2)
        // Same axes in every panel: the tick labels are identical.
        func tickLabels(_ svg: String) throws -> String {
            let parsed = try ReportXML.check(svg)
            return parsed.text
        }
        let labels = try svgs.map { try tickLabels($0).replacingOccurrences(of: "OLS", with: "").replacingOccurrences(of: "Huber", with: "") }
        #expect(labels[0] == labels[1])
        #expect(html.contains("class=\"reference\""), "the diagonal is drawn")
    }

    @Test func overlayDrawsOnePanel() throws {
        let html = PredictedVsActual(series: series, layout: .overlay).html(id: "pa")
        #expect(ReportXML.svgElements(in: html).count == 1)
        try ReportXML.check(html)
    }

    @Test func unpairedValuesAreReported() {
        let html = PredictedVsActual(series: [.init(name: "m", actual: [1, 2, 3], predicted: [1, 2])]).html(id: "pa")
        #expect(html.contains("m: actual has 3 values but predicted has 2"))
    }
}

import Foundation
