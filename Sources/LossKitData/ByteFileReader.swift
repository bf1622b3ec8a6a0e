#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file front to back through one growable byte buffer, in large
/// `read(2)` calls, without copying into per-record objects.
///
/// The unconsumed bytes are `window`; `consume(_:)` drops bytes from its
/// front and `refill()` moves the rest to the start of the buffer and reads
/// more behind it, doubling the buffer only when a single record is longer
/// than the whole buffer. Memory stays bounded by the longest record plus
/// the chunk size.
final class ByteFileReader {
    let path: String
    private let descriptor: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// True once `read(2)` has returned 0: everything is in the buffer.
    private(set) var isAtEndOfFile = false

    init(path: String, chunkSize: Int) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw DataError.cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        descriptor = fd
        buffer = .allocate(byteCount: max(chunkSize, 16), alignment: 64)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// The bytes read and not yet consumed.
    var window: UnsafeBufferPointer<UInt8> {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    func consume(_ count: Int) {
        start += count
    }

    /// Reads more bytes behind the unconsumed ones until the buffer is full
    /// or the file ends. Returns false when nothing more could be read.
    @discardableResult
    func refill() throws -> Bool {
        if isAtEndOfFile { return false }
        let base = buffer.baseAddress!
        if start > 0 {
            if end > start { memmove(base, base + start, end - start) }
            end -= start
            start = 0
        }
        if end == buffer.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
            bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
            buffer.deallocate()
            buffer = bigger
        }
        let before = end
        while end < buffer.count {
            let n = read(descriptor, buffer.baseAddress! + end, buffer.count - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError.cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 {
                isAtEndOfFile = true
                break
            }
            end += n
        }
        return end > before
    }

    /// Reads `count` bytes at absolute `offset` (for `.npy` column access).
    func readBytes(at offset: Int, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < destination.count {
            let n = pread(descriptor, destination.baseAddress! + done, destination.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError.cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The file's size in bytes, or nil if the system cannot tell.
    var fileSize: Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return Int(info.st_size)
    }
}
