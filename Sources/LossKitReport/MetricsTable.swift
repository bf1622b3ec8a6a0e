import LossKitData
import LossKitModels
import LossKitNumerics

/// A table of metrics: one row per metric, one column per model, with the
/// best value of each row highlighted.
///
/// Numbers are printed with `significantDigits` significant digits (plain
/// between 1e-4 and 1e6, `m×10ⁿ` outside), NaN as "NaN", a missing value as
/// "—". The best value is the smallest (`.minimize`, e.g. MSE) or largest
/// (`.maximize`, e.g. R²) finite value of the row; ties are all highlighted.
/// The highlight is bold with a tinted background, so it survives greyscale.
public struct MetricsTable: ReportBlock {
    public enum Goal: Sendable {
        case minimize
        case maximize
        /// No best value (counts, parameters).
        case none
    }

    public struct Row: Sendable {
        public var name: String
        public var values: [Double?]
        public var goal: Goal
        /// Shown under the metric name, e.g. "mean of (y − ŷ)²".
        public var detail: String?

        public init(_ name: String, values: [Double?], goal: Goal = .minimize, detail: String? = nil) {
            self.name = name
            self.values = values
            self.goal = goal
            self.detail = detail
        }
    }

    public var title: String?
    public var columns: [String]
    public var rows: [Row]
    public var caption: String?
    public var significantDigits: Int

    public init(title: String? = nil, columns: [String], rows: [Row], caption: String? = nil, significantDigits: Int = 4) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.caption = caption
        self.significantDigits = significantDigits
    }

    /// Column indices holding the best value of `row` (empty for `.none` or
    /// when no value is finite).
    static func best(_ row: Row, columnCount: Int) -> Set<Int> {
        let values = (0..<columnCount).compactMap { i -> (Int, Double)? in
            guard i < row.values.count, let v = row.values[i], v.isFinite else { return nil }
            return (i, v)
        }
        let target: Double?
        switch row.goal {
        case .minimize: target = values.map(\.1).min()
        case .maximize: target = values.map(\.1).max()
        case .none: target = nil
        }
        guard let target, values.count > 1 else { return [] }
        return Set(values.filter { $0.1 == target }.map(\.0))
    }

    public func html(id: String) -> String {
        var out = SVGBuilder()
        out.open("figure", [("class", "table"), ("id", id)])
        if let title, !title.isEmpty { out.element("h3", text: title) }
        out.open("div", [("class", "table-scroll")])
        out.open("table", [("class", "metrics")])
        out.open("thead")
        out.open("tr")
        out.element("th", [("scope", "col"), ("class", "metric")], text: "metric")
        for column in columns { out.element("th", [("scope", "col")], text: column) }
        out.close("tr")
        out.close("thead")
        out.open("tbody")
        for row in rows {
            out.open("tr")
            out.open("th", [("scope", "row"), ("class", "metric")])
            out.raw(Markup.escape(row.name))
            if let detail = row.detail { out.element("span", [("class", "detail")], text: detail) }
            out.close("th")
            let best = Self.best(row, columnCount: columns.count)
            for i in columns.indices {
                let value = i < row.values.count ? row.values[i] : nil
                let text = value.map { NumberText.significant($0, digits: significantDigits) } ?? "—"
                if best.contains(i) {
                    out.open("td", [("class", "best"), ("title", "best in this row")])
                    out.element("strong", text: text)
                    out.close("td")
                } else {
                    out.element("td", text: text)
                }
            }
            out.close("tr")
        }
        out.close("tbody")
        out.close("table")
        out.close("div")
        let text = caption ?? "The best value of each row is in bold on a tinted background (lowest for errors, highest for R² and similar scores)."
        out.element("figcaption", text: text)
        out.close("figure")
        return out.text
    }
}
