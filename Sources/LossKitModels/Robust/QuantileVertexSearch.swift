import Dispatch
import LossKitData
import LossKitNumerics

/// The exact L1/quantile regression solution by descending along the edges of
/// the LP's feasible polytope (a simplex method in the style of
/// Barrodale & Roberts, 1973), started from a near-optimal IRLS fit.
///
/// A vertex is a fit `β` through `p` rows (the basis `B`, `A_B β = y_B`).
/// It is optimal iff the dual `u` solving `A_Bᵀ u = −g`,
/// `g = Σ_{i∉B} ψ_τ(rᵢ) aᵢ` (`ψ_τ = τ` above, `τ − 1` below the fit), has
/// every `uⱼ ∈ [τ − 1, τ]`. Otherwise basic row `j` with the largest violation
/// leaves: `β` moves along `d` with `A_B d = −σ eⱼ` (row `j`'s residual leaves
/// 0 on the side `σ` that lowers the objective), and the line search stops at
/// the breakpoint where the convex piecewise-linear objective's slope turns
/// non-negative; that row enters the basis.
struct QuantileVertexSearch {
    let design: RegressionDesign
    let tau: Double
    /// Dual-feasibility tolerance of the certificate (the uⱼ are O(1)).
    static let dualTolerance = 1e-9

    struct Vertex {
        var beta: [Double]
        var certified: Bool
        var pivots: Int
    }

