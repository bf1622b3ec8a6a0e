import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LossKitData
import LossKitNumerics

/// A fitted model that saves to and loads from a LossKit model file under a
/// fixed `"kind"`: what `ModelRegistry` holds.
public protocol LoadableRegressor: FittedRegressor, ModelFileRepresentable {}

extension LoadableRegressor {
    public var modelKind: String { Self.modelKind }
}

/// The model-file kinds this build reads: a model file's `"kind"` is looked
/// up here, so adding a model adds one entry to `builtIn` (or one `register`
/// call in an app) and no `switch` case anywhere.
///
/// ```swift
/// let model = try ModelRegistry.load(from: data)   // any FittedRegressor
/// ModelRegistry.register(MyModel.self)             // an app's own kind
/// ```
public enum ModelRegistry {
    /// One registered kind: its name and how to decode it.
    public struct Entry: Sendable {
        public let kind: String
        let decode: @Sendable (Data) throws -> any FittedRegressor

        /// The entry of a model type.
        public init<Model: LoadableRegressor>(_ type: Model.Type) {
            kind = Model.modelKind
            decode = { try Model.load(from: $0) }
        }
    }

    /// Every kind known to this build, in registration order.
    public static var kinds: [String] { lock.withLock { entries.map(\.kind) } }

    /// Adds a kind (replacing an earlier registration of the same kind).
    public static func register<Model: LoadableRegressor>(_ type: Model.Type) {
        let entry = Entry(type)
        lock.withLock {
            entries.removeAll { $0.kind == entry.kind }
            entries.append(entry)
        }
    }

    /// Reads a model file of any registered kind.
    /// - Throws: `ModelFileError`: `.unreadable` for empty, truncated or
    ///   non-JSON bytes, `.foreignFormat`, `.unsupportedVersion` (a newer
    ///   file), `.invalidField(name: "kind")` for a kind this build does not
    ///   read (naming the kinds it reads), and the kind's own field errors.
    public static func load(from data: Data) throws -> any FittedRegressor {
        struct Envelope: Decodable { var format: String?; var version: Int?; var kind: String? }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw ModelFileError.unreadable(detail: data.isEmpty ? "empty file" : "\(data.count) bytes that do not parse as a JSON object")
        }
        let envelope = (try? JSONDecoder().decode(Envelope.self, from: data)) ?? Envelope()
        guard envelope.format == ModelFileHeader.format else { throw ModelFileError.foreignFormat(found: envelope.format) }
        if let version = envelope.version, version > ModelFileHeader.version {
            throw ModelFileError.unsupportedVersion(found: version, supported: ModelFileHeader.version)
        }
        let known = lock.withLock { entries }
        guard let entry = known.first(where: { $0.kind == envelope.kind }) else {
            throw ModelFileError.invalidField(
                name: "kind",
                detail: "\(envelope.kind.map { "\"\($0)\"" } ?? "missing"); this LossKit reads \(known.map(\.kind).joined(separator: ", "))")
        }
        return try entry.decode(data)
    }

    private static let lock = RegistryLock()
    nonisolated(unsafe) private static var entries: [Entry] = builtIn
}

/// A mutex for the registry (Foundation's `NSLock` without the Objective-C baggage).
private final class RegistryLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
