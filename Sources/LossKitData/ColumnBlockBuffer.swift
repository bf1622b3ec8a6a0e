/// A growable block of doubles, column after column, that the text parser
/// writes in place: value `(row i, column j)` lives at `base[j · rowCapacity + i]`.
///
/// Column-major so that handing a parsed block to the table costs one
/// `memcpy` per column (done on the consumer's thread), while the parsing
/// threads, which have the values in their registers anyway, pay for the
/// scatter. Written by one thread, then handed to another (hence
/// `@unchecked Sendable`), never shared while written.
final class ColumnBlockBuffer: @unchecked Sendable {
    let width: Int
    private(set) var rowCapacity: Int
    private(set) var base: UnsafeMutablePointer<Double>

    init(width: Int, rowCapacity: Int) {
        self.width = width
        self.rowCapacity = max(rowCapacity, 1)
        base = .allocate(capacity: max(width * self.rowCapacity, 1))
    }

    deinit { base.deallocate() }

    /// Doubles the capacity, keeping the first `rows` rows of every column.
    func grow(keeping rows: Int) {
        let capacity = rowCapacity * 2
        let bigger = UnsafeMutablePointer<Double>.allocate(capacity: max(width * capacity, 1))
        for j in 0..<width {
            (bigger + j * capacity).initialize(from: base + j * rowCapacity, count: rows)
        }
        base.deallocate()
        base = bigger
        rowCapacity = capacity
    }

    /// The first `rows` values of column `j`.
    func column(_ j: Int, rows: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: base + j * rowCapacity, count: rows)
    }
}
