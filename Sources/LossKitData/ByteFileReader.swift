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
/// the chunk size, and a record longer than `maxRecordBytes` (a file with
/// no line end, such as `/dev/zero`) is refused instead of read forever.
///
/// Not every path is a regular file. The path `-` is standard input; pipes,
/// FIFOs, `<(…)` and character devices are read sequentially: `readBytes(at:)`
/// then serves offsets at or after the current position from the buffer,
/// and `fileSize` is nil. Such an input can be opened only once, so a reader
/// that only looked at its first bytes (the format sniff, the header) can
/// `keepForNextOpen()`: the next `ByteFileReader` for the same path takes
/// over the descriptor and the bytes already read, and starts at offset 0.
final class ByteFileReader {
    /// A record (the bytes from the window's start) grew past `maxRecordBytes`.
    struct RecordTooLong: Error {
        let limit: Int
    }

    let path: String
    /// True for a regular file (`pread` and `fstat` sizes work); false for
    /// standard input, pipes, FIFOs, sockets and devices.
    let isSeekable: Bool
    /// The longest unfinished record `refill()` buffers before it throws.
    var maxRecordBytes: Int
    private let descriptor: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// The file offset of the window's first byte.
    private(set) var position = 0
    /// While true, consumed bytes stay in the buffer (a sequential input
    /// that may still be handed on by `keepForNextOpen()`).
    private var retainsFromStart: Bool
    private var isParked = false
    /// A pipe, FIFO or socket: once read, a second open of the path gets
    /// nothing (or waits for a writer that never comes).
    private let isReadOnce: Bool
    /// Which pipe or file this is (device and inode), to know it again.
    private let identity: PendingInputs.Identity?
    /// True once `read(2)` has returned 0: everything is in the buffer.
    private(set) var isAtEndOfFile = false
    /// Whether bytes read are translated CR → LF (a file with CR-only line ends).
    private(set) var translatesCarriageReturns = false

    init(path: String, chunkSize: Int, maxRecordBytes: Int = .max) throws {
        self.path = path
        self.maxRecordBytes = maxRecordBytes
        let size = max(chunkSize, 16)
        if let pending = PendingInputs.shared.take(path) {
            descriptor = pending.descriptor
            isSeekable = false
            isReadOnce = pending.isReadOnce
            identity = pending.identity
            retainsFromStart = true
            buffer = .allocate(byteCount: max(size, pending.bytes.count), alignment: 64)
            pending.bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
            end = pending.bytes.count
            isAtEndOfFile = pending.isAtEndOfFile
            return
        }
        if PendingInputs.shared.wasReadOnce(path) {
            // Opening a FIFO whose writer is gone would wait for ever; a
            // pipe read to its end gives nothing. Say so instead.
            throw DataError.cannotRead(
                path: path, reason: "it is standard input, a pipe or a FIFO, which can be read only once, and it was read already; "
                    + "save it to a file to read it twice (as a streamed fit does)")
        }
        let fd = path == "-" ? dup(STDIN_FILENO) : open(path, O_RDONLY)
        guard fd >= 0 else {
            throw DataError.cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        let statted = fstat(fd, &info) == 0
        let regular = statted && (info.st_mode & S_IFMT) == S_IFREG
        let kind = info.st_mode & S_IFMT
        isReadOnce = statted && (path == "-" || kind == S_IFIFO || kind == S_IFSOCK)
        identity = statted
            ? PendingInputs.Identity(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) : nil
        descriptor = fd
        // Standard input is read from where it stands, even when it is a
        // regular file (`< file`): its offset is shared with every dup of it.
        isSeekable = regular && path != "-"
        retainsFromStart = !isSeekable
        buffer = .allocate(byteCount: size, alignment: 64)
    }

    deinit {
        if !isParked {
            close(descriptor)
            if isReadOnce, let identity { PendingInputs.shared.markReadOnce(identity) }
        }
        buffer.deallocate()
    }

    /// The bytes read and not yet consumed.
    var window: UnsafeBufferPointer<UInt8> {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    func consume(_ count: Int) {
        start += count
        position += count
    }

    /// Lets `refill()` drop consumed bytes again (see `retainsFromStart`).
    func stopRetaining() {
        retainsFromStart = false
    }

    /// Hands the descriptor and every byte read so far to the next reader of
    /// the same path, for an input that cannot be opened twice (a no-op for
    /// a regular file, and when bytes were already dropped).
    func keepForNextOpen() {
        guard !isSeekable, retainsFromStart, !isParked else { return }
        let all = UnsafeRawBufferPointer(rebasing: buffer[0..<end])
        PendingInputs.shared.put(
            path, PendingInputs.Entry(
                descriptor: descriptor, bytes: Array(all), isAtEndOfFile: isAtEndOfFile, isReadOnce: isReadOnce,
                identity: identity))
        isParked = true
    }

    /// From now on, reads every carriage return (also those already in the
    /// window) as a line feed.
    func translateCarriageReturns() {
        translatesCarriageReturns = true
        Self.translate(buffer, from: start, to: end)
    }

    /// Reads more bytes behind the unconsumed ones until the buffer is full
    /// or the file ends. Returns false when nothing more could be read.
    /// - Throws: `RecordTooLong` when the buffer is full of one unfinished
    ///   record of more than `maxRecordBytes`; `DataError.cannotRead`.
    @discardableResult
    func refill() throws -> Bool {
        if isAtEndOfFile { return false }
        let base = buffer.baseAddress!
        if start > 0 && !retainsFromStart {
            if end > start { memmove(base, base + start, end - start) }
            end -= start
            start = 0
        }
        if end == buffer.count {
            // Full of bytes not consumed: one record longer than the buffer.
            guard end - start <= maxRecordBytes else { throw RecordTooLong(limit: maxRecordBytes) }
            let doubled = buffer.count.multipliedReportingOverflow(by: 2)
            let limit = start.addingReportingOverflow(maxRecordBytes)
            let cap = limit.overflow || limit.partialValue == .max ? Int.max : limit.partialValue + 1
            let newSize = max(buffer.count + 1, min(doubled.overflow ? Int.max : doubled.partialValue, cap))
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: newSize, alignment: 64)
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
                // Drained: say so now, not at deinit, which may come later
                // on a read-ahead thread than the caller's next open.
                if isReadOnce, let identity { PendingInputs.shared.markReadOnce(identity) }
                break
            }
            // A pipe returns what it has: read on until the buffer is full,
            // so that a long record is scanned O(1) times, not once per read.
            end += n
        }
        if translatesCarriageReturns { Self.translate(buffer, from: before, to: end) }
        return end > before
    }

