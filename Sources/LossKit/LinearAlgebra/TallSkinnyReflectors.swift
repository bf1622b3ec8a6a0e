import Dispatch

/// The orthogonal factor of a tall-skinny Householder QR computed by row blocks
/// (a flat-tree TSQR), the fast path of `HouseholderQR` when `m ≫ n`.
///
/// The rows are split into `chains` (one per core). Each chain factors its
/// first block of at least `n` rows densely, then folds in the following row
/// blocks one at a time by the QR of the stack `[R; X_block]`, whose
/// reflectors touch one row of `R` and the block only. A block (about 1 MiB
/// for narrow matrices, larger for wide ones) is copied into a contiguous
/// buffer first, so A is read from memory about once (instead of once per
/// column) and the kernels never stride across pages. The chains' triangular factors are then folded
/// into chain 0's the same way. Every step is a product of Householder
/// reflectors, so the result is an ordinary orthogonal `Q` (m × m), stored
/// implicitly as the blocks' reflectors (`storage`, block after block) and the
/// combining reflectors.
///
/// Rounding behaviour is that of Householder QR (backward stable); only the
/// order of the reflections differs from the column-by-column algorithm.
internal struct TallSkinnyReflectors: Sendable {
    /// Reflectors of rows `row0..<row0+rows`, stored contiguously at `offset`
    /// in `storage` (`rows × n`, leading dimension `rows`). For a chain's first
    /// block they are ordinary Householder vectors below the diagonal; for the
    /// others, column j is the block part of the stacked reflector j.
    struct Block: Sendable {
        var row0: Int
        var rows: Int
        var offset: Int
        var tau: [Double]
    }

    /// A contiguous range of rows factored on one thread.
    struct Chain: Sendable {
        /// First row of the chain; its triangular factor acts on rows `row0..<row0+n`.
        var row0: Int
        var first: Block
        var blocks: [Block]
        /// The chain's triangular factor before combining (`n × n`, column-major).
        var r: [Double]
    }

    /// Folds chain `chain`'s triangular factor into chain 0's: reflectors in `v` (n × n).
    struct Combine: Sendable {
        var chain: Int
        var v: [Double]
        var tau: [Double]
    }

    let m: Int
    let n: Int
    /// The blocks' reflectors, block after block.
    let storage: [Double]
    let chains: [Chain]
    let combines: [Combine]

    /// Factors the `m × n` column-major `a` (m ≥ n ≥ 1). Returns the reflectors and `R` (`n × n`, upper).
    static func factor(
        _ a: [Double], m: Int, n: Int, blockRows: Int? = nil, chainCount: Int? = nil,
        kernels: any DenseLinearAlgebraBackend = DenseKernels.backend
    ) -> (TallSkinnyReflectors, r: [Double]) {
        // Rows per block: ≈ 1 MiB (an L2-resident block) for narrow matrices; for
        // wide ones more rows (up to 8 MiB, or 4n), which amortize the per-panel
        // costs of the block reflectors better than cache residency pays off
        // (measured at n = 1000: 6.9 → 5.9 CPU-s). Multiples of the 24/48 tiles.
        let rowsL2 = 131_072 / max(n, 1), rowsWide = min(4 * n, 1_048_576 / max(n, 1))
        let block = max(blockRows ?? ((max(rowsL2, rowsWide) + 47) / 48 * 48), 8)
        let firstRows = max(n, block)
        let chainsWanted = chainCount ?? (m * n >= 1 << 20 ? ProcessInfoCores.count : 1)
        let chainCount = max(1, min(chainsWanted, m / max(firstRows + block, 1)))
        let rowsPerChain = m / chainCount

        // Lay out the blocks: chain by chain, first block then the others.
        var chains: [Chain] = []
        var offset = 0
        for c in 0..<chainCount {
            let row0 = c * rowsPerChain, row1 = c == chainCount - 1 ? m : (c + 1) * rowsPerChain
            let first = min(firstRows, row1 - row0)
            let firstBlock = Block(row0: row0, rows: first, offset: offset, tau: [])
            offset += first * n
            var blocks: [Block] = []
            var s0 = row0 + first
            while s0 < row1 {
                let rows = min(block, row1 - s0)
                blocks.append(Block(row0: s0, rows: rows, offset: offset, tau: []))
                offset += rows * n
                s0 += rows
            }
            chains.append(Chain(row0: row0, first: firstBlock, blocks: blocks, r: []))
        }

        let results = ChainResults(chains)
        // Every slot of the storage is written by exactly one block copy, so it
        // is not zero-filled first (that would be one more pass over m·n values).
        let storage = [Double](unsafeUninitializedCapacity: m * n) { sp, initialized in
            a.withUnsafeBufferPointer { ap in
                let source = SendablePointer(ap.baseAddress!), base = SendableMutablePointer(sp.baseAddress!)
                let work: @Sendable (Int) -> Void = { c in
                    var chain = results[c]
                    // Copy a block's rows into its contiguous slot.
                    func load(_ b: Block) -> UnsafeMutablePointer<Double> {
                        let dst = base.p + b.offset
                        for j in 0..<n {
                            (dst + j * b.rows).initialize(from: source.p + b.row0 + j * m, count: b.rows)
                        }
                        return dst
                    }
                    let f = load(chain.first)
                    chain.first.tau = [Double](repeating: 0, count: n)
                    chain.first.tau.withUnsafeMutableBufferPointer {
                        kernels.householderQR(m: chain.first.rows, n: n, a: f, lda: chain.first.rows, tau: $0.baseAddress!)
                    }
                    var r = [Double](repeating: 0, count: n * n)
                    for j in 0..<n {
                        for i in 0...j { r[i + j * n] = f[i + j * chain.first.rows] }
                    }
                    r.withUnsafeMutableBufferPointer { rp in
                        for k in chain.blocks.indices {
                            let x = load(chain.blocks[k])
                            var tau = [Double](repeating: 0, count: n)
                            tau.withUnsafeMutableBufferPointer {
                                kernels.stackedQR(n: n, r: rp.baseAddress!, ldr: n, rows: chain.blocks[k].rows,
                                                  x: x, ldx: chain.blocks[k].rows, tau: $0.baseAddress!)
                            }
                            chain.blocks[k].tau = tau
                        }
                    }
                    chain.r = r
                    results[c] = chain
                }
                if chainCount > 1 {
                    DispatchQueue.concurrentPerform(iterations: chainCount, execute: work)
                } else {
                    work(0)
                }
            }
            initialized = m * n
        }
        chains = results.values

        var r = chains[0].r
        var combines: [Combine] = []
        r.withUnsafeMutableBufferPointer { rp in
            for c in 1..<max(chainCount, 1) {
                var v = chains[c].r
                var tau = [Double](repeating: 0, count: n)
                v.withUnsafeMutableBufferPointer { vp in
                    tau.withUnsafeMutableBufferPointer {
                        kernels.stackedQR(n: n, r: rp.baseAddress!, ldr: n, rows: n, x: vp.baseAddress!, ldx: n, tau: $0.baseAddress!)
                    }
                }
                combines.append(Combine(chain: c, v: v, tau: tau))
            }
        }
        for j in 0..<n {
            for i in (j + 1)..<max(n, j + 1) { r[i + j * n] = 0 }
        }
        for c in chains.indices { chains[c].r = [] }
        return (TallSkinnyReflectors(m: m, n: n, storage: storage, chains: chains, combines: combines), r)
    }

