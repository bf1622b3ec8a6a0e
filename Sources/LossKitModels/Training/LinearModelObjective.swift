import LossKitData
import LossKitNumerics
import LossKitOptimization

/// The penalized objective of a linear model with intercept, for the
/// gradient-trained optimizers (`LossKitOptimization`):
///
///     f(w, b) = Σᵢ sᵢ ℓ(yᵢ − zᵢᵀw − b) / Σᵢ sᵢ  +  α·(ρ‖w‖₁ + (1 − ρ)/2·‖w‖²)
///
/// where `zᵢ` are the features standardized internally,
/// `zᵢⱼ = (xᵢⱼ − x̄ⱼ)/σⱼ` (weighted column mean and population standard
/// deviation, computed once; σⱼ = 1 for a constant column), `ℓ` any
/// `RegressionLoss` (`value(residual:)`, `derivative(residual:)`,
/// `secondDerivative(residual:)` and the losses' fused value-and-gradient
/// kernels), `sᵢ` the sample weights (1 when nil), α ≥ 0 and ρ ∈ [0, 1] the
/// elastic-net mix (scikit-learn's `alpha` and `l1_ratio`). The parameters are
/// `θ = (w₁…w_p, b)` in the standardized coordinates (b last; absent with
/// `fitIntercept: false`); `originalScale(_:)` maps them back to
/// `y ≈ b₀ + xᵀβ`, `βⱼ = wⱼ/σⱼ`, `b₀ = b − Σⱼ x̄ⱼβⱼ`. With
/// `standardize: false`, σⱼ = 1 and the features are only centered, which
/// changes neither the objective nor β (the intercept is not penalized) but
/// conditions the problem better.
///
/// ```swift
/// let objective = try LinearModelObjective(features: x, targets: y, loss: HuberLoss(delta: 1), alpha: 1e-4)
/// let run = try LBFGS().minimize(objective, from: objective.zeroStart)
/// let (intercept, coefficients) = objective.originalScale(run.parameters)
/// ```
///
/// **Nonsmooth penalties.** With ρ > 0 the L1 term is not differentiable at
/// wⱼ = 0; the gradient uses the subgradient α·ρ·sign(wⱼ) with sign(0) = 0,
/// the same convention as the losses' kinks. Gradient methods then hover
/// around exact zeros instead of reaching them: exact sparsity needs a
/// proximal (soft-thresholding) step, which is the SGD regressor's business.
/// `hessian(at:)` ignores the L1 term (zero almost everywhere).
///
/// **Cost.** A full-batch value-and-gradient reads `X` once from memory: rows
/// are processed in blocks of 512, computing `Z_B·w`, the loss's fused
/// value-and-gradient kernel on the block and `Z_Bᵀ·d` while the block is in
/// cache (`Matrix.rowBlockTimes` / `rowBlockTransposeTimes`); no
/// standardized copy of `X` is made (the centering and scaling are folded into
/// w and b). `value(at:)` is one pass; a mini-batch costs O(|B|·p);
/// `hessian(at:)` O(n·p²) (only for losses whose second derivative is a
/// number everywhere it is needed: squared error, Huber, log-cosh, smooth L1,
/// squared ε-insensitive; nil when any ℓ″(rᵢ) is NaN, as at an L1 kink).
///
/// **Numerics.** Sums of losses accumulate in Double with the kernels'
/// compensated block sums. A residual that overflows gives f = ∞ and the
/// optimizers treat it as divergence or "too far" (never a crash).
public struct LinearModelObjective<Loss: RegressionLoss>: StochasticObjective, Sendable {
    public let loss: Loss
    public let alpha: Double
    public let l1Ratio: Double
    public let fitIntercept: Bool
    /// x̄ⱼ (0 without an intercept).
    public let means: [Double]
    /// σⱼ (1 when not standardized or for a constant column).
    public let scales: [Double]
    let features: Matrix
    let targets: [Double]
    let weights: [Double]?
    let totalWeight: Double

