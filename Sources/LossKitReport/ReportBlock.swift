import LossKitData
import LossKitModels
import LossKitNumerics

/// Anything that can appear in a report section: a chart, a table, a paragraph.
///
/// LossKit's blocks (`ScatterWithLines`, `MetricsTable`, `ReportText`, …) take
/// plain numbers and strings, so a report can be built from any model's output.
/// A custom block only has to return an HTML fragment.
public protocol ReportBlock: Sendable {
    /// The block as an HTML fragment that is also well-formed XML (close every
    /// element, escape text, no external resources).
    ///
    /// - Parameter id: unique within the document (letters, digits and `-`);
    ///   use it for the block's root element and as a prefix for any other ids.
    func html(id: String) -> String
}
