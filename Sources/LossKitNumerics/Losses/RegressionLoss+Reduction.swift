import RealModule

/// The array API every loss gets: reductions, weights, NaN policy, gradients.
///
/// **Inputs.** Every method comes in two forms: on `[T]` and on
/// `UnsafeBufferPointer<T>` (for any contiguous storage: `ContiguousArray`,
/// `ArraySlice`, `Data`-backed or memory-mapped buffers, via their
/// `withUnsafeBufferPointer`). `predictions`, `targets` and `weights` (if
/// given) must have the same count; a mismatch throws
/// `LossKitError.countMismatch` naming both inputs. Nothing is broadcast.
///
/// **Reduction** (one default for every loss: `.mean`), with `ℓᵢ = ℓ(yᵢ − ŷᵢ)`:
/// - `.sum`: `Σ wᵢ·ℓᵢ`;
/// - `.mean`: `Σ wᵢ·ℓᵢ / Σ wᵢ` — the weighted mean divides by the **sum of the
///   weights** (scikit-learn's `sample_weight`), unweighted `Σ ℓᵢ / n`.
///   PyTorch's and Keras' weighted losses divide by n instead; LossKit does not.
/// - `.none`: per-element values `wᵢ·ℓᵢ` come from `values(...)`, which returns
///   `[T]`. The scalar-returning `loss` and `valueAndGradient` throw
///   `LossKitError.invalidParameter(name: "reduction", …)` for `.none`, and
///   `gradient(..., reduction: .none)` returns the per-element derivatives
///   `wᵢ·dℓᵢ/dŷᵢ` (the same as under `.sum`).
///
/// **Edge cases.** Empty input: `.sum` is 0, `values` is `[]`, and `.mean`
/// throws `LossKitError.tooFewValues(name: "predictions", count: 0, minimum: 1)`
/// (a mean of nothing is not a number, and scikit-learn raises too). A weight
/// that is negative, infinite or (under `.propagate`) NaN throws
/// `LossKitError.invalidWeight(index:value:)`; weights summing to zero under
/// `.mean` throw `LossKitError.zeroTotalWeight`. A zero weight does not mask a
/// NaN or infinite loss (`0·∞` is NaN): use `.skip` to drop NaN samples.
///
/// **NaN.** `.propagate` (default): NaN in a prediction or target gives NaN.
/// `.skip`: samples with a NaN prediction, target or weight are dropped — they
/// count neither in `n` nor in `Σ wᵢ`, get gradient 0, and `values` reports 0 for
/// them (so `Σ values == loss(.sum)`); if every sample is dropped, `.mean` is NaN.
///
/// **Accuracy.** Sums are accumulated in Double in blocks of a few hundred elements whose
/// sums are added with Neumaier compensation, so for `Double` inputs the
/// reduced value is within a few ulps of the exact sum of the per-element
/// values (ill-conditioned only through the per-element values themselves);
/// `Float` inputs get the per-element rounding of `Float` arithmetic and a
/// `Double`-accurate sum.
///
/// **Overflow.** A `.mean` whose sum `Σ wᵢℓᵢ` (or `Σ wᵢ`) overflows is
/// recomputed as the convex combination `Σ (wᵢ/Σw)·ℓᵢ` with the weights
/// scaled by a power of two (`LossKernels.convexMean`), which cannot exceed
/// `max ℓᵢ`: the mean is finite whenever every per-element loss is (data near
/// 1e307, weights near 1e308). It is +∞ only when a per-element loss itself
/// overflows (a residual beyond Double's range, or `r²` beyond it for the
/// squared losses: use `rootMeanSquaredError` there). Under `.skip` and for
/// gradients the direct sum is used.
extension RegressionLoss {
    // MARK: Buffers

    /// The reduced loss `Σ wᵢ·ℓ(yᵢ − ŷᵢ)` (`.sum`) or `Σ wᵢ·ℓᵢ / Σ wᵢ` (`.mean`,
    /// the default; unweighted `Σ ℓᵢ / n`).
    ///
    /// ```swift
    /// let mse = try SquaredError().loss(predictions: p, targets: y)
    /// ```
    /// - Parameters:
    ///   - predictions: `ŷ`, the model's outputs.
    ///   - targets: `y`, the true values; same count as `predictions`.
    ///   - weights: optional sample weights, finite and ≥ 0, same count.
    ///   - reduction: `.mean` (default) or `.sum`; `.none` throws — use `values`.
    ///   - nanPolicy: `.propagate` (default) or `.skip`.
    /// - Returns: the reduced loss, accumulated in Double and rounded to `T` once.
    /// - Throws: `LossKitError.countMismatch`, `.invalidWeight`,
    ///   `.zeroTotalWeight`, `.tooFewValues` (empty under `.mean`),
    ///   `.invalidParameter` (reduction `.none`).
    /// - Complexity: O(n), one pass over the inputs (two with weights).
    @inlinable
    public func loss<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>? = nil,
        reduction: Reduction = .mean,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> T {
        try _requireScalar(reduction)
        return T(try _reduce(predictions, targets, weights, reduction, nanPolicy, gradient: nil))
    }

