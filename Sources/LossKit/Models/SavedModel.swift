import Foundation

/// Any model a LossKit model file can hold, loaded without knowing its kind
/// in advance: the file's `"kind"` picks the type.
///
/// ```swift
/// let model = try SavedModel.load(contentsOf: url)
/// let columns = model.inputNames          // which columns predict() needs
/// let yHat = try model.predict(columns: [xColumn])
/// ```
public enum SavedModel: Sendable {
    case linearRegression(LinearRegressionResult)
    case polynomialRegression(PolynomialRegressionResult)
    case ridge(RidgeResult)
    case robust(RobustRegressionModel)

    /// Reads a model file of any kind.
    /// - Throws: `ModelFileError` for an empty, truncated or foreign file, a
    ///   newer version, or an unknown kind (naming the kinds this build reads).
    public static func load(from data: Data) throws -> SavedModel {
        struct Envelope: Decodable { var format: String?; var version: Int?; var kind: String? }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw ModelFileError.unreadable(detail: data.isEmpty ? "empty file" : "\(data.count) bytes that do not parse as a JSON object")
        }
        let envelope = (try? JSONDecoder().decode(Envelope.self, from: data)) ?? Envelope()
        guard envelope.format == ModelFileHeader.format else { throw ModelFileError.foreignFormat(found: envelope.format) }
        if let version = envelope.version, version > ModelFileHeader.version {
            throw ModelFileError.unsupportedVersion(found: version, supported: ModelFileHeader.version)
        }
        switch envelope.kind {
        case LinearRegressionResult.modelKind: return .linearRegression(try .load(from: data))
        case PolynomialRegressionResult.modelKind: return .polynomialRegression(try .load(from: data))
        case RidgeResult.modelKind: return .ridge(try .load(from: data))
        case RobustRegressionModel.modelKind: return .robust(try .load(from: data))
        default:
            let known = [LinearRegressionResult.modelKind, PolynomialRegressionResult.modelKind, RidgeResult.modelKind,
                         RobustRegressionModel.modelKind]
            throw ModelFileError.invalidField(
                name: "kind", detail: "\(envelope.kind.map { "\"\($0)\"" } ?? "missing"); this LossKit reads \(known.joined(separator: ", "))")
        }
    }

    /// Loads a model file from disk.
    public static func load(contentsOf url: URL) throws -> SavedModel {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFileError.unreadable(detail: "cannot read \(url.path): \((error as NSError).localizedDescription)")
        }
        return try load(from: data)
    }

    /// The model file bytes (see `ModelFileRepresentable.modelFileData()`).
    public func modelFileData() throws -> Data {
        switch self {
        case .linearRegression(let m): return try m.modelFileData()
        case .polynomialRegression(let m): return try m.modelFileData()
        case .ridge(let m): return try m.modelFileData()
        case .robust(let m): return try m.modelFileData()
        }
    }

    /// The model file's `"kind"`.
    public var kind: String {
        switch self {
        case .linearRegression: return LinearRegressionResult.modelKind
        case .polynomialRegression: return PolynomialRegressionResult.modelKind
        case .ridge: return RidgeResult.modelKind
        case .robust: return RobustRegressionModel.modelKind
        }
    }

    /// The input columns `predict(columns:)` takes, in order. A polynomial's
    /// single input is named by its first coefficient (`name^1`).
    public var inputNames: [String] {
        switch self {
        case .linearRegression(let m): return m.featureNames
        case .ridge(let m): return m.featureNames
        case .robust(let m): return m.featureNames
        case .polynomialRegression(let m):
            let first = m.coefficientStatistics.first?.name ?? "x^1"
            return [first.hasSuffix("^1") ? String(first.dropLast(2)) : first]
        }
    }

    /// Predictions for input columns given in `inputNames` order.
    /// - Throws: `LossKitError.countMismatch`/`.shapeMismatch` for a wrong
    ///   number of columns or ragged columns.
    /// - Complexity: O(n·p) (polynomial: O(n·D)).
    public func predict(columns: [[Double]]) throws -> [Double] {
        guard columns.count == inputNames.count else {
            throw LossKitError.countMismatch(name: "input columns", count: columns.count,
                                             otherName: "model inputs (\(inputNames.joined(separator: ", ")))",
                                             otherCount: inputNames.count)
        }
        switch self {
        case .linearRegression(let m): return try m.predict(Matrix(columns: columns))
        case .ridge(let m): return try m.predict(Matrix(columns: columns))
        case .robust(let m): return try m.predict(Matrix(columns: columns))
        case .polynomialRegression(let m): return m.predict(columns[0])
        }
    }
}
