#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What went wrong reading or writing a `.npy` file.
public struct NumpyFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// A 1-D or 2-D array of little-endian `Float` or `Double` in NumPy's `.npy`
/// format (versions 1–3), the exchange format between `bench/*.py` and
/// `losskit-bench-io`: both sides time the same bytes.
///
/// A 2-D array is kept in the file's own order: `fortranOrder` says whether
/// `elements` is column-major (what `np.asfortranarray` saves, and what
/// LossKit's `Matrix` stores) or row-major.
public struct NumpyArray<T: BinaryFloatingPoint>: Sendable where T: Sendable {
    public var shape: [Int]
    public var fortranOrder: Bool
    public var elements: [T]

    public init(shape: [Int], fortranOrder: Bool = false, elements: [T]) {
        self.shape = shape
        self.fortranOrder = fortranOrder
        self.elements = elements
    }
}

/// The element type a `.npy` header names.
public enum NumpyDType: String, Sendable {
    case float32 = "<f4"
    case float64 = "<f8"
}

public enum NumpyFile {
    /// The element type and shape of the file at `path`, without reading the data.
    public static func header(path: String) throws -> (dtype: NumpyDType, shape: [Int], fortranOrder: Bool) {
        let file = try open(path, "rb")
        defer { fclose(file) }
        let h = try readHeader(file, path: path)
        return (h.dtype, h.shape, h.fortranOrder)
    }

    /// Reads a `.npy` file whose elements are `T` (`<f4` for Float, `<f8` for Double).
    public static func read<T: BinaryFloatingPoint & Sendable>(
        path: String, as: T.Type = T.self
    ) throws -> NumpyArray<T> {
        let file = try open(path, "rb")
        defer { fclose(file) }
        let h = try readHeader(file, path: path)
        let expected: NumpyDType = MemoryLayout<T>.size == 4 ? .float32 : .float64
        guard h.dtype == expected else {
            throw NumpyFileError(path: path, reason: "holds \(h.dtype.rawValue), asked for \(expected.rawValue)")
        }
        let count = h.shape.reduce(1, *)
        let elements = try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let got = count == 0 ? 0 : fread(buffer.baseAddress, MemoryLayout<T>.stride, count, file)
            guard got == count else {
                throw NumpyFileError(path: path, reason: "expected \(count) elements, file has \(got)")
            }
            initialized = count
        }
        return NumpyArray(shape: h.shape, fortranOrder: h.fortranOrder, elements: elements)
    }

    /// Writes `array` as a version-1 `.npy` file.
    public static func write<T: BinaryFloatingPoint & Sendable>(_ array: NumpyArray<T>, path: String) throws {
        let descr: NumpyDType = MemoryLayout<T>.size == 4 ? .float32 : .float64
        let shape = array.shape.count == 1
            ? "(\(array.shape[0]),)"
            : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr.rawValue)', 'fortran_order': \(array.fortranOrder ? "True" : "False"), 'shape': \(shape), }"
        // Magic (6) + version (2) + length (2) + header, padded to 64 bytes, ending in "\n".
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(dict.utf8.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dict.utf8)
        let file = try open(path, "wb")
        defer { fclose(file) }
        let ok = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) == $0.count }
            && array.elements.withUnsafeBufferPointer {
                $0.isEmpty || fwrite($0.baseAddress, MemoryLayout<T>.stride, $0.count, file) == $0.count
            }
        guard ok else { throw NumpyFileError(path: path, reason: "short write") }
    }

    private static func open(_ path: String, _ mode: String) throws -> UnsafeMutablePointer<FILE> {
        guard let file = fopen(path, mode) else {
            throw NumpyFileError(path: path, reason: "cannot open (errno \(errno))")
        }
        return file
    }

    private static func readHeader(
        _ file: UnsafeMutablePointer<FILE>, path: String
    ) throws -> (dtype: NumpyDType, shape: [Int], fortranOrder: Bool) {
        func bytes(_ n: Int) throws -> [UInt8] {
            var b = [UInt8](repeating: 0, count: n)
            guard fread(&b, 1, n, file) == n else {
                throw NumpyFileError(path: path, reason: "truncated header")
            }
            return b
        }
        let prefix = try bytes(8)
        guard prefix[0] == 0x93, Array(prefix[1..<6]) == Array("NUMPY".utf8) else {
            throw NumpyFileError(path: path, reason: "not a .npy file")
        }
        let length: Int
        switch prefix[6] {
        case 1:
            let l = try bytes(2)
            length = Int(l[0]) | Int(l[1]) << 8
        case 2, 3:
            let l = try bytes(4)
            length = Int(l[0]) | Int(l[1]) << 8 | Int(l[2]) << 16 | Int(l[3]) << 24
        default:
            throw NumpyFileError(path: path, reason: "unsupported .npy version \(prefix[6])")
        }
        let dict = String(decoding: try bytes(length), as: UTF8.self)
        guard let dtype = [NumpyDType.float32, .float64].first(where: { dict.contains("'\($0.rawValue)'") }) else {
            throw NumpyFileError(path: path, reason: "only <f4 and <f8 are supported: \(dict)")
        }
        let fortranOrder = dict.contains("'fortran_order': True")
        guard let open = dict.firstIndex(of: "("), let close = dict[open...].firstIndex(of: ")") else {
            throw NumpyFileError(path: path, reason: "no shape in header: \(dict)")
        }
        let shape = try dict[dict.index(after: open)..<close]
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: " ") }
            .filter { !$0.isEmpty }
            .map { field -> Int in
                guard let v = Int(field), v >= 0 else {
                    throw NumpyFileError(path: path, reason: "bad shape field '\(field)'")
                }
                return v
            }
        guard (1...2).contains(shape.count) else {
            throw NumpyFileError(path: path, reason: "only 1-D and 2-D arrays are supported, shape \(shape)")
        }
        return (dtype, shape, fortranOrder)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}
