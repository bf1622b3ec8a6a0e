import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct ReportDocumentTests {
    @Test func everyRequestedSectionIsPresentWithItsTitle() throws {
        let document = ReportSample.document()
        let html = document.html()
        let parsed = try ReportXML.check(html)
        let sectionIDs = parsed.elements.filter { $0.name == "section" }.compactMap { $0.attributes["id"] }
        #expect(sectionIDs == document.sectionIDs)
        #expect(sectionIDs.count == document.sections.count)
        for section in document.sections {
            #expect(html.contains(Markup.escape(section.title)), "missing section \(section.title)")
        }
        // Each block got a root element with its own id.
        let figureIDs = parsed.elements.filter { $0.name == "figure" || ($0.name == "div" && ($0.attributes["class"] ?? "").hasPrefix("text")) }
            .compactMap { $0.attributes["id"] }
        #expect(figureIDs.count == document.sections.map(\.blocks.count).reduce(0, +))
        // Ids are unique in the whole document.
        let allIDs = parsed.elements.compactMap { $0.attributes["id"] }
        #expect(Set(allIDs).count == allIDs.count)
    }

    @Test func everySVGIsWellFormedOnItsOwn() throws {
        let svgs = ReportXML.svgElements(in: ReportSample.document().html())
        #expect(svgs.count >= 12)
        for svg in svgs { try ReportXML.check(svg) }
    }

    @Test func noExternalResources() {
        let html = ReportSample.document().html()
        #expect(ReportXML.externalReferences(in: html) == [])
        #expect(!html.contains("<script"))
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        let evil = #"a<b & "c" </style><script>alert(1)</script> ']]>"#
        let document = ReportDocument(
            title: evil, subtitle: evil, details: [.init(evil, evil)],
            sections: [
                ReportSection(evil, blocks: [
                    ReportText(evil),
                    MetricsTable(title: evil, columns: [evil], rows: [.init(evil, values: [1], detail: evil)], caption: evil),
                    ScatterWithLines(title: evil, xLabel: evil, yLabel: evil, x: [1, 2], y: [1, 2],
                                     lines: [.init(name: evil, x: [1, 2], y: [1, 2])], caption: evil),
                    ResidualsVsFitted(fitted: [1, 2, 3], residuals: [0.1, -2, 0.3], highlightCount: 1, rowLabels: [evil, evil, evil]),
                ]),
                ReportSection(evil, blocks: []),
            ],
            footer: evil)
        let html = document.html()
        #expect(!html.contains("<script>"))
        #expect(ReportXML.externalReferences(in: html) == [])
        let parsed = try ReportXML.check(html)
        #expect(parsed.text.contains(evil))
        #expect(document.sectionIDs == ["a-b-c-style-script-alert-1-script", "a-b-c-style-script-alert-1-script-2"])
    }

    @Test func duplicateAndEmptyTitlesGetUniqueIDs() {
        let document = ReportDocument(title: "t", sections: [
            ReportSection("Residuals", blocks: []), ReportSection("Residuals", blocks: []),
            ReportSection("???", blocks: []), ReportSection("x", id: "contents", blocks: []),
        ])
        #expect(document.sectionIDs == ["residuals", "residuals-2", "section", "contents-2"])
    }

    @Test func emptyInputsGiveMessagesNotBrokenCharts() throws {
        let document = ReportDocument(title: "empty", sections: [ReportSection("all empty", blocks: [
            ScatterWithLines(xLabel: "x", yLabel: "y", x: [], y: []),
            PredictedVsActual(series: []),
            ResidualsVsFitted(fitted: [], residuals: [], highlightCount: 3),
            ResidualHistogram(residuals: [.nan]),
            LossShapes(losses: []),
            LossConcentration(residuals: [0, 0]),
            TrainingHistory(series: []),
            RidgePath(alphas: [], coefficients: [], cvError: []),
            MetricsTable(columns: [], rows: []),
        ])])
        let html = document.html()
        try ReportXML.check(html)
        #expect(html.contains("No finite residuals to plot."))
        #expect(html.contains("All residuals are zero"))
        #expect(html.components(separatedBy: "No finite data to plot.").count > 4)
    }

    @Test func writesTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("losskit-report-test-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: url) }
        let document = ReportDocument(title: "t", sections: [ReportSection("s", blocks: [ReportText("hello")])])
        try document.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == document.html())
    }
}