    /// `x ← Qᵀx` (length m). Afterwards `x[0..<n]` are the coordinates in the
    /// basis of `R`'s rows; the other entries carry the residual.
    func applyQTranspose(_ x: UnsafeMutablePointer<Double>) {
        storage.withUnsafeBufferPointer { sp in
            let s = sp.baseAddress!
            for chain in chains {
                let top = x + chain.row0
                let first = chain.first, ld = first.rows
                for j in 0..<min(first.rows, n) {
                    HouseholderReflectors.applyReflector(s + first.offset + j + j * ld, first.tau[j], first.rows - j, to: top + j)
                }
                for block in chain.blocks {
                    for j in 0..<n {
                        Self.applyStacked(s + block.offset + j * block.rows, block.tau[j], block.rows, top + j, x + block.row0)
                    }
                }
            }
        }
        for combine in combines {
            combine.v.withUnsafeBufferPointer { vp in
                for j in 0..<n {
                    Self.applyStacked(vp.baseAddress! + j * n, combine.tau[j], n, x + j, x + chains[combine.chain].row0)
                }
            }
        }
    }

    /// `x ← Qx` (length m): the reflectors of `applyQTranspose` in reverse order.
    func applyQ(_ x: UnsafeMutablePointer<Double>) {
        for combine in combines.reversed() {
            combine.v.withUnsafeBufferPointer { vp in
                for j in stride(from: n - 1, through: 0, by: -1) {
                    Self.applyStacked(vp.baseAddress! + j * n, combine.tau[j], n, x + j, x + chains[combine.chain].row0)
                }
            }
        }
        storage.withUnsafeBufferPointer { sp in
            let s = sp.baseAddress!
            for chain in chains {
                let top = x + chain.row0
                for block in chain.blocks.reversed() {
                    for j in stride(from: n - 1, through: 0, by: -1) {
                        Self.applyStacked(s + block.offset + j * block.rows, block.tau[j], block.rows, top + j, x + block.row0)
                    }
                }
                let first = chain.first, ld = first.rows
                for j in stride(from: min(first.rows, n) - 1, through: 0, by: -1) {
                    HouseholderReflectors.applyReflector(s + first.offset + j + j * ld, first.tau[j], first.rows - j, to: top + j)
                }
            }
        }
    }

    /// The stacked reflector `I − τ[1; v][1; v]ᵀ` on the pair (`top`, `x[0..<len]`).
    @inline(__always)
    static func applyStacked(_ v: UnsafePointer<Double>, _ tau: Double, _ len: Int,
                             _ top: UnsafeMutablePointer<Double>, _ x: UnsafeMutablePointer<Double>) {
        if tau == 0 { return }
        let w = tau * (top.pointee + Matrix.dot(v, UnsafePointer(x), len))
        top.pointee -= w
        Matrix.axpy(-w, v, x, len)
    }
}

/// Per-chain results, each slot read and written by exactly one worker thread.
private final class ChainResults: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<TallSkinnyReflectors.Chain>
    private let count: Int
    init(_ chains: [TallSkinnyReflectors.Chain]) {
        count = chains.count
        slots = .allocate(capacity: count)
        slots.initialize(from: chains, count: count)
    }
    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
    subscript(i: Int) -> TallSkinnyReflectors.Chain {
        get { slots[i] }
        set { slots[i] = newValue }
    }
    var values: [TallSkinnyReflectors.Chain] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
