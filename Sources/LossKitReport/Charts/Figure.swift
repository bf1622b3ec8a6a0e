import LossKitData
import LossKitModels
import LossKitNumerics

/// The HTML around a chart: heading, one or more SVG panels, notes about
/// skipped or sampled data, and the caption that says how to read it.
struct Figure {
    var id: String
    var title: String?
    var panels: [Plot.Rendering]
    var notes: [String] = []
    var caption: String?
    /// Lay panels out side by side (two columns) instead of stacked.
    var sideBySide = false

    func html() -> String {
        var out = SVGBuilder()
        out.open("figure", [("class", "chart"), ("id", id)])
        if let title, !title.isEmpty { out.element("h3", text: title) }
        out.open("div", [("class", sideBySide && panels.count > 1 ? "panels two" : "panels")])
        for panel in panels { out.raw(panel.svg) }
        out.close("div")
        let allNotes = notes + panels.flatMap(\.notes)
        var seen = Set<String>()
        for note in allNotes where seen.insert(note).inserted {
            out.element("p", [("class", "chart-note")], text: note)
        }
        if let caption, !caption.isEmpty {
            out.element("figcaption", text: caption)
        }
        out.close("figure")
        return out.text
    }
}
