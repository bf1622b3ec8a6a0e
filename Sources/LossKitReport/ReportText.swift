import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// Prose in a report: one or more paragraphs (separated by blank lines).
/// Text is escaped; no markup is interpreted.
public struct ReportText: ReportBlock {
    public enum Kind: String, Sendable {
        case paragraph
        /// A highlighted aside, e.g. a warning about outliers.
        case note
    }

    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .paragraph) {
        self.text = text
        self.kind = kind
    }

    public func html(id: String) -> String {
        let paragraphs = text.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        var out = SVGBuilder()
        out.open("div", [("class", "text \(kind.rawValue)"), ("id", id)])
        for p in paragraphs { out.element("p", text: p) }
        out.close("div")
        return out.text
    }
}
