import LossKitData
import LossKitModels
import LossKitNumerics

/// A titled part of a report holding charts, tables and text in order.
public struct ReportSection: Sendable {
    public var title: String
    /// The HTML id (anchor) of the section; derived from the title when nil
    /// and made unique within the document.
    public var id: String?
    public var blocks: [any ReportBlock]

    public init(_ title: String, id: String? = nil, blocks: [any ReportBlock]) {
        self.title = title
        self.id = id
        self.blocks = blocks
    }
}