    /// The per-element weighted losses `wᵢ·ℓ(yᵢ − ŷᵢ)` (reduction `.none`);
    /// unweighted, `ℓᵢ`. Under `.skip`, a dropped sample's entry is 0.
    /// - Throws: `LossKitError.countMismatch`, `.invalidWeight`.
    /// - Complexity: O(n).
    @inlinable
    public func values<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> [T] {
        try _checkCounts(predictions.count, targets.count, weights?.count)
        if let weights { _ = try LossKernels.checkedWeightTotal(weights, allowNaN: nanPolicy == .skip) }
        let n = predictions.count
        return [T](unsafeUninitializedCapacity: n) { out, initialized in
            guard let p = predictions.baseAddress, let t = targets.baseAddress,
                  let o = out.baseAddress else { initialized = 0; return }
            let w = weights?.baseAddress
            let skip = nanPolicy == .skip
            for i in 0..<n {
                let wi: T = w?[i] ?? 1
                if skip && (p[i].isNaN || t[i].isNaN || wi.isNaN) {
                    o[i] = 0
                } else {
                    let v = value(residual: t[i] - p[i])
                    o[i] = w == nil ? v : wi * v
                }
            }
            initialized = n
        }
    }

    /// The gradient of the reduced loss with respect to each prediction:
    /// `gᵢ = wᵢ·dℓ(yᵢ − ŷᵢ)/dŷᵢ` under `.sum` and `.none`, divided by `Σ wᵢ`
    /// (unweighted: by n) under `.mean`. At a kink the per-loss subgradient is
    /// used (see each loss).
    /// - Throws: as `loss`, except that `.none` is allowed.
    /// - Complexity: O(n).
    @inlinable
    public func gradient<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>? = nil,
        reduction: Reduction = .mean,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> [T] {
        try _checkCounts(predictions.count, targets.count, weights?.count)
        return try [T](unsafeUninitializedCapacity: predictions.count) { out, initialized in
            _ = try _reduce(predictions, targets, weights, reduction, nanPolicy, gradient: out)
            initialized = predictions.count
        }
    }

    /// The reduced loss and its gradient with respect to each prediction, in
    /// one fused pass (see `loss` and `gradient` for the meaning).
    /// - Throws: as `loss`.
    /// - Complexity: O(n), one pass (two with weights).
    @inlinable
    public func valueAndGradient<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>? = nil,
        reduction: Reduction = .mean,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> (value: T, gradient: [T]) {
        try _requireScalar(reduction)
        try _checkCounts(predictions.count, targets.count, weights?.count)
        var value = 0.0
        let gradient = try [T](unsafeUninitializedCapacity: predictions.count) { out, initialized in
            value = try _reduce(predictions, targets, weights, reduction, nanPolicy, gradient: out)
            initialized = predictions.count
        }
        return (T(value), gradient)
    }

