/// The header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0).
///
/// Layout: the magic `\x93NUMPY`, a major and a minor version byte, the
/// header length (little-endian `UInt16` in 1.0, `UInt32` in 2.0 and 3.0),
/// then a Python dict literal such as
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 3), }`
/// padded with spaces and a newline; the data follow.
struct NPYHeader: Equatable {
    enum ScalarType: Equatable {
        case float64, float32
        var byteCount: Int { self == .float64 ? 8 : 4 }
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// The longest header read (1 MiB). A float array's dict is under 200
    /// bytes; NumPy itself refuses headers over 10,000 bytes by default. A
    /// larger length is a damaged or hostile file, refused before anything
    /// is allocated for it.
    static let maxHeaderLength = 1 << 20

    var scalarType: ScalarType
    var bigEndian: Bool
    var fortranOrder: Bool
    var rowCount: Int
    /// 1 for a 1-D array.
    var columnCount: Int
    /// Where the data start in the file.
    var dataOffset: Int

    var dataByteCount: Int { rowCount * columnCount * scalarType.byteCount }

    /// The most columns a `.npy` header may announce (2²⁵, as many fields as
    /// a 64 MiB CSV record can hold).
    static let maximumColumnCount = DataReadOptions.defaultMaxRecordBytes / 2

    /// Parses the header from the first bytes of the file.
    /// Returns nil when more bytes are needed (with how many in total).
    static func parse(_ bytes: [UInt8], path: String) throws -> (header: NPYHeader?, needed: Int) {
        guard bytes.count >= 10 else {
            if bytes.count < 6 || Array(bytes.prefix(6)) != magic { throw DataError.badNPYMagic(path: path) }
            throw DataError.truncatedFile(path: path, expectedBytes: 10, actualBytes: bytes.count)
        }
        guard Array(bytes.prefix(6)) == magic else { throw DataError.badNPYMagic(path: path) }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { return (nil, 12) }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw DataError.badNPYHeader(path: path, detail: "format version \(major).\(bytes[7]) is not 1.0, 2.0 or 3.0")
        }
        guard headerLength <= maxHeaderLength else {
            throw DataError.badNPYHeader(
                path: path, detail: "the header length \(headerLength) bytes is over the \(maxHeaderLength) a float array needs")
        }
        let dataOffset = headerStart + headerLength
        guard bytes.count >= dataOffset else { return (nil, dataOffset) }
        guard let text = String(validating: bytes[headerStart..<dataOffset], as: UTF8.self) else {
            throw DataError.badNPYHeader(path: path, detail: "the header is not UTF-8 text")
        }
        let descr = try value(of: "descr", in: text, path: path)
        let order = try value(of: "fortran_order", in: text, path: path)
        let shapeText = try value(of: "shape", in: text, path: path)

        let stripped = descr.trimmingQuotes
        let scalarType: ScalarType
        let bigEndian: Bool
        switch stripped {
        case "<f8": (scalarType, bigEndian) = (.float64, false)
        case ">f8": (scalarType, bigEndian) = (.float64, true)
        case "<f4": (scalarType, bigEndian) = (.float32, false)
        case ">f4": (scalarType, bigEndian) = (.float32, true)
        default: throw DataError.unsupportedNPYType(path: path, descr: stripped)
        }
        let fortranOrder: Bool
        switch order {
        case "True": fortranOrder = true
        case "False": fortranOrder = false
        default: throw DataError.badNPYHeader(path: path, detail: "fortran_order is '\(order)', not True or False")
        }
        guard shapeText.first == "(", shapeText.last == ")" else {
            throw DataError.badNPYHeader(path: path, detail: "shape '\(shapeText)' is not a tuple")
        }
        let parts = shapeText.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharactersSpace }
            .filter { !$0.isEmpty }
        var shape: [Int] = []
        for part in parts {
            guard let n = Int(part), n >= 0 else {
                throw DataError.badNPYHeader(path: path, detail: "shape '\(shapeText)' has a bad dimension '\(part)'")
            }
            shape.append(n)
        }
        guard shape.count == 1 || shape.count == 2 else { throw DataError.unsupportedNPYShape(path: path, shape: shape) }
        let header = NPYHeader(
            scalarType: scalarType, bigEndian: bigEndian, fortranOrder: fortranOrder, rowCount: shape[0],
            columnCount: shape.count == 2 ? shape[1] : 1, dataOffset: dataOffset)
        let (total, overflow) = header.rowCount.multipliedReportingOverflow(by: header.columnCount)
        guard !overflow, !total.multipliedReportingOverflow(by: scalarType.byteCount).overflow else {
            throw DataError.badNPYHeader(path: path, detail: "shape '\(shapeText)' is too large")
        }
        // Columns cost memory before any data is read (a name and a slot
        // each), and a file with no rows does not bound them: refuse what no
        // data file holds before allocating for it (npy-3, found by the fuzzer:
        // shape (0, 555555555555555553)). The bound is the CSV reader's: a
        // record of at most `maxRecordBytes` holds at most half as many fields.
        // Rows without columns hold no data, so no size check bounds them: a
        // header announcing 10¹² empty rows would be walked row by row
        // (npy-5, a fuzzer timeout). Refuse it before any work.
        guard header.columnCount > 0 else {
            throw DataError.badNPYHeader(path: path, detail: "shape '\(shapeText)' has no columns")
        }
        guard header.columnCount <= Self.maximumColumnCount else {
            throw DataError.badNPYHeader(
                path: path, detail: "shape '\(shapeText)' has \(header.columnCount) columns; at most \(Self.maximumColumnCount) are read")
        }
        return (header, dataOffset)
    }

    /// The text of the value of `'key':` in the dict literal, up to the
    /// comma that ends it (a tuple's commas are inside its parentheses).
    private static func value(of key: String, in text: String, path: String) throws -> String {
        guard let keyRange = text.firstRange(of: "'\(key)'") ?? text.firstRange(of: "\"\(key)\"") else {
            throw DataError.badNPYHeader(path: path, detail: "the key '\(key)' is missing")
        }
        var rest = text[keyRange.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else {
            throw DataError.badNPYHeader(path: path, detail: "no ':' after '\(key)'")
        }
        rest = rest.dropFirst().drop { $0 == " " }
        var depth = 0
        var end = rest.startIndex
        while end < rest.endIndex {
            let c = rest[end]
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if depth == 0 && (c == "," || c == "}") { break }
            end = rest.index(after: end)
        }
        return String(rest[rest.startIndex..<end]).trimmingCharactersSpace
    }
}

extension StringProtocol {
    fileprivate var trimmingCharactersSpace: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\n" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\n" { s.removeLast() }
        return String(s)
    }

    fileprivate var trimmingQuotes: String {
        var s = Substring(self)
        if s.first == "'" || s.first == "\"" { s.removeFirst() }
        if s.last == "'" || s.last == "\"" { s.removeLast() }
        return String(s)
    }
}
