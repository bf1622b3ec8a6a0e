#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DataReader {
    /// Whether `path` can be read only once: `-` (standard input), a pipe,
    /// a FIFO or a socket. `stat` does not open, so it cannot wait for a
    /// FIFO's writer. A path that cannot be stat'ed is not read-once (opening
    /// it gives the real error).
    public static func isReadOnce(path: String) -> Bool {
        if path == "-" { return true }
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFSOCK
    }

    /// Copies every byte of `path` — including the bytes `header(path:)`
    /// already read from a pipe — to the open file `descriptor`, so that a
    /// read-once input can be read again from the copy (a streamed fit reads
    /// its input twice). Returns the number of bytes copied.
    ///
    /// - Complexity: O(file size) time; memory one 8 MiB chunk.
    /// - Throws: `DataError.cannotRead` for a read error or when the copy
    ///   cannot be written (a full disk), saying which.
    @discardableResult
    public static func copyInput(path: String, to descriptor: Int32) throws -> Int {
        let reader = try ByteFileReader(path: path, chunkSize: 8 << 20)
        var copied = 0
        repeat {
            let window = reader.window
            var offset = 0
            while offset < window.count {
                let n = write(descriptor, window.baseAddress! + offset, window.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw DataError.cannotRead(path: path, reason: "copying it to a temporary file failed: " + String(cString: strerror(errno)))
                }
                offset += n
            }
            copied += window.count
            reader.consume(window.count)
            reader.stopRetaining()
        } while try reader.refill()
        return copied
    }
}
