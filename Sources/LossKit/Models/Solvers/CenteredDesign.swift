/// Weighted column means, centered targets and the other per-column
/// quantities the Double solvers share, computed with compensated sums.
struct CenteredDesign {
    let rows: Int
    let columns: Int
    /// `x̄ⱼ = Σwᵢxᵢⱼ/Σw` (zeros without an intercept).
    let means: [Double]
    /// `ȳ` (0 without an intercept).
    let yMean: Double
    /// `Σ wᵢ`.
    let totalWeight: Double
    /// `√wᵢ`, nil without weights.
    let sqrtWeights: [Double]?

    init(x: Matrix, y: [Double], weights: [Double]?, fitIntercept: Bool) {
        rows = x.rows
        columns = x.columns
        let n = x.rows
        let totalWeight = weights.map { w in Summation.compensatedSum(count: n) { w[$0] } } ?? Double(n)
        self.totalWeight = totalWeight
        sqrtWeights = weights?.map { $0.squareRoot() }
        guard fitIntercept else {
            means = Array(repeating: 0, count: x.columns)
            yMean = 0
            return
        }
        func mean(_ v: UnsafeBufferPointer<Double>) -> Double {
            if let first = v.first, v.allSatisfy({ $0 == first }) { return first }
            let s: Double
            if let weights { s = Summation.compensatedSum(count: n) { v[$0] * weights[$0] } } else {
                s = Summation.compensatedSum(count: n) { v[$0] }
            }
            return s / totalWeight
        }
        means = x.withUnsafeBufferPointer { xp in
            (0..<x.columns).map { j in mean(UnsafeBufferPointer(rebasing: xp[(j * n)..<((j + 1) * n)])) }
        }
        yMean = y.withUnsafeBufferPointer(mean)
    }

    /// `Σ wᵢ vᵢ / Σw`.
    func weightedMean(_ v: [Double]) -> Double {
        if let w = sqrtWeights {
            return Summation.compensatedSum(count: v.count) { v[$0] * w[$0] * w[$0] } / totalWeight
        }
        return Summation.compensatedSum(count: v.count) { v[$0] } / totalWeight
    }

    /// `Σ wᵢ vᵢ²`.
    func weightedSumOfSquares(_ v: [Double]) -> Double {
        if let w = sqrtWeights {
            return Summation.compensatedSum(count: v.count) { let t = v[$0] * w[$0]; return t * t }
        }
        return Summation.compensatedSum(count: v.count) { v[$0] * v[$0] }
    }

    /// `Σ wᵢ (yᵢ − ȳ)²` (or `Σ wᵢ yᵢ²` without an intercept).
    func totalSumOfSquares(_ y: [Double]) -> Double {
        let m = yMean
        if let w = sqrtWeights {
            return Summation.compensatedSum(count: y.count) { let t = (y[$0] - m) * w[$0]; return t * t }
        }
        return Summation.compensatedSum(count: y.count) { let t = y[$0] - m; return t * t }
    }

    /// `b₀ = ȳ − x̄ᵀβ` in double-double.
    func intercept(for beta: [Double]) -> DoubleDouble {
        var b0 = DoubleDouble(yMean)
        for j in 0..<columns { b0 -= DoubleDouble(means[j]) * beta[j] }
        return b0
    }
}
