import RealModule

/// Root mean squared error without overflow or underflow (the BLAS `nrm2`
/// idea): the fast SIMD sum first, and a rescaled second look only when that
/// sum overflowed or was small enough for underflow to have cost digits.
extension SquaredError {
    /// `Σ wᵢ (yᵢ − ŷᵢ)²` and `Σ wᵢ` as a `ScaledSquareSum` that cannot overflow
    /// or underflow where the mean square's root is representable.
    ///
    /// Residuals around 1e±200 in Double (1e±30 in Float) keep full precision:
    /// 1. the SIMD kernel computes `S = Σ wᵢ rᵢ²` in `T` squares / Double sums;
    /// 2. if `S` is finite and `S ≥ Σwᵢ · T.leastNormalMagnitude / T.ulpOfOne`
    ///    (so underflowed squares changed `S` by at most one ulp), it is
    ///    returned with `scale = 1`;
    /// 3. otherwise two more passes in Double: `m = max |rᵢ|`, then
    ///    `Σ wᵢ (rᵢ·2⁻ᵉ)²` with `2ᵉ ≤ m < 2ᵉ⁺¹` — exact scaling, compensated sum.
    ///
    /// Under `.skip` (or with Float16) only step 3 runs, on the kept samples.
    /// Residuals themselves must be representable (`y − ŷ` of two Doubles near
    /// ±1.8e308 of opposite sign is ∞). NaN propagates under `.propagate`; an
    /// infinite residual gives `scale = +∞`.
    /// - Throws: as `loss(predictions:targets:weights:reduction:nanPolicy:)` with
    ///   `.mean`: count mismatch, invalid weight, zero total weight, empty input.
    /// - Complexity: O(n); one pass in the common case, three when rescaling.
    @inlinable
    public func scaledSumOfSquares<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> ScaledSquareSum {
        try _checkCounts(predictions.count, targets.count, weights?.count)
        let n = predictions.count
        if n == 0 { throw LossKitError.tooFewValues(name: "predictions", count: 0, minimum: 1) }
        let skip = nanPolicy == .skip
        var weightTotal = Double(n)
        if let weights {
            weightTotal = try LossKernels.checkedWeightTotal(weights, allowNaN: skip)
            if weightTotal == 0 && !skip { throw LossKitError.zeroTotalWeight }
        }
        if !skip && (T.self == Float.self || T.self == Double.self) {
            let fast = _sumOfValues(predictions: predictions, targets: targets, weights: weights)
            if fast.isNaN { return ScaledSquareSum(scale: .nan, sumOfSquares: .nan, weightTotal: weightTotal) }
            let threshold = weightTotal * Double(T.leastNormalMagnitude) / Double(T.ulpOfOne)
            if fast.isFinite && fast >= threshold {
                return ScaledSquareSum(scale: 1, sumOfSquares: fast, weightTotal: weightTotal)
            }
        }
        let result = LossKernels.rescaledSquareSum(predictions, targets, weights, skip: skip)
        if skip && result.kept > 0 && result.weightTotal == 0 { throw LossKitError.zeroTotalWeight }
        return ScaledSquareSum(
            scale: result.scale, sumOfSquares: result.sumOfSquares,
            weightTotal: skip ? result.weightTotal : weightTotal)
    }

    /// The root mean squared error `√(Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ)` (unweighted
    /// `√(Σ rᵢ²/n)`), finite and accurate for residuals near 1e±200 in Double.
    ///
    /// ```swift
    /// let rmse = try SquaredError().rootMeanSquaredError(predictions: p, targets: y)
    /// ```
    /// - Returns: the RMSE rounded once to `T` (so a `Float` RMSE of 1e-200
    ///   is 0: `Float` cannot hold it; compute in Double for that). NaN if every
    ///   sample is skipped under `.skip`.
    /// - Throws: as `scaledSumOfSquares`.
    /// - Complexity: O(n); see `scaledSumOfSquares`.
    @inlinable
    public func rootMeanSquaredError<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>? = nil,
        nanPolicy: NaNPolicy = .propagate
    ) throws -> T {
        T(try scaledSumOfSquares(
            predictions: predictions, targets: targets, weights: weights, nanPolicy: nanPolicy).rootMeanSquare)
    }

    /// `scaledSumOfSquares` on arrays.
    @inlinable
    public func scaledSumOfSquares<T: LossScalar>(
        predictions: [T], targets: [T], weights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> ScaledSquareSum {
        try _withBuffers(predictions, targets, weights) { p, t, w in
            try scaledSumOfSquares(predictions: p, targets: t, weights: w, nanPolicy: nanPolicy)
        }
    }

    /// `rootMeanSquaredError` on arrays.
    @inlinable
    public func rootMeanSquaredError<T: LossScalar>(
        predictions: [T], targets: [T], weights: [T]? = nil, nanPolicy: NaNPolicy = .propagate
    ) throws -> T {
        try _withBuffers(predictions, targets, weights) { p, t, w in
            try rootMeanSquaredError(predictions: p, targets: t, weights: w, nanPolicy: nanPolicy)
        }
    }
}
