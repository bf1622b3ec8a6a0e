/// A least-recently-used cache of whole kernel rows `Float(k(x_r, x_j)), j = 0..<n`,
/// keyed by the training row r, in at most a given number of bytes.
///
/// As in libsvm, entries are single precision (`Qfloat`): twice the rows of a
/// double cache in the same memory, which is what an SMO solver on a large
/// problem is bound by. The storage is one block of `capacity` row slots,
/// allocated up front but touched (committed by the OS) only as rows are
/// filled; the LRU order is a doubly linked list over slots.
///
/// A row may be cached whole or only on the solver's active set (libsvm's
/// `get_Q(i, active_size)`): each slot records the active-set generation it
/// covers (0: the whole row). The solver starts a new generation whenever the
/// active set grows (unshrinking), so within one generation the active set only
/// shrinks and a row computed on it stays valid. A whole row asked for where a
/// row of the current generation is cached gets only its missing (inactive)
/// entries computed.
final class KernelCache {
    let rowLength: Int
    /// Rows the cache holds (at least 2, at most `rowLength`).
    let capacity: Int
    private let storage: UnsafeMutablePointer<Float>
    /// slot of each row, −1 when not cached.
    private var slotOfRow: [Int32]
    private var rowOfSlot: [Int32]
    private var previous: [Int32]
    private var next: [Int32]
    /// The active-set generation each slot's row covers, 0 for a whole row.
    private var generationOfSlot: [Int]
    /// The list's sentinel is slot `capacity`: `next[capacity]` is the least recently used.
    private var used = 0
    private(set) var misses = 0
    private(set) var hits = 0

    /// - Parameters:
    ///   - rowLength: n, the length of each row and the number of rows there are.
    ///   - bytes: the memory to use; at least two rows are kept whatever it is.
    init(rowLength: Int, bytes: Int) {
        self.rowLength = rowLength
        let rowBytes = max(rowLength, 1) * MemoryLayout<Float>.stride
        capacity = max(2, min(max(rowLength, 2), bytes / rowBytes))
        storage = .allocate(capacity: capacity * max(rowLength, 1))
        slotOfRow = Array(repeating: -1, count: rowLength)
        rowOfSlot = Array(repeating: -1, count: capacity)
        previous = Array(repeating: Int32(capacity), count: capacity + 1)
        next = Array(repeating: Int32(capacity), count: capacity + 1)
        generationOfSlot = Array(repeating: 0, count: capacity)
    }

    deinit { storage.deallocate() }

    /// Row `r`, computed by `fill` into the slot of the least recently used
    /// row when it is not cached. The pointer is valid until the next call.
    ///
    /// - Parameters:
    ///   - generation: the solver's active-set generation, 0 when every variable is active.
    ///   - whole: every entry is needed (else only those of the active set).
    ///   - fill: writes the entries of `.all` rows, the `.active` ones or the `.inactive` ones.
    @inline(__always)
    func row(_ r: Int, generation: Int, whole: Bool,
             fill: (UnsafeMutablePointer<Float>, KernelRows.Coverage) -> Void) -> UnsafePointer<Float> {
        let want = whole ? 0 : generation
        let slot = Int(slotOfRow[r])
        if slot >= 0 {
            unlink(slot)
            append(slot)
            let pointer = storage + slot * rowLength
            let have = generationOfSlot[slot]
            if have == 0 || have == want {
                hits += 1
            } else if want == 0 && have == generation {
                misses += 1
                fill(pointer, .inactive)
                generationOfSlot[slot] = 0
            } else {
                misses += 1
                fill(pointer, want == 0 ? .all : .active)
                generationOfSlot[slot] = want
            }
            return UnsafePointer(pointer)
        }
        misses += 1
        let target: Int
        if used < capacity {
            target = used
            used += 1
        } else {
            target = Int(next[capacity])
            unlink(target)
            slotOfRow[Int(rowOfSlot[target])] = -1
        }
        rowOfSlot[target] = Int32(r)
        slotOfRow[r] = Int32(target)
        append(target)
        let pointer = storage + target * rowLength
        fill(pointer, want == 0 ? .all : .active)
        generationOfSlot[target] = want
        return UnsafePointer(pointer)
    }

    private func unlink(_ slot: Int) {
        let p = Int(previous[slot]), n = Int(next[slot])
        next[p] = Int32(n)
        previous[n] = Int32(p)
    }

    /// Makes `slot` the most recently used.
    private func append(_ slot: Int) {
        let sentinel = capacity
        let last = Int(previous[sentinel])
        next[last] = Int32(slot)
        previous[slot] = Int32(last)
        next[slot] = Int32(sentinel)
        previous[sentinel] = Int32(slot)
    }
}
