/// A growable row-major block of doubles that the text parser writes in
/// place, a row at a time, with no per-row copy. Written by one thread, then
/// handed to another (hence `@unchecked Sendable`), never shared while written.
final class RowMajorBuffer: @unchecked Sendable {
    let width: Int
    private(set) var rowCapacity: Int
    private(set) var base: UnsafeMutablePointer<Double>

    init(width: Int, rowCapacity: Int) {
        self.width = width
        self.rowCapacity = max(rowCapacity, 1)
        base = .allocate(capacity: max(width * self.rowCapacity, 1))
    }

    deinit { base.deallocate() }

    /// Where row `i` starts.
    @inline(__always)
    func row(_ i: Int) -> UnsafeMutablePointer<Double> { base + i * width }

    /// Doubles the capacity. Rows are only ever read back through `rows(_:)`,
    /// so the whole old block is moved, written or not.
    func grow() {
        let bigger = UnsafeMutablePointer<Double>.allocate(capacity: max(width * rowCapacity * 2, 1))
        bigger.moveInitialize(from: base, count: width * rowCapacity)
        base.deallocate()
        base = bigger
        rowCapacity *= 2
    }

    /// The first `rows` rows.
    func rows(_ rows: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: base, count: rows * width)
    }
}