    /// Returns nil when no `p` linearly independent rows can be found among
    /// the rows (then the IRLS fit stands).
    /// `maxPivots` nil means `50 + 4n`. `onPivot` is called after each
    /// pivot with the number made so far in this call.
    ///
    /// Each pivot makes two passes over `A` (residuals, the rounding-level
    /// test and `g`; then `A·d` and the breakpoints), column by column on
    /// contiguous row ranges that run in parallel (`RowChunks`): O(n·p) per
    /// pivot, plus O(p³) for the basis solves and expected O(n) for the line search.
    func refine(
        start: [Double], residuals: [Double], maxPivots pivotLimit: Int? = nil, onPivot: ((Int) -> Void)? = nil
    ) throws -> Vertex? {
        let n = design.rows, p = design.parameters
        let order = Self.smallestFirst(residuals, atLeast: 4 * p)
        guard var basis = independentRows(order, count: p)
            ?? (order.count < n ? independentRows(Self.smallestFirst(residuals, atLeast: n), count: p) : nil)
        else { return nil }
        let maxPivots = pivotLimit ?? 50 + 4 * n
        var pivots = 0
        var beta = start
        let chunks = RowChunks(rows: n)
        // Per-row work arrays, reused by every pivot.
        var r = [Double](repeating: 0, count: n)
        var work = [Double](repeating: 0, count: n)     // |yᵢ| + Σ|aᵢₖβₖ|, then aᵢ·d
        var psi = [Double](repeating: 0, count: n)
        var inBasis = [Bool](repeating: false, count: n)
        var partialG = [Double](repeating: 0, count: chunks.count * p)
        var breakSlots = [Breakpoint](repeating: Breakpoint(t: 0, weight: 0, row: 0), count: n)
        var breakCounts = [Int](repeating: 0, count: chunks.count)
        var breaks: [Breakpoint] = []
        breaks.reserveCapacity(n)

        while true {
            let aB = Matrix(uncheckedRows: p, columns: p, storage: columnMajor(basis.map { design.row($0) }, p: p))
            let qrB = HouseholderQR(aB)
            guard qrB.rank == p else { return Vertex(beta: beta, certified: false, pivots: pivots) }
            beta = try qrB.solveLeastSquares(basis.map { design.y[$0] })
            for i in inBasis.indices where inBasis[i] { inBasis[i] = false }
            for i in basis { inBasis[i] = true }
            // Residuals rᵢ = yᵢ − aᵢβ (0 on the basis); residuals at rounding
            // level (rows on the fit up to a few ulps, `isRoundingLevel`) are
            // ties: counted as zero. Then g = Σ_{i∉B} ψ_τ(rᵢ) aᵢ by chunks.
            residualPass(beta: beta, chunks: chunks, r: &r, work: &work, psi: &psi, inBasis: inBasis, partialG: &partialG)
            var g = [Double](repeating: 0, count: p)
            for c in 0..<chunks.count {
                for k in 0..<p { g[k] += partialG[c * p + k] }
            }

            // Dual: A_Bᵀ u = −g.
            let qrT = HouseholderQR(aB.transposed)
            let u = try qrT.solveLeastSquares(g.map { -$0 })
            // A zero residual off the basis may take any ψ in [τ−1, τ]; it is
            // given ψ = 0 (in the interval), so a passing check is a valid
            // certificate (a failing one may be conservative under ties).
            var worst = -1
            var worstViolation = Self.dualTolerance
            for j in 0..<p {
                let violation = max(u[j] - tau, (tau - 1) - u[j])
                if violation > worstViolation { worstViolation = violation; worst = j }
            }
            if worst < 0 { return Vertex(beta: beta, certified: true, pivots: pivots) }
            // Degenerate vertex (more than p zero residuals): those rows may
            // share the dual work, so look for a certificate over all of them.
            let zero = (0..<n).filter { inBasis[$0] || r[$0] == 0 }
            if zero.count > p, degenerateCertificate(zero: zero, g: g, start: u, basis: basis) {
                return Vertex(beta: beta, certified: true, pivots: pivots)
            }
            if pivots >= maxPivots { return Vertex(beta: beta, certified: false, pivots: pivots) }

            // Edge direction: row `worst` leaves zero on side σ.
            let sigma: Double = u[worst] > tau ? 1 : -1
            var e = [Double](repeating: 0, count: p)
            e[worst] = -sigma
            let d = try qrB.solveLeastSquares(e)
            // Slope of f(β + t d) just after t = 0, assuming the ψ used for u
            // (0 for zero residuals off the basis; then −σuⱼ + c_σ < 0), and
            // its breakpoints: where a residual crosses 0 the slope rises by
            // |aᵢ·d|. A zero residual off the basis breaks at t = 0 by the
            // gap between its true one-sided slope and the assumed ψ = 0;
            // if the slope turns non-negative there, the pivot is degenerate
            // (β stays, the basis changes).
            let slope = sigma > 0 ? tau - u[worst] : u[worst] + 1 - tau
            breakpointPass(direction: d, chunks: chunks, r: r, work: &work, inBasis: inBasis,
                           slots: &breakSlots, counts: &breakCounts)
            breaks.removeAll(keepingCapacity: true)
            for c in 0..<chunks.count {
                let lo = chunks.range(c).lowerBound
                breaks.append(contentsOf: breakSlots[lo..<(lo + breakCounts[c])])
            }
            guard slope < 0 else { return Vertex(beta: beta, certified: false, pivots: pivots) }
            guard let entering = Self.firstCrossing(&breaks, need: -slope) else {
                return Vertex(beta: beta, certified: false, pivots: pivots)
            }
            basis[worst] = entering
            pivots += 1
            onPivot?(pivots)
        }
    }

    /// Contiguous row ranges processed in parallel. A chunk's slice of `A`
    /// (4096 rows, 32 KiB per column) stays in cache between the two sweeps
    /// of `residualPass`, so `A` is read from memory twice per pivot, not three
    /// times. The split depends on the row count only (not on the core
    /// count), so the rounding of the per-chunk sums — and hence every pivot
    /// decision — is the same on every machine.
    struct RowChunks: Sendable {
        static let rowsPerChunk = 4096
        let rows: Int
        let count: Int
        init(rows: Int) {
            self.rows = rows
            count = max(1, (rows + Self.rowsPerChunk - 1) / Self.rowsPerChunk)
        }
        func range(_ c: Int) -> Range<Int> {
            min(rows, c * Self.rowsPerChunk)..<min(rows, (c + 1) * Self.rowsPerChunk)
        }
        /// Runs `body` for every chunk, on all cores when there are several.
        func forEach(_ body: @Sendable (Int, Range<Int>) -> Void) {
            if count == 1 { body(0, range(0)); return }
            DispatchQueue.concurrentPerform(iterations: count) { body($0, range($0)) }
        }
    }

