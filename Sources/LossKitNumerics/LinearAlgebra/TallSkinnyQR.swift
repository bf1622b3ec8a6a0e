import Dispatch

/// The one tall-skinny QR engine (flat-tree TSQR) behind the in-memory
/// (`TallSkinnyReflectors`, the tall path of `HouseholderQR`), streamed
/// (`StreamingLeastSquares`) and robust (`StreamedWeightedLeastSquares`)
/// least-squares paths.
///
/// An `m × n` matrix (`m ≫ n`) is factored by row blocks: its rows are split
/// into `chains` (one per core for large problems), each chain folds its row
/// blocks one after another into a running `n × n` upper triangle `R` by the
/// QR of the stack `[R; X_block]` (`DenseLinearAlgebraBackend.stackedQR`,
/// whose reflectors touch one row of `R` and the block only), and the chains'
/// triangles are then folded into chain 0's the same way, in chain order (so
/// the result does not depend on thread timing).
///
/// A block of about 1 MiB (an L2-resident block) for narrow matrices, more
/// rows for wide ones, is copied into a contiguous buffer first, so the
/// source is read from memory once and the kernels never stride across
/// pages.
///
/// Accuracy: every step is a Householder reflection, so `R` is that of a
/// backward-stable Householder QR of the whole matrix (up to row signs); only
/// the order of the reflections differs from the column-by-column algorithm.
///
/// - Complexity: `2mn²` flops split over the chains, plus `O(c·n³)` to combine
///   `c` chains; memory `O(n²)` per chain plus the block buffers.
package struct TallSkinnyQR: Sendable {
    let rows: Int
    let columns: Int
    /// Rows per block after a chain's first block.
    let blockRows: Int
    /// Rows of a chain's first block: `max(n, blockRows)`, so that a dense QR
    /// of it (the in-memory path) has a full triangle.
    let firstBlockRows: Int
    /// The chains' row ranges, in order, covering `0..<rows`.
    let chains: [Range<Int>]

    /// Plans the blocks and chains of an `m × n` factorization.
    /// - Parameters:
    ///   - blockRows: rows per block; nil = about 1 MiB for narrow matrices
    ///     (`131 072 / n` rows), and for wide ones up to 8 MiB or `4n` rows,
    ///     which amortize the per-panel costs of the block reflectors better
    ///     than cache residency pays off (measured at n = 1000: 6.9 → 5.9
    ///     CPU-s); a multiple of the kernels' 48-row tiles.
    ///   - chains: row chains run in parallel; nil = one per core when
    ///     `m·n ≥ 2²⁰`, else 1. Never more than leave each chain a first block
    ///     and one more block.
    package init(rows m: Int, columns n: Int, blockRows: Int? = nil, chains: Int? = nil) {
        rows = max(m, 0)
        columns = max(n, 1)
        let rowsL2 = 131_072 / columns, rowsWide = min(4 * columns, 1_048_576 / columns)
        let block = max(blockRows ?? ((max(rowsL2, rowsWide) + 47) / 48 * 48), 1)
        self.blockRows = block
        firstBlockRows = max(columns, block)
        let wanted = chains ?? (rows * columns >= 1 << 20 ? ProcessInfoCores.count : 1)
        let count = max(1, min(wanted, rows / (firstBlockRows + block)))
        let total = rows, perChain = total / count
        self.chains = (0..<count).map { c in (c * perChain)..<(c == count - 1 ? total : (c + 1) * perChain) }
    }

    /// The row blocks of chain `c`: a first block of `firstBlockRows` rows (or
    /// the whole chain when shorter), then blocks of `blockRows`.
    func blocks(ofChain c: Int) -> [Range<Int>] {
        let chain = chains[c]
        var out: [Range<Int>] = []
        var start = chain.lowerBound
        var size = firstBlockRows
        while start < chain.upperBound {
            let end = min(start + size, chain.upperBound)
            out.append(start..<end)
            start = end
            size = blockRows
        }
        return out
    }

    /// Runs `body(c)` for every chain, concurrently when there are several.
    func forEachChain(_ body: @Sendable (Int) -> Void) {
        if chains.count > 1 {
            DispatchQueue.concurrentPerform(iterations: chains.count, execute: body)
        } else if !chains.isEmpty {
            body(0)
        }
    }

    /// The `n × n` upper triangle `R` (column-major, zeros below the diagonal)
    /// of the matrix whose rows `load(range, buffer)` writes, block by block,
    /// into `buffer` (`range.count × n`, column-major, leading dimension
    /// `range.count`). `load` is called from the chains' threads, each block
    /// exactly once; the buffer is scratch reused by its chain.
    package func triangle(
        kernels: any DenseLinearAlgebraBackend = DenseKernels.backend,
        load: @Sendable (Range<Int>, UnsafeMutablePointer<Double>) -> Void
    ) -> [Double] {
        let n = columns
        let partial = ChainSlots(Array(repeating: Triangle(columns: n), count: chains.count))
        forEachChain { c in
            var triangle = Triangle(columns: n)
            let blocks = self.blocks(ofChain: c)
            var buffer = [Double](repeating: 0, count: (blocks.map(\.count).max() ?? 0) * n)
            buffer.withUnsafeMutableBufferPointer { bp in
                guard let x = bp.baseAddress else { return }
                for block in blocks {
                    load(block, x)
                    triangle.fold(x, rows: block.count, kernels: kernels)
                }
            }
            partial[c] = triangle
        }
        var r = partial[0]
        for c in 1..<max(chains.count, 1) { r.fold(partial[c], kernels: kernels) }
        return r.upper
    }

    /// A running `n × n` upper triangle into which row blocks are folded: after
    /// folding blocks `X₁, X₂, …` (from zero), `RᵀR = Σ XₖᵀXₖ` and `R` is the
    /// triangle of the Householder QR of the stacked blocks.
    package struct Triangle: Sendable, Equatable {
        let columns: Int
        /// `n × n`, column-major; only the upper triangle is meaningful.
        private(set) var storage: [Double]

        /// The zero triangle (nothing folded yet).
        package init(columns n: Int) {
            columns = n
            storage = [Double](repeating: 0, count: n * n)
        }

        /// A triangle from its upper part (`n × n` column-major; the strictly
        /// lower entries are ignored).
        package init(columns n: Int, upper: [Double]) {
            columns = n
            storage = upper
        }

        /// `R[i, j]`.
        package subscript(row i: Int, column j: Int) -> Double {
            get { i <= j ? storage[i + j * columns] : 0 }
            set { storage[i + j * columns] = newValue }
        }

        /// `R` with zeros below the diagonal.
        var upper: [Double] {
            var r = storage
            for j in 0..<columns {
                for i in (j + 1)..<max(columns, j + 1) { r[i + j * columns] = 0 }
            }
            return r
        }

        /// Folds the block `x` (`rows × n`, column-major, leading dimension
        /// `ldx`) in: `R ← triangle of QR([R; x])`. On return `x`'s column j
        /// holds the block part of stacked reflector j and `tau[j]` its scalar.
        mutating func fold(
            _ x: UnsafeMutablePointer<Double>, rows: Int, ldx: Int? = nil, tau: UnsafeMutablePointer<Double>,
            kernels: any DenseLinearAlgebraBackend = DenseKernels.backend
        ) {
            let n = columns
            guard rows > 0, n > 0 else { return }
            storage.withUnsafeMutableBufferPointer { rp in
                kernels.stackedQR(n: n, r: rp.baseAddress!, ldr: n, rows: rows, x: x, ldx: ldx ?? rows, tau: tau)
            }
        }

        /// `fold` without keeping the reflectors' scalars.
        mutating func fold(
            _ x: UnsafeMutablePointer<Double>, rows: Int,
            kernels: any DenseLinearAlgebraBackend = DenseKernels.backend
        ) {
            var tau = [Double](repeating: 0, count: columns)
            tau.withUnsafeMutableBufferPointer { fold(x, rows: rows, tau: $0.baseAddress!, kernels: kernels) }
        }

        /// Folds another triangle in (`[R; S]`), returning the reflectors
        /// (`n × n`, the stacked reflectors' lower parts) and their scalars.
        @discardableResult
        package mutating func fold(
            _ other: Triangle, kernels: any DenseLinearAlgebraBackend = DenseKernels.backend
        ) -> (reflectors: [Double], tau: [Double]) {
            var v = other.upper
            var tau = [Double](repeating: 0, count: columns)
            v.withUnsafeMutableBufferPointer { vp in
                tau.withUnsafeMutableBufferPointer { tp in
                    guard let x = vp.baseAddress, let t = tp.baseAddress else { return }
                    fold(x, rows: columns, tau: t, kernels: kernels)
                }
            }
            return (v, tau)
        }
    }
}

/// Per-chain results, each slot written by exactly one worker thread (so the
/// slots are separate memory, not elements of one shared Swift array, whose
/// concurrent mutation would be a data race) and read after all have finished.
final class ChainSlots<Element>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Element>
    let count: Int
    init(_ values: [Element]) {
        count = values.count
        slots = .allocate(capacity: max(count, 1))
        slots.initialize(from: values, count: count)
    }
    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
    subscript(i: Int) -> Element {
        get { slots[i] }
        set { slots[i] = newValue }
    }
    var values: [Element] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
