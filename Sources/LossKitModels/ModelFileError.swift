import LossKitData
import LossKitNumerics

/// Why a model file could not be loaded. Thrown by `load(from:)` of every model.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a complete JSON document (empty, truncated, not JSON).
    case unreadable(detail: String)
    /// JSON, but not a LossKit model file (`"format"` missing or different).
    case foreignFormat(found: String?)
    /// Written by a newer LossKit: `version` is above the one this build reads.
    case unsupportedVersion(found: Int, supported: Int)
    /// A LossKit model file of another model kind.
    case wrongKind(expected: String, found: String)
    /// A required field is missing or has the wrong type or an invalid value.
    case invalidField(name: String, detail: String)

    public var description: String {
        switch self {
        case let .unreadable(detail):
            return "not a readable model file (truncated or not JSON): \(detail)"
        case let .foreignFormat(found):
            return "not a LossKit model file: format is \(found.map { "\"\($0)\"" } ?? "missing"), expected \"\(ModelFileHeader.format)\""
        case let .unsupportedVersion(found, supported):
            return "model file version \(found) is newer than this LossKit reads (up to \(supported)); upgrade LossKit"
        case let .wrongKind(expected, found):
            return "model file holds a \(found) model, not a \(expected)"
        case let .invalidField(name, detail):
            return "model file field \(name) is invalid: \(detail)"
        }
    }
}
