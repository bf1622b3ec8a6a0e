import Dispatch

/// The weighted least-squares step of IRLS for tall designs, by a streamed
/// Householder QR that never forms the `n × p` matrix `diag(√w)·A`.
///
/// Solves `min_β Σᵢ wᵢ (yᵢ − aᵢβ)²` as `min ‖√W A β − √W y‖₂` with the QR of
/// the augmented matrix `[√W A | √W y]` (`n × (p+1)`), taken by row blocks:
/// each block of about 1 MiB is scaled into a small reused buffer and folded
/// into a running `(p+1) × (p+1)` triangle with the stacked QR kernel
/// (`DenseLinearAlgebraBackend.stackedQR`, the kernel of `TallSkinnyReflectors`).
/// The rows are split into one chain per core; the chains' triangles are then
/// folded together the same way. The result is `[R z; 0 ρ]` with `R` the
/// triangular factor of `√W A`, `z = (Qᵀ√W y)[0..<p]` and `|ρ|` the residual
/// norm — the reflectors are not kept, since `Qᵀb` was carried along as the
/// last column. Finally the pivoted QR of the `p × p` `R` (column norms are
/// invariant under `Q`, so pivot order and rank are those of the pivoted QR of
/// `√W A` itself, as in `HouseholderQR`'s tall path) gives `β` from `z`.
///
/// Accuracy: every step is a Householder reflection, so this is backward
/// stable exactly as `HouseholderQR(√W A).solveLeastSquares(√W y)` (only the
/// order of the reflections differs; results agree to rounding, i.e. the
/// forward error is governed by `cond(√W A)`, not its square as with the
/// normal equations `AᵀWA`).
///
/// Rank deficiency: the numerical rank is decided on `R`'s pivoted QR with the
/// tolerance `max(n, p)·ε` that `HouseholderQR` would use on the full matrix;
/// with `rank < p` the basic solution is returned (the dropped, last pivoted
/// coefficients are 0), as `HouseholderQR.solveLeastSquares` does.
///
/// - Complexity: `2n(p+1)²` flops on all cores, one read of `A` (no `O(n·p)`
///   allocation); memory `O(p²)` per chain plus one ~1 MiB block buffer.
struct StreamedWeightedLeastSquares {
    /// The design whose columns are streamed (column-major `A`, and `y`).
    let design: RegressionDesign
    /// Rows per block; nil = about 1 MiB per block (tests force small blocks).
    var blockRows: Int?
    /// Row chains processed in parallel; nil = one per core for large problems.
    var chains: Int?

    init(design: RegressionDesign, blockRows: Int? = nil, chains: Int? = nil) {
        self.design = design
        self.blockRows = blockRows
        self.chains = chains
    }

    /// Whether the streamed solver is the faster choice: tall (`n ≥ 2(p+1)`)
    /// and large (`n·(p+1) ≥ 65 536`), the threshold of `HouseholderQR`'s tall path.
    static func isWorthwhile(rows n: Int, parameters p: Int) -> Bool {
        n >= 2 * (p + 1) && n * (p + 1) >= 1 << 16
    }

