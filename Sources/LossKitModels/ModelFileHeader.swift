import Foundation
import LossKitData
import LossKitNumerics

/// The envelope every LossKit model file starts with (see
/// docs/model-file-format.md): `"format": "losskit-model"`, `"version": 1`,
/// `"kind"`. Models encode it first and check it first when decoding, so a
/// newer, foreign or other-kind file fails with a `ModelFileError` before any
/// model field is read.
public enum ModelFileHeader {
    public static let format = "losskit-model"
    /// The newest version this build writes and reads.
    public static let version = 1

    enum Key: String, CodingKey { case format, version, kind }

    public static func encode(kind: String, to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(format, forKey: .format)
        try c.encode(version, forKey: .version)
        try c.encode(kind, forKey: .kind)
    }

    public static func check(kind: String, in decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let found = try? c.decodeIfPresent(String.self, forKey: .format)
        guard found == format else { throw ModelFileError.foreignFormat(found: found ?? nil) }
        guard let v = try? c.decode(Int.self, forKey: .version) else {
            throw ModelFileError.invalidField(name: "version", detail: "missing or not an integer")
        }
        guard v <= version else { throw ModelFileError.unsupportedVersion(found: v, supported: version) }
        guard v >= 1 else { throw ModelFileError.invalidField(name: "version", detail: "\(v) is not a valid version") }
        let k = (try? c.decode(String.self, forKey: .kind)) ?? "(missing)"
        guard k == kind else { throw ModelFileError.wrongKind(expected: kind, found: k) }
    }
}

/// A model that saves to and loads from a LossKit model file.
///
/// ```swift
/// let data = try result.modelFileData()
/// let again = try LinearRegressionResult.load(from: data)
/// again.predict(x) == result.predict(x)   // bit for bit
/// ```
public protocol ModelFileRepresentable: Codable {
    /// The `"kind"` value, e.g. `"linear-regression"`.
    static var modelKind: String { get }
}

extension ModelFileRepresentable {
    /// The model as a LossKit model file: UTF-8 JSON, keys sorted, every
    /// Double written in its shortest round-tripping form (so a loaded model
    /// predicts bit-identically). Non-finite numbers (e.g. a NaN standard error)
    /// are written as the strings "nan", "inf", "-inf".
    public func modelFileData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Reads a model file written by `modelFileData()`.
    /// - Throws: `ModelFileError`: `.unreadable` for empty, truncated or non-JSON
    ///   bytes, `.foreignFormat`, `.unsupportedVersion` (a newer file),
    ///   `.wrongKind`, `.invalidField` naming the field.
    public static func load(from data: Data) throws -> Self {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw ModelFileError.unreadable(detail: data.isEmpty ? "empty file" : "\(data.count) bytes that do not parse as a JSON object")
        }
        do {
            return try decoder.decode(Self.self, from: data)
        } catch let error as ModelFileError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw ModelFileError.invalidField(name: path(context.codingPath + [key]), detail: "missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ModelFileError.invalidField(name: path(context.codingPath), detail: context.debugDescription)
        } catch let DecodingError.valueNotFound(_, context) {
            throw ModelFileError.invalidField(name: path(context.codingPath), detail: "null")
        } catch let DecodingError.dataCorrupted(context) {
            throw ModelFileError.invalidField(name: path(context.codingPath), detail: context.debugDescription)
        }
    }

    /// Writes `modelFileData()` to `url` atomically.
    public func save(to url: URL) throws {
        try modelFileData().write(to: url, options: .atomic)
    }

    /// Loads a model file from disk.
    public static func load(contentsOf url: URL) throws -> Self {
        try load(from: Data(contentsOf: url))
    }
}

private func path(_ keys: [CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
}
