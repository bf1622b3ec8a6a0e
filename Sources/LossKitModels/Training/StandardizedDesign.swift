import LossKitData
import LossKitNumerics

/// The design of a gradient-trained linear model: X (not copied), y, the
/// sample weights, and the centering and scaling folded into the parameters
/// (`zᵢⱼ = (xᵢⱼ − x̄ⱼ)/σⱼ`), with the fused full-batch pass that reads X once.
/// Shared by `LinearModelObjective` and `HuberRegressorObjective`.
struct StandardizedDesign: Sendable {
    let features: Matrix
    let targets: [Double]
    let weights: [Double]?
    let totalWeight: Double
    let fitIntercept: Bool
    /// x̄ⱼ (0 without an intercept).
    let means: [Double]
    /// σⱼ (1 when not standardized or for a constant column).
    let scales: [Double]

    /// Rows per block of the fused pass (512 rows × 100 columns of Double is
    /// 400 KB: the block stays in L2 between the two products).
    static var blockRows: Int { 512 }

    /// Validates and computes the means (`CenteredDesign`) and, with
    /// `standardize`, the weighted population standard deviations.
    init(features x: Matrix, targets y: [Double], weights: [Double]?, standardize: Bool, fitIntercept: Bool) throws {
        guard x.rows == y.count else {
            throw LossKitError.countMismatch(name: "targets", count: y.count, otherName: "feature rows", otherCount: x.rows)
        }
        guard x.rows >= 1 else { throw LossKitError.tooFewValues(name: "rows", count: x.rows, minimum: 1) }
        try ModelInput.checkTargets(y)
        try ModelInput.checkWeights(weights, rows: x.rows)
        let n = x.rows
        try x.withUnsafeBufferPointer { xp in
            for j in 0..<x.columns {
                for i in 0..<n where !xp[i + j * n].isFinite {
                    throw LossKitError.nonFiniteValue(name: "x column \(j)", row: i, value: xp[i + j * n])
                }
            }
        }
        let design = CenteredDesign(x: x, weights: weights, fitIntercept: fitIntercept)
        var scales = [Double](repeating: 1, count: x.columns)
        if standardize {
            x.withUnsafeBufferPointer { xp in
                for j in 0..<x.columns {
                    // About the mean (about 0 without an intercept).
                    let m = design.means[j]
                    var s = CompensatedAccumulator()
                    for i in 0..<n {
                        let d = xp[i + j * n] - m
                        s.add((weights?[i] ?? 1) * d * d)
                    }
                    let sd = (s.value / design.totalWeight).squareRoot()
                    scales[j] = sd > 0 && sd.isFinite ? sd : 1
                }
            }
        }
        features = x
        targets = y
        self.weights = weights
        totalWeight = design.totalWeight
        self.fitIntercept = fitIntercept
        means = design.means
        self.scales = scales
    }

    var rows: Int { features.rows }
    var columns: Int { features.columns }

    /// u = w/σ and c = b − x̄ᵀu, so zᵢᵀw + b = xᵢᵀu + c (b = `intercept`).
    func folded(_ w: ArraySlice<Double>, intercept: Double) -> (u: [Double], offset: Double) {
        var u = [Double](repeating: 0, count: columns)
        var offset = intercept
        for j in 0..<columns {
            u[j] = w[w.startIndex + j] / scales[j]
            offset -= means[j] * u[j]
        }
        return (u, offset)
    }

    /// (b₀, β) on the original scale from standardized (w, b).
    func originalScale(_ w: ArraySlice<Double>, intercept: Double) -> (intercept: Double, coefficients: [Double]) {
        let beta = (0..<columns).map { w[w.startIndex + $0] / scales[$0] }
        guard fitIntercept else { return (0, beta) }
        var shift = 0.0
        for j in 0..<columns { shift += means[j] * beta[j] }
        return (intercept - shift, beta)
    }

    /// Standardized (w, b) from an original-scale (b₀, β).
    func standardized(intercept: Double, coefficients beta: [Double]) -> (w: [Double], intercept: Double) {
        var shift = 0.0
        for j in 0..<columns { shift += means[j] * beta[j] }
        return ((0..<columns).map { beta[$0] * scales[$0] }, fitIntercept ? intercept + shift : 0)
    }