    /// The weighted least-squares solution and the numerical rank of `√W A`.
    ///
    /// - Parameter sqrtWeights: `√wᵢ` per row (finite, ≥ 0), or nil for all 1
    ///   (ordinary least squares).
    /// - Returns: `beta` in the original column order and `rank`; `beta` is all
    ///   NaN if the data produced a NaN (non-finite weights).
    func solve(sqrtWeights: [Double]?) -> (beta: [Double], rank: Int) {
        let n = design.rows, p = design.parameters, q = p + 1
        let r = triangle(sqrtWeights: sqrtWeights)
        // R (p × p, upper) and z = the first p entries of the last column.
        var rp = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            for i in 0...j { rp[i + j * p] = r[i + j * q] }
        }
        let z = (0..<p).map { r[$0 + p * q] }
        let qr = HouseholderQR(Matrix(uncheckedRows: p, columns: p, storage: rp), pivoting: true,
                               rankTolerance: Double(max(n, p)) * .ulpOfOne)
        // The length of z equals R's row count, so this cannot throw.
        let beta = (try? qr.solveLeastSquares(z)) ?? [Double](repeating: .nan, count: p)
        return (beta, qr.rank)
    }

    /// The `(p+1) × (p+1)` upper triangle `[R z; 0 ρ]` of the QR of `[√W A | √W y]`.
    func triangle(sqrtWeights: [Double]?) -> [Double] {
        let n = design.rows, p = design.parameters, q = p + 1
        if let sqrtWeights, sqrtWeights.count != n { return [Double](repeating: .nan, count: q * q) }
        let kernels = DenseKernels.backend
        // ≈ 1 MiB blocks (L2-resident), a multiple of the kernels' 48-row tiles.
        let block = max(blockRows ?? ((131_072 / q + 47) / 48 * 48), 1)
        let wanted = chains ?? (n * q >= 1 << 20 ? ProcessInfoCores.count : 1)
        let chainCount = max(1, min(wanted, n / max(block, q)))
        let rowsPerChain = n / chainCount

        var triangles = [Double](repeating: 0, count: chainCount * q * q)
        design.storage.withUnsafeBufferPointer { ap in
            design.y.withUnsafeBufferPointer { yp in
                let weights = sqrtWeights ?? []
                weights.withUnsafeBufferPointer { wp in
                    triangles.withUnsafeMutableBufferPointer { tp in
                        // n ≥ p + 2 ≥ 1 (RegressionDesign), so the base addresses exist.
                        guard let a0 = ap.baseAddress, let y0 = yp.baseAddress, let t0 = tp.baseAddress else { return }
                        let a = SendablePointer(a0), y = SendablePointer(y0), out = SendableMutablePointer(t0)
                        // (An empty array may still have a base address: test the optional.)
                        let w = sqrtWeights == nil ? nil : wp.baseAddress.map(SendablePointer.init)
                        let work: @Sendable (Int) -> Void = { c in
                            let row0 = c * rowsPerChain, row1 = c == chainCount - 1 ? n : (c + 1) * rowsPerChain
                            let r = out.p + c * q * q   // starts as zero: [0; X₀] is folded like any block
                            var buffer = [Double](repeating: 0, count: min(block, row1 - row0) * q)
                            var tau = [Double](repeating: 0, count: q)
                            buffer.withUnsafeMutableBufferPointer { bp in
                                tau.withUnsafeMutableBufferPointer { taup in
                                    guard let x = bp.baseAddress, let t = taup.baseAddress else { return }
                                    var s0 = row0
                                    while s0 < row1 {
                                        let rows = min(block, row1 - s0)
                                        Self.load(a: a.p, y: y.p, sqrtWeights: w?.p, n: n, p: p, from: s0, rows: rows, into: x)
                                        kernels.stackedQR(n: q, r: r, ldr: q, rows: rows, x: x, ldx: rows, tau: t)
                                        s0 += rows
                                    }
                                }
                            }
                        }
                        if chainCount > 1 {
                            DispatchQueue.concurrentPerform(iterations: chainCount, execute: work)
                        } else {
                            work(0)
                        }
                        // Fold chains 1… into chain 0's triangle, in order (deterministic).
                        var tau = [Double](repeating: 0, count: q)
                        tau.withUnsafeMutableBufferPointer { taup in
                            guard let t = taup.baseAddress else { return }
                            for c in 1..<max(chainCount, 1) {
                                kernels.stackedQR(n: q, r: t0, ldr: q, rows: q, x: t0 + c * q * q, ldx: q, tau: t)
                            }
                        }
                    }
                }
            }
        }
        var r = Array(triangles[0..<(q * q)])
        for j in 0..<q {
            for i in (j + 1)..<q { r[i + j * q] = 0 }
        }
        return r
    }

    /// Copies rows `from..<from+rows` of `[√W A | √W y]` into `x` (`rows × (p+1)`, column-major).
    @inline(__always)
    private static func load(
        a: UnsafePointer<Double>, y: UnsafePointer<Double>, sqrtWeights w: UnsafePointer<Double>?,
        n: Int, p: Int, from s0: Int, rows: Int, into x: UnsafeMutablePointer<Double>
    ) {
        for j in 0...p {
            let src = j < p ? a + j * n + s0 : y + s0
            let dst = x + j * rows
            if let w {
                let ws = w + s0
                for i in 0..<rows { dst[i] = src[i] * ws[i] }
            } else {
                dst.update(from: src, count: rows)
            }
        }
    }
}
