import Foundation
import LossKitData
import LossKitNumerics

/// Any model a LossKit model file can hold, loaded without knowing its kind
/// in advance: the file's `"kind"` is looked up in `ModelRegistry`.
///
/// ```swift
/// let saved = try SavedModel.load(contentsOf: url)
/// let columns = saved.inputNames          // which columns predict() needs
/// let yHat = try saved.predict(columns: [xColumn])
/// if let linear = saved.model.linearCoefficients { print(linear.coefficients) }
/// ```
public struct SavedModel: Sendable {
    /// The fitted model the file held.
    public let model: any FittedRegressor

    /// Wraps a fitted model (to save it, or to treat it like a loaded one).
    public init(_ model: any FittedRegressor) { self.model = model }

    /// Reads a model file of any registered kind (see `ModelRegistry.load(from:)`).
    public static func load(from data: Data) throws -> SavedModel {
        SavedModel(try ModelRegistry.load(from: data))
    }

    /// Loads a model file from disk.
    public static func load(contentsOf url: URL) throws -> SavedModel {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFileError.unreadable(detail: "cannot read \(url.path): \((error as NSError).localizedDescription)")
        }
        return try load(from: data)
    }

    /// The model file bytes.
    public func modelFileData() throws -> Data { try model.modelFileData() }

    /// The model file's `"kind"`.
    public var kind: String { model.modelKind }

    /// The input columns `predict(columns:)` takes, in order.
    public var inputNames: [String] { model.inputNames }

    /// Predictions for input columns given in `inputNames` order.
    /// - Throws: `LossKitError.countMismatch`/`.shapeMismatch` for a wrong
    ///   number of columns or ragged columns.
    /// - Complexity: O(n·p) (polynomial: O(n·D)).
    public func predict(columns: [[Double]]) throws -> [Double] {
        try model.predictChecked(columns: columns)
    }
}
