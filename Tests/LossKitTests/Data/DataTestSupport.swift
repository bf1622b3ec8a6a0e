#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// A file in a fresh temporary directory, removed when the value is
/// released; for tests that need the bytes of a file on disk.
final class TemporaryFile {
    let path: String

    init(name: String = "data.csv", bytes: [UInt8]) {
        var template = Array("/tmp/losskit-data-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { buffer -> String in
            guard let made = mkdtemp(buffer.baseAddress!) else { return "/tmp" }
            return String(cString: made)
        }
        path = directory + "/" + name
        let file = fopen(path, "wb")
        if let file {
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fclose(file)
        }
    }

    convenience init(name: String = "data.csv", _ text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    deinit {
        unlink(path)
        let directory = String(path[..<path.lastIndex(of: "/")!])
        rmdir(directory)
    }
}

/// Reads `text` as a file with the given options.
func readText(
    _ text: String, name: String = "data.csv", options: DataReadOptions = DataReadOptions(),
    tuning: CSVTuning = CSVTuning()
) throws -> NumericTable {
    let file = TemporaryFile(name: name, text)
    return try DataReader.read(path: file.path, options: options, tuning: tuning)
}

/// The error `body` throws as a `DataError`, or nil.
func dataError(_ body: () throws -> Void) -> DataError? {
    do {
        try body()
        return nil
    } catch let error as DataError {
        return error
    } catch {
        return nil
    }
}

/// Tunings that exercise the chunk boundaries and the parallel split:
/// tiny chunks (records straddle reads and the buffer must grow), and
/// several threads on small chunks.
let stressTunings: [CSVTuning] = [
    CSVTuning(chunkSize: 16, threads: 1, minimumParallelBytes: 1 << 30),
    CSVTuning(chunkSize: 37, threads: 3, minimumParallelBytes: 0),
    CSVTuning(chunkSize: 4096, threads: 4, minimumParallelBytes: 0),
    CSVTuning(chunkSize: 1 << 20, threads: 1, minimumParallelBytes: 1 << 30),
]
