import LossKitData
import LossKitNumerics

/// The weighted least-squares step of IRLS for tall designs, by a streamed
/// Householder QR that never forms the `n × p` matrix `diag(√w)·A`.
///
/// Solves `min_β Σᵢ wᵢ (yᵢ − aᵢβ)²` as `min ‖√W A β − √W y‖₂` with the QR of
/// the augmented matrix `[√W A | √W y]` (`n × (p+1)`), taken by row blocks
/// with the tall-skinny engine `TallSkinnyQR` (the one behind `HouseholderQR`'s
/// tall path and `StreamingLeastSquares`): each block of about 1 MiB is scaled
/// into a small reused buffer and folded into a running `(p+1) × (p+1)`
/// triangle; the rows are split into one chain per core, whose triangles are
/// then folded together the same way. The result is `[R z; 0 ρ]` with `R` the
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

    /// The `(p+1) × (p+1)` upper triangle `[R z; 0 ρ]` of the QR of `[√W A | √W y]`,
    /// by the tall-skinny engine (`TallSkinnyQR.triangle`): each block is
    /// scaled into the chain's reused buffer and folded in.
    func triangle(sqrtWeights: [Double]?) -> [Double] {
        let n = design.rows, p = design.parameters, q = p + 1
        if let sqrtWeights, sqrtWeights.count != n { return [Double](repeating: .nan, count: q * q) }
        let plan = TallSkinnyQR(rows: n, columns: q, blockRows: blockRows, chains: chains)
        return design.storage.withUnsafeBufferPointer { ap in
            design.y.withUnsafeBufferPointer { yp in
                (sqrtWeights ?? []).withUnsafeBufferPointer { wp in
                    // n ≥ p + 2 ≥ 1 (RegressionDesign), so the base addresses exist.
                    guard let a0 = ap.baseAddress, let y0 = yp.baseAddress else {
                        return [Double](repeating: .nan, count: q * q)
                    }
                    let a = SendablePointer(a0), y = SendablePointer(y0)
                    // (An empty array may still have a base address: test the optional.)
                    let w = sqrtWeights == nil ? nil : wp.baseAddress.map(SendablePointer.init)
                    return plan.triangle { rows, x in
                        Self.load(a: a.p, y: y.p, sqrtWeights: w?.p, n: n, p: p, from: rows.lowerBound, rows: rows.count, into: x)
                    }
                }
            }
        }
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
