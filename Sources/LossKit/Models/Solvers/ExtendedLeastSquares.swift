/// Weighted least squares entirely in double-double arithmetic: centering,
/// Householder QR with column pivoting, minimum-norm solution and covariance
/// factor all carry ~32 significant digits, so the result is the least-squares
/// solution of the given Double data correct to the last bit of a Double
/// whenever `cond(design) ≲ 1e15`.
///
/// Used for small problems (`n·p²` up to a few million), where the 20–30×
/// cost of double-double does not matter, and for polynomial fits, whose
/// change back to raw powers of x needs more than 16 digits of the
/// coefficients in the scaled basis.
///
/// The design arrives already in double-double (the polynomial basis is built
/// in double-double); `columns[j][i]` is row `i` of column `j`.
/// - Complexity: O(n·p²) double-double operations, O(n·p) memory.
enum ExtendedLeastSquares {
    static func solve(
        columns: [[DDReal]], y: [DDReal], weights: [Double]?, fitIntercept: Bool
    ) -> LeastSquaresSolution {
        let n = y.count
        let p = columns.count
        let sqrtW: [DDReal]? = weights.map { $0.map { DDReal($0).squareRoot() } }
        var totalWeight = DDReal.zero
        if let weights { for w in weights { totalWeight += DDReal(w) } } else { totalWeight = DDReal(Double(n)) }

        // Weighted means (exactly y₀ when the target is constant, so it centers to 0).
        func mean(_ v: [DDReal]) -> DDReal {
            if v.allSatisfy({ $0 == v[0] }) { return v.first ?? .zero }
            var s = DDReal.zero
            if let weights { for i in 0..<n { s += v[i] * weights[i] } } else { for x in v { s += x } }
            return s / totalWeight
        }
        let xMeans: [DDReal] = fitIntercept ? columns.map(mean) : Array(repeating: .zero, count: p)
        let yMean: DDReal = fitIntercept ? mean(y) : .zero

        // Centered, √w-scaled design A (column-major) and target b.
        var a = [DDReal](repeating: .zero, count: n * p)
        var b = [DDReal](repeating: .zero, count: n)
        for i in 0..<n {
            let s = sqrtW?[i] ?? .one
            b[i] = (y[i] - yMean) * s
            for j in 0..<p { a[i + j * n] = (columns[j][i] - xMeans[j]) * s }
        }
        // Column equilibration: unit 2-norm columns (zero columns stay zero).
        var scale = [DDReal](repeating: .one, count: p)
        var constantColumns: [Int] = []
        for j in 0..<p {
            var ss = DDReal.zero
            for i in 0..<n { ss += a[i + j * n] * a[i + j * n] }
            if ss.isZero { constantColumns.append(j); continue }
            let norm = ss.squareRoot()
            scale[j] = norm
            for i in 0..<n { a[i + j * n] = a[i + j * n] / norm }
        }

        // Householder QR with column pivoting, applied to b as we go.
        var perm = Array(0..<p)
        let steps = min(n, p)
        var rDiag = [DDReal](repeating: .zero, count: p)
        for k in 0..<steps {
            // Pivot: the remaining column of largest norm (recomputed exactly; p is small).
            var best = k, bestNorm = -1.0
            for j in k..<p {
                var ss = 0.0
                for i in k..<n { let v = a[i + j * n].hi; ss += v * v }
                if ss > bestNorm { bestNorm = ss; best = j }
            }
            if best != k {
                for i in 0..<n { a.swapAt(i + k * n, i + best * n) }
                perm.swapAt(k, best)
                scale.swapAt(k, best)
            }
            var normSq = DDReal.zero
            for i in k..<n { normSq += a[i + k * n] * a[i + k * n] }
            if normSq.isZero { break }
            let norm = normSq.squareRoot()
            let x0 = a[k + k * n]
            let alpha = x0.hi >= 0 ? -norm : norm
            // v = x − αe₁, vᵀv = 2(‖x‖² − αx₀)
            a[k + k * n] = x0 - alpha
            let vtv = (normSq - alpha * x0) * 2.0
            for j in (k + 1)..<max(p, k + 1) {
                var dot = DDReal.zero
                for i in k..<n { dot += a[i + k * n] * a[i + j * n] }
                let f = dot * 2.0 / vtv
                if f.isZero { continue }
                for i in k..<n { a[i + j * n] -= f * a[i + k * n] }
            }
            var dot = DDReal.zero
            for i in k..<n { dot += a[i + k * n] * b[i] }
            let f = dot * 2.0 / vtv
            for i in k..<n { b[i] -= f * a[i + k * n] }
            rDiag[k] = alpha
        }
        // R: strict upper part is in a (rows < k), diagonal in rDiag.
        func r(_ i: Int, _ j: Int) -> DDReal { i == j ? rDiag[i] : (i < j ? a[i + j * n] : .zero) }

        let tolerance = Double(max(n, p)) * Double.ulpOfOne * (rDiag.first?.magnitude ?? 0)
        var rank = 0
        while rank < steps, rDiag[rank].magnitude > tolerance { rank += 1 }

        // Solve for β in the pivoted order: M β_π = d, M = R[0..<rank, :]·diag(scale_π).
        var betaPerm = [DDReal](repeating: .zero, count: p)
        var kPerm = [[DDReal]](repeating: [DDReal](repeating: .zero, count: rank), count: p)  // M⁺, p × rank
        if rank == p {
            // β_π = D⁻¹ R⁻¹ d; M⁺ = D⁻¹ R⁻¹.
            var rInv = [[DDReal]](repeating: [DDReal](repeating: .zero, count: p), count: p)
            for col in 0..<p {
                // Solve R x = e_col by back substitution.
                for i in stride(from: col, through: 0, by: -1) {
                    var s = i == col ? DDReal.one : DDReal.zero
                    for j in (i + 1)..<(col + 1) where j > i { s -= r(i, j) * rInv[j][col] }
                    rInv[i][col] = s / rDiag[i]
                }
            }
            for i in 0..<p {
                var s = DDReal.zero
                for j in i..<p { s += rInv[i][j] * b[j] }
                betaPerm[i] = s / scale[i]
                for j in 0..<p { kPerm[i][j] = rInv[i][j] / scale[i] }
            }
        } else if rank > 0 {
            // Minimum-norm solution of the rank × p system via QR of Mᵀ = Q₂R₂:
            // β_π = Q₂ R₂⁻ᵀ d, M⁺ = Q₂ R₂⁻ᵀ.
            var mt = [[DDReal]](repeating: [DDReal](repeating: .zero, count: rank), count: p)  // p × rank
            for i in 0..<rank { for j in i..<p { mt[j][i] = r(i, j) * scale[j] } }
            // Householder QR of mt (p × rank); accumulate Q₂ explicitly (p × rank).
            var q2 = [[DDReal]](repeating: [DDReal](repeating: .zero, count: rank), count: p)
            for i in 0..<rank { q2[i][i] = .one }
            var vs: [[DDReal]] = []
            var r2 = [DDReal](repeating: .zero, count: rank)
            for k in 0..<rank {
                var normSq = DDReal.zero
                for i in k..<p { normSq += mt[i][k] * mt[i][k] }
                let norm = normSq.squareRoot()
                let x0 = mt[k][k]
                let alpha = x0.hi >= 0 ? -norm : norm
                var v = [DDReal](repeating: .zero, count: p)
                for i in k..<p { v[i] = mt[i][k] }
                v[k] = x0 - alpha
                let vtv = (normSq - alpha * x0) * 2.0
                for j in (k + 1)..<max(rank, k + 1) {
                    var dot = DDReal.zero
                    for i in k..<p { dot += v[i] * mt[i][j] }
                    let f = dot * 2.0 / vtv
                    for i in k..<p { mt[i][j] -= f * v[i] }
                }
                r2[k] = alpha
                vs.append(v.map { $0 } + [vtv])
            }
            // Q₂ = H₀ H₁ … applied to [I_rank; 0].
            for k in stride(from: rank - 1, through: 0, by: -1) {
                let v = vs[k], vtv = v[p]
                for j in 0..<rank {
                    var dot = DDReal.zero
                    for i in k..<p { dot += v[i] * q2[i][j] }
                    let f = dot * 2.0 / vtv
                    for i in k..<p { q2[i][j] -= f * v[i] }
                }
            }
            // R₂⁻ᵀ (lower triangular inverse) columns, then M⁺ = Q₂ R₂⁻ᵀ.
            var r2InvT = [[DDReal]](repeating: [DDReal](repeating: .zero, count: rank), count: rank)
            for col in 0..<rank {
                for i in col..<rank {
                    var s = i == col ? DDReal.one : DDReal.zero
                    for j in col..<i { s -= (j == i ? r2[i] : mt[j][i]) * r2InvT[j][col] }
                    r2InvT[i][col] = s / r2[i]
                }
            }
            for i in 0..<p {
                for j in 0..<rank {
                    var s = DDReal.zero
                    for l in j..<rank { s += q2[i][l] * r2InvT[l][j] }
                    kPerm[i][j] = s
                }
            }
            for i in 0..<p {
                var s = DDReal.zero
                for j in 0..<rank { s += kPerm[i][j] * b[j] }
                betaPerm[i] = s
            }
        }

        // Back to the caller's column order.
        var beta = [DDReal](repeating: .zero, count: p)
        var kFactor = [[DDReal]](repeating: [], count: p)
        for i in 0..<p { beta[perm[i]] = betaPerm[i]; kFactor[perm[i]] = kPerm[i] }

        // Residuals from the original data, in double-double.
        var rss = DDReal.zero
        var tss = DDReal.zero
        var intercept: DDReal? = nil
        if fitIntercept {
            var b0 = yMean
            for j in 0..<p { b0 -= xMeans[j] * beta[j] }
            intercept = b0
        }
        for i in 0..<n {
            var fitted = intercept ?? .zero
            for j in 0..<p { fitted += columns[j][i] * beta[j] }
            let res = y[i] - fitted
            let dev = y[i] - yMean
            let w = weights?[i] ?? 1
            rss += res * res * w
            tss += dev * dev * w
        }

        // Covariance factor of [b₀, β]: b₀ = ȳ − x̄ᵀβ, with ȳ independent of β
        // (the centered columns are orthogonal to √w), Var(ȳ) ∝ 1/Σw.
        var factor: [[DDReal]]
        if fitIntercept {
            let inv = DDReal.one / totalWeight.squareRoot()
            var row0 = [inv]
            for l in 0..<rank {
                var s = DDReal.zero
                for j in 0..<p { s += xMeans[j] * kFactor[j][l] }
                row0.append(-s)
            }
            factor = [row0] + kFactor.map { [DDReal.zero] + $0 }
        } else {
            factor = kFactor
        }

        var scaledR = [[Double]](repeating: [Double](repeating: 0, count: rank), count: rank)
        for i in 0..<rank { for j in i..<rank { scaledR[i][j] = r(i, j).value } }
        let deficient = rank < p ? perm[rank...].sorted() : []
        return LeastSquaresSolution(
            intercept: intercept, coefficients: beta, covarianceFactor: factor,
            rank: rank + (fitIntercept ? 1 : 0),
            residualSumOfSquares: rss.value, totalSumOfSquares: tss.value, totalWeight: totalWeight.value,
            scaledR: scaledR, deficientColumns: deficient, constantColumns: constantColumns,
            solver: .extendedQR, refinementSteps: 0)
    }
}
