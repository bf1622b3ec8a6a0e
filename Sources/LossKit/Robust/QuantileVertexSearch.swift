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
    /// `maxPivots` nil means `50 + 4n`.
    func refine(start: [Double], residuals: [Double], maxPivots pivotLimit: Int? = nil) throws -> Vertex? {
        let n = design.rows, p = design.parameters
        let rows = (0..<n).map { design.row($0) }
        var flat = [Double](repeating: 0, count: n * p)   // row-major copy of A for the hot loops
        for i in 0..<n { for k in 0..<p { flat[i * p + k] = rows[i][k] } }
        let order = residuals.indices.sorted { abs(residuals[$0]) < abs(residuals[$1]) }
        guard var basis = independentRows(order, rows: rows, count: p) else { return nil }
        let maxPivots = pivotLimit ?? 50 + 4 * n
        var pivots = 0
        var beta = start

        while true {
            let aB = Matrix(uncheckedRows: p, columns: p, storage: columnMajor(basis.map { rows[$0] }, p: p))
            let qrB = HouseholderQR(aB)
            guard qrB.rank == p else { return Vertex(beta: beta, certified: false, pivots: pivots) }
            beta = try qrB.solveLeastSquares(basis.map { design.y[$0] })
            var r = design.residuals(beta)
            var inBasis = [Bool](repeating: false, count: n)
            for i in basis { inBasis[i] = true; r[i] = 0 }
            // Residuals at rounding level (rows on the fit up to a few ulps)
            // are ties: count them as zero.
            for i in 0..<n where r[i] != 0 && design.isRoundingLevel(r[i], row: i, beta: beta) { r[i] = 0 }

            // Dual: A_Bᵀ u = −g.
            var g = [Double](repeating: 0, count: p)
            flat.withUnsafeBufferPointer { a in
                for i in 0..<n where !inBasis[i] && r[i] != 0 {
                    let psi = r[i] > 0 ? tau : tau - 1
                    for k in 0..<p { g[k] += psi * a[i * p + k] }
                }
            }
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
            if zero.count > p, degenerateCertificate(zero: zero, rows: rows, g: g, start: u, basis: basis) {
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
            var slope = sigma > 0 ? tau - u[worst] : u[worst] + 1 - tau
            var breaks: [Breakpoint] = []
            flat.withUnsafeBufferPointer { a in
                for i in 0..<n where !inBasis[i] {
                    var ad = 0.0
                    for k in 0..<p { ad += a[i * p + k] * d[k] }
                    if ad == 0 { continue }
                    if r[i] == 0 {
                        let dr = -ad
                        breaks.append(Breakpoint(t: 0, weight: dr > 0 ? tau * dr : (tau - 1) * dr, row: i))
                    } else {
                        let t = r[i] / ad
                        if t > 0 { breaks.append(Breakpoint(t: t, weight: abs(ad), row: i)) }
                    }
                }
            }
            guard slope < 0 else { return Vertex(beta: beta, certified: false, pivots: pivots) }
            guard let entering = Self.firstCrossing(&breaks, need: -slope) else {
                return Vertex(beta: beta, certified: false, pivots: pivots)
            }
            basis[worst] = entering
            pivots += 1
        }
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
    private func degenerateCertificate(zero: [Int], rows: [[Double]], g: [Double], start u: [Double], basis: [Int]) -> Bool {
        let p = design.parameters
        var v = [Double](repeating: 0, count: zero.count)
        for (k, i) in zero.enumerated() {
            if let j = basis.firstIndex(of: i) { v[k] = min(tau, max(tau - 1, u[j])) }
        }
        var residual = g
        for (k, i) in zero.enumerated() where v[k] != 0 {
            for c in 0..<p { residual[c] += v[k] * rows[i][c] }
        }
        let norms = zero.map { i in rows[i].reduce(0) { $0 + $1 * $1 } }
        let magnitude = rows.reduce(0.0) { $0 + ($1.map(abs).max() ?? 0) }
        let target = 1e-10 * max(magnitude, 1)
        for _ in 0..<5000 {
            if (residual.map(abs).max() ?? 0) <= target { return true }
            for (k, i) in zero.enumerated() where norms[k] > 0 {
                var dot = 0.0
                for c in 0..<p { dot += rows[i][c] * residual[c] }
                let updated = min(tau, max(tau - 1, v[k] - dot / norms[k]))
                let change = updated - v[k]
                if change != 0 {
                    for c in 0..<p { residual[c] += change * rows[i][c] }
                    v[k] = updated
                }
            }
        }
        return (residual.map(abs).max() ?? 0) <= target
    }

    /// Greedily picks `count` linearly independent rows in the given order
    /// (modified Gram–Schmidt with a relative tolerance).
    private func independentRows(_ order: [Int], rows: [[Double]], count: Int) -> [Int]? {
        var chosen: [Int] = []
        var basisVectors: [[Double]] = []
        for i in order {
            var v = rows[i]
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
