import CLossKitKernels
import Dispatch

/// The orthogonal factor of a tall-skinny Householder QR computed by row blocks
/// (a flat-tree TSQR), the fast path of `HouseholderQR` when `m ≫ n`.
///
/// The rows are split into `chains` (one per core). Each chain factors its
/// first block of at least `n` rows densely, then folds in the following row
/// blocks one at a time by the QR of the stack `[R; X_block]`, whose
/// reflectors touch one row of `R` and the block only. A block is sized to
/// stay in the L2 cache, so A is read from memory about once instead of once
/// per column. The chains' triangular factors are then folded into chain 0's
/// the same way. Every step is a product of Householder reflectors, so the
/// result is an ordinary orthogonal `Q` (m × m), stored implicitly: the block
/// reflectors overwrite A's storage in place, the combining ones are kept aside.
///
/// Rounding behaviour is that of Householder QR (backward stable); only the
/// order of the reflections differs from the column-by-column algorithm.
internal struct TallSkinnyReflectors: Sendable {
    /// Reflectors folding in `rows` rows starting at `row0` (stored in place).
    struct Block: Sendable {
        var row0: Int
        var rows: Int
        var tau: [Double]
    }

    /// A contiguous range of rows factored on one thread.
    struct Chain: Sendable {
        /// First row of the chain; its triangular factor lives in rows `row0..<row0+n`.
        var row0: Int
        /// Rows of the dense first block (≥ n).
        var firstRows: Int
        var firstTau: [Double]
        var blocks: [Block]
    }

    /// Folds chain `chain`'s triangular factor into chain 0's: reflectors in `v` (n × n).
    struct Combine: Sendable {
        var chain: Int
        var v: [Double]
        var tau: [Double]
    }

    let m: Int
    let n: Int
    /// A's column-major storage, overwritten with the block reflectors.
    let storage: [Double]
    let chains: [Chain]
    let combines: [Combine]

    /// Factors the `m × n` column-major `a` (m ≥ n ≥ 1). Returns the reflectors and `R` (`n × n`, upper).
    static func factor(
        _ a: [Double], m: Int, n: Int, blockRows: Int? = nil, chainCount: Int? = nil,
        isa: Int32 = Int32(LOSSKIT_ISA_BEST)
    ) -> (TallSkinnyReflectors, r: [Double]) {
        var storage = a
        // A block of ≈ 1 MiB stays in a 2 MiB L2 with the triangular factor next to it.
        let block = max(blockRows ?? (131_072 / max(n, 1)), 8)
        let firstRows = max(n, block)
        let cores = ProcessInfoCores.count
        let chainsWanted = chainCount ?? (m * n >= 1 << 20 ? cores : 1)
        let chainCount = max(1, min(chainsWanted, m / max(firstRows + block, 1)))
        let rowsPerChain = m / chainCount
        var chains = (0..<chainCount).map { c in
            Chain(row0: c * rowsPerChain, firstRows: 0, firstTau: [], blocks: [])
        }
        let chainEnds = (0..<chainCount).map { $0 == chainCount - 1 ? m : ($0 + 1) * rowsPerChain }

        storage.withUnsafeMutableBufferPointer { sp in
            let base = SendableMutablePointer(sp.baseAddress!)
            let results = ChainResults(count: chainCount)
            let work: @Sendable (Int) -> Void = { c in
                let row0 = c * rowsPerChain, row1 = chainEnds[c]
                let first = min(max(n, block), row1 - row0)
                var firstTau = [Double](repeating: 0, count: n)
                firstTau.withUnsafeMutableBufferPointer { losskit_qr_dense(isa, first, n, base.p + row0, m, $0.baseAddress!) }
                var blocks: [Block] = []
                var s0 = row0 + first
                while s0 < row1 {
                    let rows = min(block, row1 - s0)
                    var tau = [Double](repeating: 0, count: n)
                    tau.withUnsafeMutableBufferPointer {
                        losskit_qr_stacked(isa, n, base.p + row0, m, rows, base.p + s0, m, $0.baseAddress!)
                    }
                    blocks.append(Block(row0: s0, rows: rows, tau: tau))
                    s0 += rows
                }
                results.set(c, Chain(row0: row0, firstRows: first, firstTau: firstTau, blocks: blocks))
            }
            if chainCount > 1 {
                DispatchQueue.concurrentPerform(iterations: chainCount, execute: work)
            } else {
                work(0)
            }
            chains = results.values
        }

        var combines: [Combine] = []
        storage.withUnsafeMutableBufferPointer { sp in
            let a = sp.baseAddress!
            for c in 1..<max(chainCount, 1) {
                let row0 = chains[c].row0
                var v = [Double](repeating: 0, count: n * n)
                for j in 0..<n {
                    for i in 0...j { v[i + j * n] = a[row0 + i + j * m] }
                }
                var tau = [Double](repeating: 0, count: n)
                v.withUnsafeMutableBufferPointer { vp in
                    tau.withUnsafeMutableBufferPointer { losskit_qr_stacked(isa, n, a, m, n, vp.baseAddress!, n, $0.baseAddress!) }
                }
                combines.append(Combine(chain: c, v: v, tau: tau))
            }
        }
        var r = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in 0...j { r[i + j * n] = storage[i + j * m] }
        }
        return (TallSkinnyReflectors(m: m, n: n, storage: storage, chains: chains, combines: combines), r)
    }

    /// `x ← Qᵀx` (length m). Afterwards `x[0..<n]` are the coordinates in the
    /// basis of `R`'s rows; the other entries carry the residual.
    func applyQTranspose(_ x: UnsafeMutablePointer<Double>) {
        storage.withUnsafeBufferPointer { sp in
            let a = sp.baseAddress!
            for chain in chains {
                let top = x + chain.row0
                for j in 0..<min(chain.firstRows, n) {
                    HouseholderReflectors.applyReflector(
                        a + chain.row0 + j + j * m, chain.firstTau[j], chain.firstRows - j, to: top + j)
                }
                for block in chain.blocks {
                    for j in 0..<n {
                        Self.applyStacked(a + block.row0 + j * m, block.tau[j], block.rows, top + j, x + block.row0)
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
            let a = sp.baseAddress!
            for chain in chains {
                let top = x + chain.row0
                for block in chain.blocks.reversed() {
                    for j in stride(from: n - 1, through: 0, by: -1) {
                        Self.applyStacked(a + block.row0 + j * m, block.tau[j], block.rows, top + j, x + block.row0)
                    }
                }
                for j in stride(from: min(chain.firstRows, n) - 1, through: 0, by: -1) {
                    HouseholderReflectors.applyReflector(
                        a + chain.row0 + j + j * m, chain.firstTau[j], chain.firstRows - j, to: top + j)
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

/// Per-chain results, each slot written by exactly one worker thread.
private final class ChainResults: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<TallSkinnyReflectors.Chain>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: .init(row0: 0, firstRows: 0, firstTau: [], blocks: []), count: count)
    }
    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
    func set(_ i: Int, _ chain: TallSkinnyReflectors.Chain) { slots[i] = chain }
    var values: [TallSkinnyReflectors.Chain] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
