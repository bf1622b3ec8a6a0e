import LossKitData
import LossKitNumerics

/// Weighted least squares entirely in double-double arithmetic: centering,
/// Householder QR with column pivoting, minimum-norm solution and covariance
/// factor all carry ~32 significant digits, so the result is the least-squares
/// solution of the given Double data to the last bit of a Double whenever
/// `cond(design) ≲ 1e15`.
///
/// Used for small problems (`n·p²` up to a few million), where the 20–30×
/// cost of double-double does not matter, and for polynomial fits, whose
/// change back to raw powers of x needs more than 16 digits of the
/// coefficients in the scaled basis.
///
/// The design arrives in double-double (the polynomial basis is built in
/// double-double); `columns[j][i]` is row `i` of column `j`.
/// - Complexity: O(n·p²) double-double operations, O(n·p) memory.
enum ExtendedLeastSquares {
    static func solve(
        columns: [[DoubleDouble]], y: [DoubleDouble], weights: [Double]?, fitIntercept: Bool
    ) -> LeastSquaresSolution {
        solve(columns: columns, targets: [y], weights: weights, fitIntercept: fitIntercept)[0]
    }

    /// One factorization for several targets (each `targets[t]` has n values).
    static func solve(
        columns: [[DoubleDouble]], targets: [[DoubleDouble]], weights: [Double]?, fitIntercept: Bool
    ) -> [LeastSquaresSolution] {
        let n = targets.first?.count ?? 0
        let p = columns.count
        let sqrtW: [DoubleDouble]? = weights.map { $0.map { DoubleDouble($0).squareRoot() } }
        var totalWeight = DoubleDouble.zero
        if let weights { for w in weights { totalWeight += DoubleDouble(w) } } else { totalWeight = DoubleDouble(Double(n)) }

        // Weighted means (exactly v₀ when the column is constant, so it centers to 0).
        func mean(_ v: [DoubleDouble]) -> DoubleDouble {
            if v.allSatisfy({ $0 == v[0] }) { return v.first ?? .zero }
            var s = DoubleDouble.zero
            if let weights { for i in 0..<n { s += v[i] * weights[i] } } else { for x in v { s += x } }
            return s.divided(by: totalWeight)
        }
        let xMeans: [DoubleDouble] = fitIntercept ? columns.map(mean) : Array(repeating: .zero, count: p)
        let yMeans: [DoubleDouble] = targets.map { fitIntercept ? mean($0) : .zero }

        // Centered, √w-scaled design A (column-major) and target b.
        var a = [DoubleDouble](repeating: .zero, count: n * p)
        var bs = [[DoubleDouble]](repeating: [DoubleDouble](repeating: .zero, count: n), count: targets.count)
        for i in 0..<n {
            let s = sqrtW?[i] ?? .one
            for t in targets.indices { bs[t][i] = (targets[t][i] - yMeans[t]) * s }
            for j in 0..<p { a[i + j * n] = (columns[j][i] - xMeans[j]) * s }
        }
        // Column equilibration: unit 2-norm columns (zero columns stay zero).
        var scale = [DoubleDouble](repeating: .one, count: p)
        var constantColumns: [Int] = []
        for j in 0..<p {
            var ss = DoubleDouble.zero
            for i in 0..<n { ss += a[i + j * n] * a[i + j * n] }
            if ss.isZero { constantColumns.append(j); continue }
            let norm = ss.squareRoot()
            scale[j] = norm
            for i in 0..<n { a[i + j * n] = a[i + j * n].divided(by: norm) }
        }

        // Householder QR with column pivoting, applied to b as we go.
        var perm = Array(0..<p)
        let steps = min(n, p)
        var rDiag = [DoubleDouble](repeating: .zero, count: p)
        for k in 0..<steps {
            // Pivot: the remaining column of largest norm (recomputed; p is small).
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
            var normSq = DoubleDouble.zero
            for i in k..<n { normSq += a[i + k * n] * a[i + k * n] }
            if normSq.isZero { break }
            let norm = normSq.squareRoot()
            let x0 = a[k + k * n]
            let alpha = x0.hi >= 0 ? -norm : norm
            // v = x − αe₁ stored in place; vᵀv = 2(‖x‖² − αx₀).
            a[k + k * n] = x0 - alpha
            let vtv = (normSq - alpha * x0) * 2.0
            for j in (k + 1)..<max(p, k + 1) {
                var dot = DoubleDouble.zero
                for i in k..<n { dot += a[i + k * n] * a[i + j * n] }
                let f = (dot * 2.0).divided(by: vtv)
                if f.isZero { continue }
                for i in k..<n { a[i + j * n] -= f * a[i + k * n] }
            }
            for t in bs.indices {
                var dot = DoubleDouble.zero
                for i in k..<n { dot += a[i + k * n] * bs[t][i] }
                let f = (dot * 2.0).divided(by: vtv)
                for i in k..<n { bs[t][i] -= f * a[i + k * n] }
            }
            rDiag[k] = alpha
        }
        let r: [[DoubleDouble]] = (0..<steps).map { i in
            (0..<p).map { j in i == j ? rDiag[i] : (i < j ? a[i + j * n] : .zero) }
        }
        let triangular = TriangularLeastSquares(r: r, permutation: perm, scale: scale, rows: n)
        let factor = LeastSquaresSolution.parameterFactor(
            slopeFactor: triangular.pseudoInverse, means: fitIntercept ? xMeans : nil, totalWeight: totalWeight)
        let variances = LeastSquaresSolution.diagonal(of: factor)
        let condition = ConditionNumber.ofUpperTriangular(triangular.leadingR)

        return targets.indices.map { t in
            let y = targets[t], yMean = yMeans[t]
            let beta = triangular.solve(bs[t])
            // Residuals from the original data, in double-double.
            var intercept: DoubleDouble? = nil
            if fitIntercept {
                var b0 = yMean
                for j in 0..<p { b0 -= xMeans[j] * beta[j] }
                intercept = b0
            }
            var rss = DoubleDouble.zero, tss = DoubleDouble.zero
            for i in 0..<n {
                var fitted = intercept ?? .zero
                for j in 0..<p { fitted += columns[j][i] * beta[j] }
                let res = y[i] - fitted
                let dev = y[i] - yMean
                let w = weights?[i] ?? 1
                rss += res * res * w
                tss += dev * dev * w
            }
            return LeastSquaresSolution(
                intercept: intercept, coefficients: beta,
                unscaledVariances: variances, covarianceFactor: factor,
                rank: triangular.rank + (fitIntercept ? 1 : 0),
                residualSumOfSquares: rss.value, totalSumOfSquares: tss.value, totalWeight: totalWeight.value,
                conditionNumber: condition,
                deficientColumns: triangular.deficientColumns, constantColumns: constantColumns,
                solver: .extendedQR, refinementSteps: 0)
        }
    }
}