    /// Reads `count` bytes at absolute `offset` (for `.npy` column access).
    ///
    /// A sequential input serves only offsets at or after `position`,
    /// dropping the bytes before `offset` (not the ones returned).
    func readBytes(at offset: Int, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        guard isSeekable else { return try readSequentially(at: offset, into: destination) }
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

    private func readSequentially(at offset: Int, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = offset - (retainsFromStart ? 0 : position)
        if retainsFromStart {
            // Nothing was dropped: offset `offset` is buffer byte `offset`.
            while end < offset + destination.count && !isAtEndOfFile { try refill() }
            let count = max(0, min(destination.count, end - offset))
            if count > 0 { destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])) }
            return count
        }
        guard wanted >= 0 else {
            throw DataError.cannotRead(
                path: path, reason: "it is a pipe or device, read front to back, and this needs to go back; save it to a file first")
        }
        while true {
            consume(min(offset - position, end - start))
            if position == offset && end - start >= destination.count { break }
            if isAtEndOfFile { break }
            try refill()
        }
        guard position == offset else { return 0 }
        let count = min(destination.count, end - start)
        destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)]))
        return count
    }

    /// The file's size in bytes, or nil if the system cannot tell (and
    /// always for an input that is not a regular file).
    var fileSize: Int? {
        guard isSeekable else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    private static func translate(_ buffer: UnsafeMutableRawBufferPointer, from: Int, to: Int) {
        let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = from
        while i < to {
            guard let found = memchr(bytes + i, Int32(CSVDialect.carriageReturn), to - i) else { break }
            let at = found.assumingMemoryBound(to: UInt8.self)
            at.pointee = CSVDialect.lineFeed
            i = at - bytes + 1
        }
    }
}

/// Sequential inputs handed from one `ByteFileReader` to the next of the
/// same path (see `ByteFileReader.keepForNextOpen()`).
final class PendingInputs: @unchecked Sendable {
    struct Entry {
        var descriptor: Int32
        var bytes: [UInt8]
        var isAtEndOfFile: Bool
        var isReadOnce: Bool
        var identity: Identity?
    }

    /// The path with the device and inode it named: a new pipe at the same
    /// `/dev/fd/N`, or a FIFO made again elsewhere with a recycled inode
    /// number, is another input.
    struct Identity: Hashable {
        var path: String
        var device: UInt64
        var inode: UInt64
    }

    static let shared = PendingInputs()
    private var entries: [String: Entry] = [:]
    /// Pipes and FIFOs read (and closed) by a reader that did not hand them on.
    private var readOnce: Set<Identity> = []
    private let lock: UnsafeMutablePointer<pthread_mutex_t>

    private init() {
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    func put(_ path: String, _ entry: Entry) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let old = entries[path] { close(old.descriptor) }
        entries[path] = entry
    }

    func markReadOnce(_ identity: Identity) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        readOnce.insert(identity)
    }

    /// Whether `path` (`-`: standard input) is a pipe or FIFO read before.
    /// `stat` does not open, so it cannot wait for a FIFO's writer.
    func wasReadOnce(_ path: String) -> Bool {
        var info = stat()
        guard (path == "-" ? fstat(STDIN_FILENO, &info) : stat(path, &info)) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        guard path == "-" || kind == S_IFIFO || kind == S_IFSOCK else { return false }
        let identity = Identity(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return readOnce.contains(identity)
    }

    func take(_ path: String) -> Entry? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return entries.removeValue(forKey: path)
    }
}