    /// `r = y − Aβ` (0 on the basis and at rounding level), `ψ_τ(rᵢ)` (0 for
    /// zero residuals) and per chunk `Σ ψᵢ aᵢ`. Per row, `rᵢ` is accumulated
    /// over the columns in order exactly as `RegressionDesign.residuals`, and
    /// the rounding-level test is `RegressionDesign.isRoundingLevel`.
    private func residualPass(beta: [Double], chunks: RowChunks, r: inout [Double], work: inout [Double],
                              psi: inout [Double], inBasis: [Bool], partialG: inout [Double]) {
        let n = design.rows, p = design.parameters, tau = self.tau
        design.storage.withUnsafeBufferPointer { ap in
            design.y.withUnsafeBufferPointer { yp in
                inBasis.withUnsafeBufferPointer { bp in
                    r.withUnsafeMutableBufferPointer { rp in
                        work.withUnsafeMutableBufferPointer { sp in
                            psi.withUnsafeMutableBufferPointer { pp in
                                partialG.withUnsafeMutableBufferPointer { gp in
                                    guard let a0 = ap.baseAddress, let y0 = yp.baseAddress, let b0 = bp.baseAddress,
                                          let r0 = rp.baseAddress, let s0 = sp.baseAddress, let p0 = pp.baseAddress,
                                          let g0 = gp.baseAddress else { return }
                                    let a = SendablePointer(a0), y = SendablePointer(y0), inB = UncheckedSendable(b0)
                                    let rr = SendableMutablePointer(r0), size = SendableMutablePointer(s0)
                                    let ps = SendableMutablePointer(p0), gs = SendableMutablePointer(g0)
                                    chunks.forEach { c, range in
                                        let lo = range.lowerBound, len = range.count
                                        let r = rr.p + lo, s = size.p + lo, psi = ps.p + lo
                                        for i in 0..<len { r[i] = y.p[lo + i]; s[i] = abs(y.p[lo + i]) }
                                        for k in 0..<p {
                                            let b = beta[k]
                                            if b == 0 { continue }   // adds 0 to size, skipped by residuals()
                                            let col = a.p + k * n + lo
                                            for i in 0..<len {
                                                let t = col[i] * b
                                                r[i] -= t
                                                s[i] += abs(t)
                                            }
                                        }
                                        for i in 0..<len {
                                            if inB.p[lo + i] || abs(r[i]) <= 8 * .ulpOfOne * s[i] { r[i] = 0 }
                                            psi[i] = r[i] > 0 ? tau : r[i] < 0 ? tau - 1 : 0
                                        }
                                        for k in 0..<p {
                                            gs.p[c * p + k] = Matrix.dot(a.p + k * n + lo, UnsafePointer(psi), len)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The line search's breakpoints along `d`, per chunk in row order into
    /// `slots[range]` (`counts[c]` of them): `work = A·d` column by column,
    /// then for each row off the basis with `aᵢ·d ≠ 0` the crossing `t = rᵢ/(aᵢ·d) > 0`
    /// with weight `|aᵢ·d|`, or for a zero residual the one-sided gap at `t = 0`.
    private func breakpointPass(direction d: [Double], chunks: RowChunks, r: [Double], work: inout [Double],
                                inBasis: [Bool], slots: inout [Breakpoint], counts: inout [Int]) {
        let n = design.rows, p = design.parameters, tau = self.tau
        design.storage.withUnsafeBufferPointer { ap in
            r.withUnsafeBufferPointer { rp in
                inBasis.withUnsafeBufferPointer { bp in
                    work.withUnsafeMutableBufferPointer { wp in
                        slots.withUnsafeMutableBufferPointer { sp in
                            counts.withUnsafeMutableBufferPointer { cp in
                                guard let a0 = ap.baseAddress, let r0 = rp.baseAddress, let b0 = bp.baseAddress,
                                      let w0 = wp.baseAddress, let s0 = sp.baseAddress, let c0 = cp.baseAddress else { return }
                                let a = SendablePointer(a0), res = SendablePointer(r0), inB = UncheckedSendable(b0)
                                let adp = SendableMutablePointer(w0), out = UncheckedSendable(s0), cnt = UncheckedSendable(c0)
                                chunks.forEach { c, range in
                                    let lo = range.lowerBound, len = range.count
                                    let ad = adp.p + lo, r = res.p + lo
                                    for i in 0..<len { ad[i] = 0 }
                                    for k in 0..<p {
                                        let dk = d[k], col = a.p + k * n + lo
                                        for i in 0..<len { ad[i] += col[i] * dk }
                                    }
                                    var m = 0
                                    let slot = out.p + lo
                                    for i in 0..<len where !inB.p[lo + i] {
                                        let adi = ad[i]
                                        if adi == 0 { continue }
                                        if r[i] == 0 {
                                            let dr = -adi
                                            slot[m] = Breakpoint(t: 0, weight: dr > 0 ? tau * dr : (tau - 1) * dr, row: lo + i)
                                            m += 1
                                        } else {
                                            let t = r[i] / adi
                                            if t > 0 { slot[m] = Breakpoint(t: t, weight: abs(adi), row: lo + i); m += 1 }
                                        }
                                    }
                                    cnt.p[c] = m
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Row indices in increasing order of `|residualᵢ|` (ties by index, as a
    /// stable sort): at least the `count` smallest (all rows when `count ≥ n`),
    /// a prefix of the fully sorted order. Expected O(n) plus the sort of the prefix.
    static func smallestFirst(_ residuals: [Double], atLeast count: Int) -> [Int] {
        let n = residuals.count
        guard count < n else {
            return residuals.indices.sorted(by: byMagnitude(residuals))
        }
        var magnitudes = residuals.map { abs($0) }
        // The count-th smallest |r| (selection reorders the copy only).
        WeightedMedian.select(&magnitudes, count - 1)
        let threshold = magnitudes[count - 1]
        return residuals.indices.filter { abs(residuals[$0]) <= threshold }.sorted(by: byMagnitude(residuals))
    }

    /// Orders row indices by `|rᵢ|`, ties by index.
    private static func byMagnitude(_ r: [Double]) -> (Int, Int) -> Bool {
        { i, j in abs(r[i]) != abs(r[j]) ? abs(r[i]) < abs(r[j]) : i < j }
    }

    /// A point where a residual crosses 0 along the edge, and the slope it adds.
    struct Breakpoint {
        var t: Double
        var weight: Double
        var row: Int
    }

    /// The row at which the running sum of `weight`, taken in order of
    /// increasing `(t, row)`, first reaches `need` (the line search's exact
    /// minimizer: the slope turns non-negative there); nil when the total
    /// stays below `need`. Weighted quickselect with a three-way partition:
    /// expected O(m) instead of the O(m log m) of sorting all breakpoints.
    static func firstCrossing(_ items: inout [Breakpoint], need initialNeed: Double) -> Int? {
        var need = initialNeed
        var lo = 0, hi = items.count
        while lo < hi {
            let pivot = items[lo + (hi - lo) / 2].t
            var lt = lo, i = lo, gt = hi
            while i < gt {
                if items[i].t < pivot {
                    items.swapAt(i, lt); lt += 1; i += 1
                } else if items[i].t > pivot {
                    gt -= 1; items.swapAt(i, gt)
                } else {
                    i += 1
                }
            }
            var less = 0.0
            for k in lo..<lt { less += items[k].weight }
            if less >= need { hi = lt; continue }
            var equal = 0.0
            for k in lt..<gt { equal += items[k].weight }
            if less + equal >= need {
                var sum = less
                let group = items[lt..<gt].sorted(by: { $0.row < $1.row })
                for b in group {
                    sum += b.weight
                    if sum >= need { return b.row }
                }
                return group.last?.row   // the group reaches `need` up to rounding
            }
            need -= less + equal
            lo = gt
        }
        return nil
    }

    /// Is there `v ∈ [τ−1, τ]^Z` with `Σ_{k∈Z} v_k a_k = −g`? Projected
    /// coordinate descent on `½‖Σ v_k a_k + g‖²` over the box, from the basic
    /// dual `u` (zero for the other rows); certified when the equality holds
    /// to `1e-10·Σᵢ‖aᵢ‖∞`. A `false` only means no certificate was found.
    private func degenerateCertificate(zero: [Int], g: [Double], start u: [Double], basis: [Int]) -> Bool {
        let p = design.parameters, n = design.rows
        let rows = zero.map { design.row($0) }   // rows[k] is row zero[k]
        var v = [Double](repeating: 0, count: zero.count)
        for (k, i) in zero.enumerated() {
            if let j = basis.firstIndex(of: i) { v[k] = min(tau, max(tau - 1, u[j])) }
        }
        var residual = g
        for k in zero.indices where v[k] != 0 {
            for c in 0..<p { residual[c] += v[k] * rows[k][c] }
        }
        let norms = rows.map { row in row.reduce(0) { $0 + $1 * $1 } }
        // Σᵢ maxₖ|aᵢₖ| over all rows, column by column.
        var rowMax = [Double](repeating: 0, count: n)
        design.storage.withUnsafeBufferPointer { a in
            for c in 0..<p {
                for i in 0..<n { rowMax[i] = max(rowMax[i], abs(a[i + c * n])) }
            }
        }
        let magnitude = rowMax.reduce(0, +)
        let target = 1e-10 * max(magnitude, 1)
        for _ in 0..<5000 {
            if (residual.map(abs).max() ?? 0) <= target { return true }
            for k in zero.indices where norms[k] > 0 {
                var dot = 0.0
                for c in 0..<p { dot += rows[k][c] * residual[c] }
                let updated = min(tau, max(tau - 1, v[k] - dot / norms[k]))
                let change = updated - v[k]
                if change != 0 {
                    for c in 0..<p { residual[c] += change * rows[k][c] }
                    v[k] = updated
                }
            }
        }
        return (residual.map(abs).max() ?? 0) <= target
    }

    /// Greedily picks `count` linearly independent rows in the given order
    /// (modified Gram–Schmidt with a relative tolerance).
    private func independentRows(_ order: [Int], count: Int) -> [Int]? {
        var chosen: [Int] = []
        var basisVectors: [[Double]] = []
        for i in order {
            var v = design.row(i)
            let norm0 = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm0 > 0 else { continue }
            for _ in 0..<2 {
                for q in basisVectors {
                    var dot = 0.0
                    for k in v.indices { dot += q[k] * v[k] }
                    for k in v.indices { v[k] -= dot * q[k] }
                }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 1e-8 * norm0 else { continue }
            basisVectors.append(v.map { $0 / norm })
            chosen.append(i)
            if chosen.count == count { return chosen }
        }
        return nil
    }

    private func columnMajor(_ rowArrays: [[Double]], p: Int) -> [Double] {
        var out = [Double](repeating: 0, count: p * p)
        for (i, row) in rowArrays.enumerated() {
            for j in 0..<p { out[i + j * p] = row[j] }
        }
        return out
    }
}

/// A pointer handed to the row-chunk workers of `QuantileVertexSearch`; each
/// worker reads shared input or writes only its own chunk's region.
private struct UncheckedSendable<P>: @unchecked Sendable {
    let p: P
    init(_ p: P) { self.p = p }
}
