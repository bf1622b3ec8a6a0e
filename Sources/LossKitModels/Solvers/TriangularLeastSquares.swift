import LossKitData
import LossKitNumerics

/// The part of a QR least-squares solve that happens after the factorization,
/// shared by the double-double and the Double Householder solvers: given the
/// pivoted, column-scaled `R` and `Qᵀb`, decide the rank and form the solution
/// and the pseudo-inverse factor, in double-double.
///
/// With `X̃ = A·diag(scale)` (A's columns of unit norm) and `A·P = Q·R`, the
/// coefficients in caller units satisfy `[R₁₁ R₁₂]·diag(scale_π)·β_π = (Qᵀb)₁`.
/// Full rank: `β_π = D⁻¹R⁻¹(Qᵀb)`. Rank r < p: the minimum-norm β (in caller
/// units) through the QR factorization of `Mᵀ`, `M = [R₁₁ R₁₂]·D`:
/// `β_π = Q₂R₂⁻ᵀ(Qᵀb)₁`. In both cases `M⁺` is returned: `(X̃ᵀX̃)⁺ = M⁺M⁺ᵀ`.
struct TriangularLeastSquares {
    /// Numerical rank: `|R_kk| > max(n, p)·ε·|R₀₀|`.
    let rank: Int
    /// `M⁺`, `p × rank`, rows in caller order.
    let pseudoInverse: [[DoubleDouble]]
    /// Caller-order indices of the columns beyond the rank (pivoted last).
    let deficientColumns: [Int]
    /// The leading `rank × rank` block of R (for the condition number).
    let leadingR: [[Double]]

    /// - Parameters:
    ///   - r: `steps × p` upper-triangular R (row-major), pivoted columns.
    ///   - permutation: `permutation[k]` = caller index of R's column k.
    ///   - scale: the column norms, in pivoted order.
    ///   - rows: n, for the rank tolerance.
    init(r: [[DoubleDouble]], permutation: [Int], scale: [DoubleDouble], rows n: Int) {
        let p = permutation.count
        let steps = r.count
        let tolerance = Double(max(n, p)) * Double.ulpOfOne * (r.first?.first?.magnitude ?? 0)
        var rank = 0
        while rank < steps, r[rank][rank].magnitude > tolerance { rank += 1 }

        var kPerm = [[DoubleDouble]](repeating: [DoubleDouble](repeating: .zero, count: rank), count: p)
        if rank == p {
            // M⁺ = D⁻¹R⁻¹, R⁻¹ by back substitution column by column.
            var rInv = [[DoubleDouble]](repeating: [DoubleDouble](repeating: .zero, count: p), count: p)
            for col in 0..<p {
                for i in stride(from: col, through: 0, by: -1) {
                    var s = i == col ? DoubleDouble.one : DoubleDouble.zero
                    for j in (i + 1)..<(col + 1) { s -= r[i][j] * rInv[j][col] }
                    rInv[i][col] = s.divided(by: r[i][i])
                }
            }
            for i in 0..<p { for j in 0..<p { kPerm[i][j] = rInv[i][j].divided(by: scale[i]) } }
        } else if rank > 0 {
            kPerm = Self.minimumNormPseudoInverse(r: r, scale: scale, rank: rank, p: p)
        }
        var k = [[DoubleDouble]](repeating: [], count: p)
        for i in 0..<p { k[permutation[i]] = kPerm[i] }
        self.rank = rank
        pseudoInverse = k
        deficientColumns = rank < p ? permutation[rank...].sorted() : []
        leadingR = (0..<rank).map { i in (0..<rank).map { j in j >= i ? r[i][j].value : 0 } }
    }

    /// `β = M⁺·(Qᵀb)[0..<rank]`, caller order.
    func solve(_ qtb: [DoubleDouble]) -> [DoubleDouble] {
        pseudoInverse.map { row in
            var s = DoubleDouble.zero
            for (l, v) in row.enumerated() { s += v * qtb[l] }
            return s
        }
    }

    /// `M⁺ = Q₂R₂⁻ᵀ` from the Householder QR of `Mᵀ` (`p × rank`).
    private static func minimumNormPseudoInverse(r: [[DoubleDouble]], scale: [DoubleDouble], rank: Int, p: Int) -> [[DoubleDouble]] {
        var mt = [[DoubleDouble]](repeating: [DoubleDouble](repeating: .zero, count: rank), count: p)
        for i in 0..<rank { for j in i..<p { mt[j][i] = r[i][j] * scale[j] } }
        var reflectors: [(v: [DoubleDouble], vtv: DoubleDouble)] = []
        var r2 = [DoubleDouble](repeating: .zero, count: rank)
        for k in 0..<rank {
            var normSq = DoubleDouble.zero
            for i in k..<p { normSq += mt[i][k] * mt[i][k] }
            let norm = normSq.squareRoot()
            let x0 = mt[k][k]
            let alpha = x0.hi >= 0 ? -norm : norm
            var v = [DoubleDouble](repeating: .zero, count: p)
            for i in k..<p { v[i] = mt[i][k] }
            v[k] = x0 - alpha
            let vtv = (normSq - alpha * x0) * 2.0
            for j in (k + 1)..<max(rank, k + 1) {
                var dot = DoubleDouble.zero
                for i in k..<p { dot += v[i] * mt[i][j] }
                let f = (dot * 2.0).divided(by: vtv)
                for i in k..<p { mt[i][j] -= f * v[i] }
            }
            r2[k] = alpha
            reflectors.append((v, vtv))
        }
        // Q₂ = H₀H₁…H_{r−1}·[I; 0].
        var q2 = [[DoubleDouble]](repeating: [DoubleDouble](repeating: .zero, count: rank), count: p)
        for i in 0..<rank { q2[i][i] = .one }
        for (k, (v, vtv)) in reflectors.enumerated().reversed() {
            for j in 0..<rank {
                var dot = DoubleDouble.zero
                for i in k..<p { dot += v[i] * q2[i][j] }
                let f = (dot * 2.0).divided(by: vtv)
                for i in k..<p { q2[i][j] -= f * v[i] }
            }
        }
        // R₂⁻ᵀ (lower triangular) by forward substitution; R₂[j][i] = mt[j][i] (j < i).
        var r2InvT = [[DoubleDouble]](repeating: [DoubleDouble](repeating: .zero, count: rank), count: rank)
        for col in 0..<rank {
            for i in col..<rank {
                var s = i == col ? DoubleDouble.one : DoubleDouble.zero
                for j in col..<i { s -= mt[j][i] * r2InvT[j][col] }
                r2InvT[i][col] = s.divided(by: r2[i])
            }
        }
        return (0..<p).map { i in
            (0..<rank).map { j in
                var s = DoubleDouble.zero
                for l in j..<rank { s += q2[i][l] * r2InvT[l][j] }
                return s
            }
        }
    }
}