    /// What one fused pass returns: `Σ sᵢℓ(rᵢ)`; with a gradient, `Xᵀd`, `Σ dᵢ`
    /// and `Σ dᵢ²/sᵢ` for `dᵢ = gradientScale·sᵢ·dℓ/dŷᵢ`.
    struct PassSums {
        var loss = 0.0
        var xtd: [Double] = []
        var sumD = 0.0
        var sumDSquaredOverWeight = 0.0
    }

    /// One pass over X in row blocks: predictions `X_B u + c`, the loss's fused
    /// value-and-gradient kernel on the block, then `X_Bᵀd` while the block is
    /// in cache. O(n·p), one read of X, O(block) scratch.
    func pass<L: RegressionLoss>(_ loss: L, u: [Double], offset: Double, gradientScale: Double,
                                 wantsGradient: Bool) -> PassSums {
        let n = rows, p = columns
        let blockRows = Self.blockRows
        var predictions = [Double](repeating: 0, count: min(blockRows, n))
        var slopes = predictions
        var sums = PassSums()
        sums.xtd = [Double](repeating: 0, count: wantsGradient ? p : 0)
        var total = CompensatedAccumulator()
        var sumD = 0.0, sumD2 = 0.0
        withWeights { wp in
            features.withUnsafeBufferPointer { xp in
                u.withUnsafeBufferPointer { up in
                    predictions.withUnsafeMutableBufferPointer { pred in
                        slopes.withUnsafeMutableBufferPointer { d in
                            targets.withUnsafeBufferPointer { yp in
                                sums.xtd.withUnsafeMutableBufferPointer { acc in
                                    guard let x = xp.baseAddress, let predBase = pred.baseAddress, let dBase = d.baseAddress else { return }
                                    var start = 0
                                    while start < n {
                                        let end = min(start + blockRows, n)
                                        let b = end - start
                                        if let ub = up.baseAddress {
                                            Matrix.rowBlockTimes(x, ld: n, rows: start..<end, columns: p, ub, into: predBase)
                                        } else {
                                            for k in 0..<b { pred[k] = 0 }
                                        }
                                        for k in 0..<b { pred[k] += offset }
                                        let predBlock = UnsafeBufferPointer(rebasing: pred[0..<b])
                                        let yBlock = UnsafeBufferPointer(rebasing: yp[start..<end])
                                        let wBlock = wp.map { UnsafeBufferPointer(rebasing: $0[start..<end]) }
                                        if wantsGradient {
                                            let dBlock = UnsafeMutableBufferPointer(rebasing: d[0..<b])
                                            total.add(loss._sumOfValues(predictions: predBlock, targets: yBlock, weights: wBlock,
                                                                        gradientScale: gradientScale, gradient: dBlock))
                                            var s = 0.0, s2 = 0.0
                                            if let wb = wBlock {
                                                for k in 0..<b { s += d[k]; s2 += d[k] * d[k] / wb[k] }
                                            } else {
                                                for k in 0..<b { s += d[k]; s2 += d[k] * d[k] }
                                            }
                                            sumD += s
                                            sumD2 += s2
                                            if let accBase = acc.baseAddress {
                                                Matrix.rowBlockTransposeTimes(x, ld: n, rows: start..<end, columns: p, dBase, adding: accBase)
                                            }
                                        } else {
                                            total.add(loss._sumOfValues(predictions: predBlock, targets: yBlock, weights: wBlock))
                                        }
                                        start = end
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        sums.loss = total.value
        sums.sumD = sumD
        sums.sumDSquaredOverWeight = sumD2
        return sums
    }

    /// `body` with the sample weights' buffer (nil without weights).
    func withWeights<R>(_ body: (UnsafeBufferPointer<Double>?) -> R) -> R {
        if let weights { return weights.withUnsafeBufferPointer { body($0) } }
        return body(nil)
    }

    /// The gradient in the standardized coordinates from a pass's sums:
    /// ∂/∂wⱼ = (Σᵢ xᵢⱼdᵢ − x̄ⱼΣᵢdᵢ)/σⱼ, ∂/∂b = Σᵢ dᵢ (b only with an intercept).
    func standardizedGradient(_ sums: PassSums, into gradient: inout [Double]) {
        for j in 0..<columns { gradient[j] = (sums.xtd[j] - means[j] * sums.sumD) / scales[j] }
        if fitIntercept { gradient[columns] = sums.sumD }
    }
}