    /// Rows per block of the fused full-batch pass (512 rows × 100 columns
    /// of Double is 400 KB: the block stays in L2 between the two products).
    static var blockRows: Int { 512 }

    /// - Parameters: `features` n × p, `targets` (n), `weights` (n, each > 0,
    ///   finite; nil = 1), the loss, `alpha` α ≥ 0, `l1Ratio` ρ ∈ [0, 1],
    ///   `standardize` (default true), `fitIntercept` (default true).
    /// - Throws: `LossKitError.countMismatch` for mismatched counts,
    ///   `.nonFiniteValue` naming the column and row (features) or row
    ///   (targets), `.invalidWeight`, `.invalidParameter` for α or ρ outside
    ///   their ranges, `.tooFewValues` for no rows.
    /// - Complexity: O(n·p) (two passes over X for the means and scales).
    public init(features x: Matrix, targets y: [Double], weights: [Double]? = nil, loss: Loss,
                alpha: Double = 0, l1Ratio: Double = 0, standardize: Bool = true, fitIntercept: Bool = true) throws {
        guard x.rows == y.count else {
            throw LossKitError.countMismatch(name: "targets", count: y.count, otherName: "feature rows", otherCount: x.rows)
        }
        guard x.rows >= 1 else { throw LossKitError.tooFewValues(name: "rows", count: x.rows, minimum: 1) }
        guard alpha >= 0, alpha.isFinite else {
            throw LossKitError.invalidParameter(name: "alpha", value: "\(alpha)", requirement: "must be a finite number >= 0")
        }
        guard l1Ratio >= 0, l1Ratio <= 1 else {
            throw LossKitError.invalidParameter(name: "l1Ratio", value: "\(l1Ratio)", requirement: "must be in [0, 1]")
        }
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
                    // The weighted population standard deviation about the mean
                    // (about 0 without an intercept: the scale of the column itself).
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
        self.loss = loss
        self.alpha = alpha
        self.l1Ratio = l1Ratio
        self.fitIntercept = fitIntercept
        self.means = design.means
        self.scales = scales
        self.features = x
        self.targets = y
        self.weights = weights
        self.totalWeight = design.totalWeight
    }

    /// p + 1 with an intercept, else p.
    public var dimension: Int { features.columns + (fitIntercept ? 1 : 0) }
    public var sampleCount: Int { features.rows }
    /// θ = 0: every weight 0 (and b = 0).
    public var zeroStart: [Double] { [Double](repeating: 0, count: dimension) }

    /// (b₀, β) on the original scale of the features from θ.
    public func originalScale(_ theta: [Double]) -> (intercept: Double, coefficients: [Double]) {
        let p = features.columns
        let beta = (0..<p).map { theta[$0] / scales[$0] }
        guard fitIntercept else { return (0, beta) }
        var shift = 0.0
        for j in 0..<p { shift += means[j] * beta[j] }
        return (theta[p] - shift, beta)
    }

    /// θ from an original-scale (b₀, β) (a warm start).
    public func parameters(intercept: Double, coefficients beta: [Double]) -> [Double] {
        let p = features.columns
        var theta = (0..<p).map { beta[$0] * scales[$0] }
        if fitIntercept {
            var shift = 0.0
            for j in 0..<p { shift += means[j] * beta[j] }
            theta.append(intercept + shift)
        }
        return theta
    }

    /// u = w/σ and the offset c = b − x̄ᵀu, so zᵢᵀw + b = xᵢᵀu + c.
    func foldedCoefficients(_ theta: [Double]) -> (u: [Double], offset: Double) {
        let p = features.columns
        var u = [Double](repeating: 0, count: p)
        var offset = fitIntercept ? theta[p] : 0
        for j in 0..<p {
            u[j] = theta[j] / scales[j]
            offset -= means[j] * u[j]
        }
        return (u, offset)
    }

