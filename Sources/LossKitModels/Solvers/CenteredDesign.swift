import LossKitData
import LossKitNumerics

/// Weighted column means, centered targets and the other per-column
/// quantities the Double solvers share, computed with compensated sums.
struct CenteredDesign {
    let rows: Int
    let columns: Int
    let fitIntercept: Bool
    /// `x̄ⱼ = Σwᵢxᵢⱼ/Σw` (zeros without an intercept).
    let means: [Double]
    /// `ȳ` of the current target (0 without an intercept); see `withTarget`.
    private(set) var yMean = 0.0
    /// `Σ wᵢ`.
    let totalWeight: Double
    /// `wᵢ` and `√wᵢ`, nil without weights.
    let weights: [Double]?
    let sqrtWeights: [Double]?

    init(x: Matrix, weights: [Double]?, fitIntercept: Bool) {
        rows = x.rows
        columns = x.columns
        self.fitIntercept = fitIntercept
        self.weights = weights
        let n = x.rows
        let totalWeight = weights.map { w in Summation.compensatedSum(count: n) { w[$0] } } ?? Double(n)
        self.totalWeight = totalWeight
        sqrtWeights = weights?.map { $0.squareRoot() }
        guard fitIntercept else {
            means = Array(repeating: 0, count: x.columns)
            return
        }
        means = x.withUnsafeBufferPointer { xp in
            (0..<x.columns).map { j in
                Self.mean(UnsafeBufferPointer(rebasing: xp[(j * n)..<((j + 1) * n)]), weights, totalWeight)
            }
        }
    }

    init(x: Matrix, y: [Double], weights: [Double]?, fitIntercept: Bool) {
        self = CenteredDesign(x: x, weights: weights, fitIntercept: fitIntercept).withTarget(y)
    }

    /// The same design with `ȳ` of another target.
    func withTarget(_ y: [Double]) -> CenteredDesign {
        var copy = self
        copy.yMean = fitIntercept ? y.withUnsafeBufferPointer { Self.mean($0, weights, totalWeight) } : 0
        return copy
    }

    /// The weighted mean; exactly v₀ for a constant column, so it centers to 0.
    private static func mean(_ v: UnsafeBufferPointer<Double>, _ weights: [Double]?, _ totalWeight: Double) -> Double {
        if let first = v.first, v.allSatisfy({ $0 == first }) { return first }
        if let weights {
            return weights.withUnsafeBufferPointer { blockSum(v, weights: $0) } / totalWeight
        }
        return blockSum(v, weights: nil) / totalWeight
    }

    /// `Σ vᵢ` (or `Σ wᵢvᵢ`): blocks of 256 summed in four SIMD4 accumulators,
    /// block sums combined with Neumaier compensation (`CompensatedAccumulator`),
    /// so the error is that of one short block plus one rounding.
    static func blockSum(_ v: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?) -> Double {
        var total = CompensatedAccumulator()
        let n = v.count
        var start = 0
        while start < n {
            let end = min(start + 256, n)
            var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
            var i = start
            if let w = weights {
                while i + 8 <= end {
                    let v0 = SIMD4<Double>(v[i], v[i + 1], v[i + 2], v[i + 3])
                    let w0 = SIMD4<Double>(w[i], w[i + 1], w[i + 2], w[i + 3])
                    let v1 = SIMD4<Double>(v[i + 4], v[i + 5], v[i + 6], v[i + 7])
                    let w1 = SIMD4<Double>(w[i + 4], w[i + 5], w[i + 6], w[i + 7])
                    a0 += v0 * w0
                    a1 += v1 * w1
                    i += 8
                }
                var tail = 0.0
                while i < end { tail += v[i] * w[i]; i += 1 }
                total.add((a0 + a1).sum() + tail)
            } else {
                while i + 8 <= end {
                    a0 += SIMD4<Double>(v[i], v[i + 1], v[i + 2], v[i + 3])
                    a1 += SIMD4<Double>(v[i + 4], v[i + 5], v[i + 6], v[i + 7])
                    i += 8
                }
                var tail = 0.0
                while i < end { tail += v[i]; i += 1 }
                total.add((a0 + a1).sum() + tail)
            }
            start = end
        }
        return total.value
    }

    /// The centered, √w-scaled design `X̃ = diag(√w)·(X − 1x̄ᵀ)` (`X` scaled
    /// only, without centering, when `centered` is false or without an
    /// intercept): the matrix every Double solver factors.
    /// - Complexity: O(n·p), one copy of `x`.
    func scaledCentered(_ x: Matrix, centered: Bool = true) -> Matrix {
        var copy = x
        let n = rows
        copy.withUnsafeMutableBufferPointer { c in
            for j in 0..<columns {
                let m = centered ? means[j] : 0
                if let sw = sqrtWeights {
                    for i in 0..<n { c[i + j * n] = (c[i + j * n] - m) * sw[i] }
                } else if m != 0 {
                    for i in 0..<n { c[i + j * n] -= m }
                }
            }
        }
        return copy
    }

    /// The centered, √w-scaled target `ỹ = √w ⊙ (y − ȳ)` (ȳ of `withTarget`).
    func scaledCentered(_ y: [Double]) -> [Double] {
        var out = y
        let m = yMean
        if let sw = sqrtWeights {
            for i in out.indices { out[i] = (y[i] - m) * sw[i] }
        } else if m != 0 {
            for i in out.indices { out[i] = y[i] - m }
        }
        return out
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
