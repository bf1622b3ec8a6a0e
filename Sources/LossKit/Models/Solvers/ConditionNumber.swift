/// The 2-norm condition number `σ_max/σ_min` of a small upper-triangular R
/// factor (the scaled design's), by one-sided Jacobi rotations, which find
/// the small singular values of a triangular matrix to high relative accuracy.
/// - Complexity: O(k³) per sweep for a k × k matrix, a handful of sweeps.
enum ConditionNumber {
    static func ofUpperTriangular(_ r: [[Double]]) -> Double {
        let k = r.count
        if k == 0 { return .nan }
        // Columns of R.
        var cols = (0..<k).map { j in (0..<k).map { i in r[i][j] } }
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<(k - 1) {
                for q in (p + 1)..<k {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<k {
                        alpha += cols[p][i] * cols[p][i]
                        beta += cols[q][i] * cols[q][i]
                        gamma += cols[p][i] * cols[q][i]
                    }
                    if gamma == 0 || abs(gamma) <= 1e-15 * (alpha * beta).squareRoot() { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1 : -1) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<k {
                        let a = cols[p][i], b = cols[q][i]
                        cols[p][i] = c * a - s * b
                        cols[q][i] = s * a + c * b
                    }
                }
            }
            if !rotated { break }
        }
        let sigma = cols.map { col in Summation.scaledNorm(count: k) { col[$0] } }
        guard let largest = sigma.max(), let smallest = sigma.min() else { return .nan }
        return smallest > 0 ? largest / smallest : .infinity
    }
}