    /// α(ρ‖w‖₁ + (1 − ρ)/2‖w‖²), and its (sub)gradient added into `gradient`.
    func penalty(_ theta: [Double], gradient: UnsafeMutablePointer<Double>?) -> Double {
        guard alpha > 0 else { return 0 }
        var l1 = 0.0, l2 = 0.0
        for j in 0..<features.columns {
            let w = theta[j]
            l1 += abs(w); l2 += w * w
            if let gradient {
                let sign: Double = w > 0 ? 1 : (w < 0 ? -1 : 0)
                gradient[j] += alpha * (l1Ratio * sign + (1 - l1Ratio) * w)
            }
        }
        return alpha * (l1Ratio * l1 + (1 - l1Ratio) / 2 * l2)
    }

    /// `body` with the sample weights' buffer (nil without weights).
    func withWeights<R>(_ body: (UnsafeBufferPointer<Double>?) -> R) -> R {
        if let weights { return weights.withUnsafeBufferPointer { body($0) } }
        return body(nil)
    }

    /// The full objective and gradient in one read of X (see the type's doc).
    public func valueAndGradient(at theta: [Double], gradient: inout [Double]) -> Double {
        fullPass(theta, gradient: &gradient, wantsGradient: true)
    }

    public func value(at theta: [Double]) -> Double {
        var unused: [Double] = []
        return fullPass(theta, gradient: &unused, wantsGradient: false)
    }

