import Dispatch

/// The orthogonal factor of a tall-skinny Householder QR computed by row blocks
/// (a flat-tree TSQR), the fast path of `HouseholderQR` when `m ≫ n`.
///
/// The blocks, chains and folds are those of `TallSkinnyQR`, the one
/// tall-skinny engine; this type additionally keeps every reflector. Each
/// chain factors its first block of at least `n` rows densely (so its
/// triangle lives on real rows of A), then folds in the following row blocks
/// with `TallSkinnyQR.Triangle.fold`; the chains' triangular factors are
/// then folded into chain 0's the same way. Every step is a product of Householder
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

    /// Factors the `m × n` column-major `a` (m ≥ n ≥ 1) with the blocks and
    /// chains of `TallSkinnyQR` (`blockRows`, `chainCount`: nil = automatic).
    /// Returns the reflectors and `R` (`n × n`, upper).
    static func factor(
        _ a: [Double], m: Int, n: Int, blockRows: Int? = nil, chainCount: Int? = nil,
        kernels: any DenseLinearAlgebraBackend = DenseKernels.backend
    ) -> (TallSkinnyReflectors, r: [Double]) {
        let plan = TallSkinnyQR(rows: m, columns: n, blockRows: blockRows, chains: chainCount)

        // Lay out the blocks: chain by chain, first block then the others.
        var chains: [Chain] = []
        var offset = 0
        for c in plan.chains.indices {
            var blocks = plan.blocks(ofChain: c).map { range -> Block in
                defer { offset += range.count * n }
                return Block(row0: range.lowerBound, rows: range.count, offset: offset, tau: [])
            }
            let first = blocks.removeFirst()
            chains.append(Chain(row0: plan.chains[c].lowerBound, first: first, blocks: blocks, r: []))
        }

        let results = ChainSlots(chains)
        // Every slot of the storage is written by exactly one block copy, so it
        // is not zero-filled first (that would be one more pass over m·n values).
        let storage = [Double](unsafeUninitializedCapacity: m * n) { sp, initialized in
            a.withUnsafeBufferPointer { ap in
                let source = SendablePointer(ap.baseAddress!), base = SendableMutablePointer(sp.baseAddress!)
                plan.forEachChain { c in
                    var chain = results[c]
                    // Copy a block's rows into its contiguous slot.
                    func load(_ b: Block) -> UnsafeMutablePointer<Double> {
                        let dst = base.p + b.offset
                        for j in 0..<n {
                            (dst + j * b.rows).initialize(from: source.p + b.row0 + j * m, count: b.rows)
                        }
                        return dst
                    }
                    // The first block (≥ n rows) is factored densely, so that its
                    // triangle occupies real rows and Q stays an m × m orthogonal.
                    let f = load(chain.first)
                    chain.first.tau = [Double](repeating: 0, count: n)
                    chain.first.tau.withUnsafeMutableBufferPointer {
                        kernels.householderQR(m: chain.first.rows, n: n, a: f, lda: chain.first.rows, tau: $0.baseAddress!)
                    }
                    var r = [Double](repeating: 0, count: n * n)
                    for j in 0..<n {
                        for i in 0...min(j, chain.first.rows - 1) { r[i + j * n] = f[i + j * chain.first.rows] }
                    }
                    var triangle = TallSkinnyQR.Triangle(columns: n, upper: r)
                    for k in chain.blocks.indices {
                        let x = load(chain.blocks[k])
                        var tau = [Double](repeating: 0, count: n)
                        tau.withUnsafeMutableBufferPointer {
                            triangle.fold(x, rows: chain.blocks[k].rows, tau: $0.baseAddress!, kernels: kernels)
                        }
                        chain.blocks[k].tau = tau
                    }
                    chain.r = triangle.upper
                    results[c] = chain
                }
            }
            initialized = m * n
        }
        chains = results.values

        var triangle = TallSkinnyQR.Triangle(columns: n, upper: chains[0].r)
        var combines: [Combine] = []
        for c in chains.indices.dropFirst() {
            let (v, tau) = triangle.fold(TallSkinnyQR.Triangle(columns: n, upper: chains[c].r), kernels: kernels)
            combines.append(Combine(chain: c, v: v, tau: tau))
        }
        for c in chains.indices { chains[c].r = [] }
        return (TallSkinnyReflectors(m: m, n: n, storage: storage, chains: chains, combines: combines), triangle.upper)
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
