import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// A self-contained HTML report: one file with inline SVG charts and inline
/// CSS — no scripts, fonts, images or network access — that opens offline in
/// any browser and prints cleanly.
///
/// ```swift
/// let report = ReportDocument(title: "House prices: L2 vs robust fits", subtitle: "506 rows, 13 features", sections: [
///     ReportSection("Metrics", blocks: [MetricsTable(columns: ["OLS", "Huber"], rows: rows)]),
///     ReportSection("Residuals", blocks: [ResidualsVsFitted(fitted: ŷ, residuals: r, highlightCount: 5)]),
/// ])
/// try report.write(to: URL(fileURLWithPath: "report.html"))
/// ```
///
/// The output is also well-formed XML (XHTML-compatible markup), and is the
/// same for the same input: there is no timestamp unless you put one in
/// `details`.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String?
    /// Key facts shown under the title, e.g. ("data", "houses.csv"), ("rows", "506").
    public var details: [Detail]
    public var sections: [ReportSection]
    /// A line at the bottom, e.g. the tool and version that made the report.
    public var footer: String?

    public struct Detail: Sendable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public init(title: String, subtitle: String? = nil, details: [Detail] = [], sections: [ReportSection], footer: String? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.details = details
        self.sections = sections
        self.footer = footer
    }

    /// The ids the sections get in the document, in order: the given id or a
    /// slug of the title, made unique by appending `-2`, `-3`, ….
    public var sectionIDs: [String] {
        var used = Set<String>()
        return sections.map { section in
            let base = Markup.slug(section.id ?? section.title)
            var id = base, k = 2
            while used.contains(id) || id == "contents" {
                id = "\(base)-\(k)"
                k += 1
            }
            used.insert(id)
            return id
        }
    }

    /// The whole report as one HTML document (UTF-8).
    /// - Complexity: linear in the number of points drawn; scatter plots draw
    ///   at most their `pointLimit` (5 000 by default) points each.
    public func html() -> String {
        let ids = sectionIDs
        var out = SVGBuilder()
        out.raw("<!DOCTYPE html>\n")
        out.open("html", [("lang", "en")])
        out.open("head")
        out.raw("<meta charset=\"utf-8\"/>")
        out.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        out.raw("<meta name=\"generator\" content=\"LossKit\"/><meta name=\"color-scheme\" content=\"light\"/>")
        out.element("title", text: title)
        out.raw("<style>" + ReportStyleSheet.css + "</style>")
        out.close("head")
        out.open("body")
        out.open("header", [("class", "report-header")])
        out.open("div", [("class", "wrap")])
        out.element("p", [("class", "kicker")], text: "LossKit report")
        out.element("h1", text: title)
        if let subtitle, !subtitle.isEmpty { out.element("p", [("class", "subtitle")], text: subtitle) }
        if !details.isEmpty {
            out.open("dl", [("class", "details")])
            for d in details {
                out.open("div")
                out.element("dt", text: d.label)
                out.element("dd", text: d.value)
                out.close("div")
            }
            out.close("dl")
        }
        out.close("div")
        out.close("header")

        out.open("main", [("class", "wrap")])
        if sections.count > 1 {
            out.open("nav", [("class", "contents"), ("id", "contents"), ("aria-label", "Contents")])
            out.open("ol")
            for (section, id) in zip(sections, ids) {
                out.open("li")
                out.element("a", [("href", "#" + id)], text: section.title)
                out.close("li")
            }
            out.close("ol")
            out.close("nav")
        }
        for (number, (section, id)) in zip(sections, ids).enumerated() {
            out.open("section", [("id", id), ("class", "report-section")])
            out.open("h2")
            out.element("span", [("class", "number")], text: "\(number + 1)")
            out.raw(Markup.escape(section.title))
            out.close("h2")
            for (i, block) in section.blocks.enumerated() {
                out.raw(block.html(id: "\(id)-\(i + 1)"))
            }
            out.close("section")
        }
        out.close("main")
        out.open("footer", [("class", "wrap report-footer")])
        out.element("p", text: (footer.map { $0 + " · " } ?? "") + "Self-contained file: inline SVG and CSS, no scripts, fonts or network access.")
        out.close("footer")
        out.close("body")
        out.close("html")
        out.raw("\n")
        return out.text
    }

    /// Writes `html()` to `url` as UTF-8, replacing any existing file atomically.
    /// - Throws: the file system's error if the file cannot be written.
    public func write(to url: URL) throws {
        try Data(html().utf8).write(to: url, options: .atomic)
    }
}