    /// Allocation-free fused kernel: writes the gradient of the reduced loss
    /// into `gradient` (same count as the inputs) and returns the reduced loss.
    /// The fast entry point for training loops and benchmarks.
    /// - Throws: as `loss`; `.countMismatch` if `gradient` has the wrong count.
    /// - Complexity: O(n), one pass (two with weights).
    @inlinable
    public func valueAndGradient<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>? = nil,
        reduction: Reduction = .mean,
        nanPolicy: NaNPolicy = .propagate,
        into gradient: UnsafeMutableBufferPointer<T>
    ) throws -> T {
        try _requireScalar(reduction)
        try _checkCounts(predictions.count, targets.count, weights?.count)
        if gradient.count != predictions.count {
            throw LossKitError.countMismatch(
                name: "gradient", count: gradient.count, otherName: "predictions", otherCount: predictions.count)
        }
        return T(try _reduce(predictions, targets, weights, reduction, nanPolicy, gradient: gradient))
    }

    // MARK: Arrays

    /// `loss(predictions:targets:weights:reduction:nanPolicy:)` on arrays.
    @inlinable
    public func loss<T: LossScalar>(
        predictions: [T], targets: [T], weights: [T]? = nil,
        reduction: Reduction = .mean, nanPolicy: NaNPolicy = .propagate
    ) throws -> T {
        try _withBuffers(predictions, targets, weights) { p, t, w in
            try loss(predictions: p, targets: t, weights: w, reduction: reduction, nanPolicy: nanPolicy)
        }
    }

    /// `values(predictions:targets:weights:nanPolicy:)` on arrays.
    @inlinable
    public func values<T: LossScalar>(
        predictions: [T], targets: [T], weights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> [T] {
        try _withBuffers(predictions, targets, weights) { p, t, w in
            try values(predictions: p, targets: t, weights: w, nanPolicy: nanPolicy)
        }
    }

    /// `gradient(predictions:targets:weights:reduction:nanPolicy:)` on arrays.
    @inlinable
    public func gradient<T: LossScalar>(
        predictions: [T], targets: [T], weights: [T]? = nil,
        reduction: Reduction = .mean, nanPolicy: NaNPolicy = .propagate
    ) throws -> [T] {
        try _withBuffers(predictions, targets, weights) { p, t, w in
            try gradient(predictions: p, targets: t, weights: w, reduction: reduction, nanPolicy: nanPolicy)
        }
    }

    /// `valueAndGradient(predictions:targets:weights:reduction:nanPolicy:)` on arrays.
    @inlinable
    public func valueAndGradient<T: LossScalar>(
        predictions: [T], targets: [T], weights: [T]? = nil,
        reduction: Reduction = .mean, nanPolicy: NaNPolicy = .propagate
    ) throws -> (value: T, gradient: [T]) {
        try _withBuffers(predictions, targets, weights) { p, t, w in
            try valueAndGradient(predictions: p, targets: t, weights: w, reduction: reduction, nanPolicy: nanPolicy)
        }
    }

    // MARK: Shared machinery

    /// Reduces and (if `gradient` is given) writes the gradient of the reduced
    /// loss. Returns the reduced value in Double (`.none` returns the sum).
    @inlinable
    func _reduce<T: LossScalar>(
        _ predictions: UnsafeBufferPointer<T>,
        _ targets: UnsafeBufferPointer<T>,
        _ weights: UnsafeBufferPointer<T>?,
        _ reduction: Reduction,
        _ nanPolicy: NaNPolicy,
        gradient: UnsafeMutableBufferPointer<T>?
    ) throws -> Double {
        try _checkCounts(predictions.count, targets.count, weights?.count)
        let n = predictions.count
        if reduction == .mean && n == 0 {
            throw LossKitError.tooFewValues(name: "predictions", count: 0, minimum: 1)
        }
        var weightTotal = Double(n)
        if let weights {
            weightTotal = try LossKernels.checkedWeightTotal(weights, allowNaN: nanPolicy == .skip)
        }
        switch nanPolicy {
        case .propagate:
            let denominator: Double
            if reduction == .mean {
                if weights != nil && weightTotal == 0 { throw LossKitError.zeroTotalWeight }
                denominator = weightTotal
            } else {
                denominator = 1
            }
            let sum: Double
            if let gradient {
                sum = _sumOfValues(
                    predictions: predictions, targets: targets, weights: weights,
                    gradientScale: T(1 / denominator), gradient: gradient)
            } else {
                sum = _sumOfValues(predictions: predictions, targets: targets, weights: weights)
            }
            guard reduction == .mean else { return sum }
            if !sum.isFinite || !weightTotal.isFinite {
                // Σ wᵢℓᵢ (or Σ wᵢ) overflowed: the mean may still be representable.
                return LossKernels.convexMean(self, predictions, targets, weights)
            }
            return sum / denominator
        case .skip:
            let (sum, keptWeight, kept) = LossKernels.skippingSums(
                self, predictions, targets, weights, gradient: gradient)
            guard reduction == .mean else { return sum }
            if kept == 0 { return .nan }
            if keptWeight == 0 { throw LossKitError.zeroTotalWeight }
            if let g = gradient?.baseAddress {
                let scale = T(1 / keptWeight)
                for i in 0..<n { g[i] *= scale }
            }
            return sum / keptWeight
        }
    }

    @inlinable
    func _requireScalar(_ reduction: Reduction) throws {
        if reduction == .none {
            throw LossKitError.invalidParameter(
                name: "reduction", value: "none",
                requirement: "a scalar reduction (.mean or .sum); per-element losses come from values(predictions:targets:weights:nanPolicy:)")
        }
    }

    @inlinable
    func _checkCounts(_ predictions: Int, _ targets: Int, _ weights: Int?) throws {
        if targets != predictions {
            throw LossKitError.countMismatch(
                name: "predictions", count: predictions, otherName: "targets", otherCount: targets)
        }
        if let weights, weights != predictions {
            throw LossKitError.countMismatch(
                name: "weights", count: weights, otherName: "predictions", otherCount: predictions)
        }
    }

    @inlinable
    func _withBuffers<T, R>(
        _ predictions: [T], _ targets: [T], _ weights: [T]?,
        _ body: (UnsafeBufferPointer<T>, UnsafeBufferPointer<T>, UnsafeBufferPointer<T>?) throws -> R
    ) throws -> R {
        try predictions.withUnsafeBufferPointer { p in
            try targets.withUnsafeBufferPointer { t in
                if let weights {
                    return try weights.withUnsafeBufferPointer { w in try body(p, t, w) }
                }
                return try body(p, t, nil)
            }
        }
    }
}