    func fullPass(_ theta: [Double], gradient: inout [Double], wantsGradient: Bool) -> Double {
        let n = features.rows, p = features.columns
        let (u, offset) = foldedCoefficients(theta)
        let blockRows = Self.blockRows
        var predictions = [Double](repeating: 0, count: min(blockRows, n))
        var slopes = predictions
        var xtd = [Double](repeating: 0, count: p)
        var sumD = 0.0
        var total = CompensatedAccumulator()
        let scale = 1 / totalWeight
        withWeights { wp in
            features.withUnsafeBufferPointer { xp in
                u.withUnsafeBufferPointer { up in
                    predictions.withUnsafeMutableBufferPointer { pred in
                        slopes.withUnsafeMutableBufferPointer { d in
                            targets.withUnsafeBufferPointer { yp in
                                xtd.withUnsafeMutableBufferPointer { acc in
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
                                                                        gradientScale: scale, gradient: dBlock))
                                            var s = 0.0
                                            for k in 0..<b { s += d[k] }
                                            sumD += s
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
        var f = total.value * scale
        if wantsGradient {
            // ∂/∂wⱼ = (Σᵢ xᵢⱼdᵢ − x̄ⱼΣᵢdᵢ)/σⱼ, ∂/∂b = Σᵢ dᵢ.
            for j in 0..<p { gradient[j] = (xtd[j] - means[j] * sumD) / scales[j] }
            if fitIntercept { gradient[p] = sumD }
            f += gradient.withUnsafeMutableBufferPointer { penalty(theta, gradient: $0.baseAddress) }
        } else {
            f += penalty(theta, gradient: nil)
        }
        return f
    }

    /// The mean loss over the rows in `batch` (weighted: Σ_B sᵢℓᵢ/Σ_B sᵢ) plus
    /// the penalty, and its gradient. O(|B|·p), strided reads of X's rows.
    public func valueAndGradient(at theta: [Double], batch: ArraySlice<Int>, gradient: inout [Double]) -> Double {
        let n = features.rows, p = features.columns
        let (u, offset) = foldedCoefficients(theta)
        for j in gradient.indices { gradient[j] = 0 }
        var batchWeight = 0.0
        for i in batch { batchWeight += weights?[i] ?? 1 }
        guard batchWeight > 0 else { return penalty(theta, gradient: nil) }
        var f = 0.0, sumD = 0.0
        features.withUnsafeBufferPointer { xp in
            for i in batch {
                var prediction = offset
                for j in 0..<p { prediction += xp[i + j * n] * u[j] }
                let r = targets[i] - prediction
                let s = (weights?[i] ?? 1) / batchWeight
                f += s * loss.value(residual: r)
                let d = -s * loss.derivative(residual: r)   // dℓ/dŷ
                sumD += d
                for j in 0..<p { gradient[j] += d * xp[i + j * n] }
            }
        }
        for j in 0..<p { gradient[j] = (gradient[j] - means[j] * sumD) / scales[j] }
        if fitIntercept { gradient[p] = sumD }
        return f + gradient.withUnsafeMutableBufferPointer { penalty(theta, gradient: $0.baseAddress) }
    }

    /// ∇²f = Z̃ᵀ·diag(sᵢℓ″(rᵢ)/Σs)·Z̃ + α(1 − ρ)·I on the w block (Z̃ = [Z, 1]),
    /// column-major (p+1)²; nil when some ℓ″(rᵢ) is NaN (a kink) or negative.
    /// - Complexity: O(n·p²), through the SYRK kernel on row blocks.
    public func hessian(at theta: [Double]) -> [Double]? {
        let n = features.rows, p = features.columns, q = dimension
        let (u, offset) = foldedCoefficients(theta)
        let blockRows = Self.blockRows
        var block = [Double](repeating: 0, count: min(blockRows, n) * q)
        var prediction = [Double](repeating: 0, count: min(blockRows, n))
        var h = [Double](repeating: 0, count: q * q)
        var valid = true
        features.withUnsafeBufferPointer { xp in
            guard let x = xp.baseAddress else { return }
            var start = 0
            while start < n, valid {
                let end = min(start + blockRows, n), b = end - start
                prediction.withUnsafeMutableBufferPointer { pred in
                    u.withUnsafeBufferPointer { up in
                        if let ub = up.baseAddress, let out = pred.baseAddress {
                            Matrix.rowBlockTimes(x, ld: n, rows: start..<end, columns: p, ub, into: out)
                        }
                    }
                }
                // Rows √(sᵢℓ″ᵢ/Σs)·z̃ᵢ of the block, column-major b × q.
                for k in 0..<b {
                    let i = start + k
                    let r = targets[i] - (prediction[k] + offset)
                    let curvature = (weights?[i] ?? 1) / totalWeight * loss.secondDerivative(residual: r)
                    guard curvature >= 0 else { valid = false; break }
                    let root = curvature.squareRoot()
                    for j in 0..<p { block[k + j * b] = root * (xp[i + j * n] - means[j]) / scales[j] }
                    if fitIntercept { block[k + p * b] = root }
                }
                guard valid else { break }
                var partial = Matrix(rows: b, columns: q)
                partial.withUnsafeMutableBufferPointer { dst in
                    for t in 0..<(b * q) { dst[t] = block[t] }
                }
                let g = partial.gram()
                g.withUnsafeBufferPointer { gp in for t in 0..<(q * q) { h[t] += gp[t] } }
                start = end
            }
        }
        guard valid else { return nil }
        let ridge = alpha * (1 - l1Ratio)
        if ridge > 0 { for j in 0..<p { h[j + j * q] += ridge } }
        return h
    }

    /// H·v in two passes over X (no Hessian formed); false when some ℓ″ is NaN.
    public func hessianVectorProduct(at theta: [Double], vector v: [Double], product: inout [Double]) -> Bool {
        let n = features.rows, p = features.columns
        let (u, offset) = foldedCoefficients(theta)
        let (uv, offsetV) = foldedCoefficients(v)
        var ok = true
        var acc = [Double](repeating: 0, count: p)
        var sum = 0.0
        features.withUnsafeBufferPointer { xp in
            for i in 0..<n where ok {
                var prediction = offset, direction = offsetV
                for j in 0..<p { let xij = xp[i + j * n]; prediction += xij * u[j]; direction += xij * uv[j] }
                let c = (weights?[i] ?? 1) / totalWeight * loss.secondDerivative(residual: targets[i] - prediction)
                guard c.isFinite else { ok = false; break }
                let t = c * direction
                sum += t
                for j in 0..<p { acc[j] += t * xp[i + j * n] }
            }
        }
        guard ok else { return false }
        let ridge = alpha * (1 - l1Ratio)
        for j in 0..<p { product[j] = (acc[j] - means[j] * sum) / scales[j] + ridge * v[j] }
        if fitIntercept { product[p] = sum }
        return true
    }
}
