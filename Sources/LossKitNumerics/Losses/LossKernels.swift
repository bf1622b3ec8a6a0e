import RealModule

/// The generic loops behind every loss's array API: blocked sums accumulated
/// in Double (four scalar accumulators per block of `blockSize` elements, block
/// sums added with Neumaier compensation), over unsafe buffers so the hot loop
/// has no bounds checks and no ARC. `SquaredError` replaces the propagate-path
/// loops with SIMD kernels (`SquaredError+Kernels.swift`).
@usableFromInline
enum LossKernels {
    /// `sign(x)`: −1, 0 or 1, NaN for NaN — the subgradient the kinked
    /// losses use at 0.
    @inlinable @inline(__always)
    static func sign<T: LossScalar>(_ x: T) -> T {
        x > 0 ? 1 : (x < 0 ? -1 : x)  // ±0 → ±0 (== 0), NaN → NaN
    }

    /// 0, or NaN when `x` is NaN: the value of a flat branch that must still
    /// propagate NaN (`x - x` would turn ±∞ into NaN).
    @inlinable @inline(__always)
    static func zero<T: LossScalar>(propagating x: T) -> T {
        x.isNaN ? x : 0
    }

    /// Checks a loss parameter and returns it; used by the throwing inits.
    /// - Throws: `LossKitError.invalidParameter` naming the parameter.
    @inlinable
    static func checkedParameter(
        _ name: String, _ value: Double, _ requirement: String, _ isValid: (Double) -> Bool
    ) throws -> Double {
        guard isValid(value) else {
            throw LossKitError.invalidParameter(name: name, value: "\(value)", requirement: requirement)
        }
        return value
    }

    /// `buffer` seen as a buffer of `U`, for a `T` that is `U` (checked by
    /// the caller with `T.self == U.self`).
    @inlinable @inline(__always)
    static func rebound<T, U>(_ buffer: UnsafeBufferPointer<T>, to _: U.Type) -> UnsafeBufferPointer<U> {
        UnsafeBufferPointer(
            start: UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: U.self), count: buffer.count)
    }

    /// Elements summed in registers before one compensated add.
    @inlinable static var blockSize: Int { 512 }

    /// `Σ wᵢ·ℓ(yᵢ − ŷᵢ)` in Double (weights 1 when nil); if `gradient` is
    /// given, also writes `gradient[i] = scale·wᵢ·dℓ/dŷᵢ`. One loop for both,
    /// so the value alone and the fused value-and-gradient add the same terms
    /// in the same order and return the same value. Counts are equal.
    @inlinable
    static func sumOfValues<L: RegressionLoss, T: LossScalar>(
        _ loss: L,
        _ predictions: UnsafeBufferPointer<T>,
        _ targets: UnsafeBufferPointer<T>,
        _ weights: UnsafeBufferPointer<T>?,
        scale: T,
        gradient g: UnsafeMutablePointer<T>?
    ) -> Double {
        let n = predictions.count
        guard n > 0, let p = predictions.baseAddress, let t = targets.baseAddress else { return 0 }
        let w = weights?.baseAddress
        /// `weighted` and `writesGradient` are constants at each call of `run`
        /// below, so after inlining the loop has no branch on them.
        @inline(__always) func term(_ i: Int, _ weighted: Bool, _ writesGradient: Bool) -> Double {
            let r = t[i] - p[i]
            let wi: T = weighted ? w.unsafelyUnwrapped[i] : 1
            if writesGradient { g.unsafelyUnwrapped[i] = -(scale * wi) * loss.derivative(residual: r) }
            let v = loss.value(residual: r)
            return weighted ? Double(wi) * Double(v) : Double(v)
        }
        var total = CompensatedAccumulator()
        @inline(__always) func run(_ weighted: Bool, _ writesGradient: Bool) {
            var start = 0
            while start < n {
                let end = min(start + blockSize, n)
                var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
                var i = start
                while i + 4 <= end {
                    a0 += term(i, weighted, writesGradient)
                    a1 += term(i &+ 1, weighted, writesGradient)
                    a2 += term(i &+ 2, weighted, writesGradient)
                    a3 += term(i &+ 3, weighted, writesGradient)
                    i &+= 4
                }
                while i < end {
                    a0 += term(i, weighted, writesGradient)
                    i &+= 1
                }
                total.add((a0 + a1) + (a2 + a3))
                start = end
            }
        }
        switch (w != nil, g != nil) {
        case (false, false): run(false, false)
        case (false, true): run(false, true)
        case (true, false): run(true, false)
        case (true, true): run(true, true)
        }
        return total.value
    }

    /// `Σ (wᵢ/W)·ℓ(yᵢ − ŷᵢ)` with `W = Σ wᵢ` (unweighted `Σ ℓᵢ/n`): the weighted
    /// mean as a convex combination, so no partial sum exceeds `max ℓᵢ` and
    /// nothing overflows unless a per-element loss does. The weights are first
    /// scaled by the power of two of their largest (exact), so `W` is finite
    /// even when `Σ wᵢ` is not. The fallback of `.mean` when the direct sum
    /// overflowed; one more rounding per term than the direct sum.
    /// - Complexity: O(n), two passes with weights (one without).
    @inlinable
    static func convexMean<L: RegressionLoss, T: LossScalar>(
        _ loss: L, _ predictions: UnsafeBufferPointer<T>, _ targets: UnsafeBufferPointer<T>,
        _ weights: UnsafeBufferPointer<T>?
    ) -> Double {
        let n = predictions.count
        guard n > 0 else { return .nan }
        var top = 0.0
        if let weights { for i in 0..<n { top = max(top, Double(weights[i])) } }
        let shift = top > 0 && top.isFinite ? -Int(top.exponent) : 0
        let total = weights.map { w in
            Summation.compensatedSum(count: n) { Double(w[$0]).timesPowerOfTwo(shift) }
        } ?? Double(n)
        return Summation.compensatedSum(count: n) { i in
            let share = weights.map { Double($0[i]).timesPowerOfTwo(shift) / total } ?? 1 / total
            return share * Double(loss.value(residual: targets[i] - predictions[i]))
        }
    }

    /// The `NaNPolicy.skip` path: samples whose prediction, target or weight is
    /// NaN contribute nothing (value, weight, count) and get gradient 0; the
    /// others get the **unscaled** `wᵢ·dℓ/dŷᵢ` (the caller divides afterwards,
    /// once the kept weight is known). Returns `(Σ wᵢℓᵢ, Σ wᵢ, kept count)`
    /// over the kept samples (weights 1 when nil).
    @inlinable
    static func skippingSums<L: RegressionLoss, T: LossScalar>(
        _ loss: L,
        _ predictions: UnsafeBufferPointer<T>,
        _ targets: UnsafeBufferPointer<T>,
        _ weights: UnsafeBufferPointer<T>?,
        gradient: UnsafeMutableBufferPointer<T>?
    ) -> (sum: Double, weightTotal: Double, kept: Int) {
        let n = predictions.count
        guard n > 0, let p = predictions.baseAddress, let t = targets.baseAddress else { return (0, 0, 0) }
        let w = weights?.baseAddress
        let g = gradient?.baseAddress
        var sum = CompensatedAccumulator()
        var weightTotal = CompensatedAccumulator()
        var kept = 0
        for i in 0..<n {
            let wi: T = w?[i] ?? 1
            if p[i].isNaN || t[i].isNaN || wi.isNaN {
                g?[i] = 0
                continue
            }
            let r = t[i] - p[i]
            sum.add(Double(wi) * Double(loss.value(residual: r)))
            weightTotal.add(Double(wi))
            kept += 1
            g?[i] = -wi * loss.derivative(residual: r)
        }
        return (sum.value, weightTotal.value, kept)
    }

    /// Checks every weight is finite and ≥ 0 (NaN allowed only when
    /// `allowNaN`, for `.skip`) and returns `Σ wᵢ` over the non-NaN weights.
    /// - Throws: `LossKitError.invalidWeight` naming the first bad index.
    @inlinable
    static func checkedWeightTotal<T: LossScalar>(
        _ weights: UnsafeBufferPointer<T>, allowNaN: Bool
    ) throws -> Double {
        guard let w = weights.baseAddress else { return 0 }
        let n = weights.count
        // Fast pass: a block sum and a sign test; a NaN or an infinity shows
        // up in the sum.
        let scan: (sum: Double, anyNegative: Bool)
        if T.self == Float.self {
            scan = weightScan(SIMD8<Float>.self, _rebound(weights, Float.self))
        } else if T.self == Double.self {
            scan = weightScan(SIMD4<Double>.self, _rebound(weights, Double.self))
        } else {
            var total = CompensatedAccumulator(), negative = false
            for i in 0..<n {
                total.add(Double(w[i]))
                negative = negative || w[i].sign == .minus
            }
            scan = (total.value, negative)
        }
        if scan.sum.isFinite && !scan.anyNegative { return scan.sum }
        // Slow pass only when something is wrong (or the sum overflowed).
        var kept = CompensatedAccumulator()
        for i in 0..<n {
            let x = w[i]
            if x.isNaN && allowNaN { continue }
            guard x.isFinite && x >= 0 else {
                throw LossKitError.invalidWeight(index: i, value: Double(x))
            }
            kept.add(Double(x))
        }
        return kept.value
    }

    /// `(Σ wᵢ, any wᵢ < 0)` with four vector accumulators; blocks of 8 steps
    /// are summed in the scalar type, then in Double with compensation. NaN or
    /// ∞ make the sum non-finite. The sign test ORs the weights' bit patterns
    /// over the block just summed (still in L1) and looks at the sign bit: an
    /// integer OR reduction LLVM vectorizes, where generic `SIMD` comparisons
    /// and `pointwiseMin` compile to per-lane calls. A set sign bit (a negative
    /// weight, or −0.0, or a negative NaN) sends the caller to the exact check.
    @inlinable
    static func weightScan<V: SIMD>(
        _: V.Type, _ weights: UnsafeBufferPointer<V.Scalar>
    ) -> (sum: Double, anyNegative: Bool) where V.Scalar: LossScalar {
        guard let w = weights.baseAddress else { return (0, false) }
        let n = weights.count, width = V.scalarCount, step = 4 * width
        let raw = UnsafeRawPointer(w), bytes = MemoryLayout<V.Scalar>.stride
        @inline(__always) func load(_ i: Int) -> V { raw.loadUnaligned(fromByteOffset: i &* bytes, as: V.self) }
        var total = CompensatedAccumulator()
        var negative = false
        var i = 0
        while i + step <= n {
            let start = i
            let end = min(i + 8 * step, n - step + 1)
            var a0 = V(), a1 = V(), a2 = V(), a3 = V()
            while i < end {
                a0 += load(i)
                a1 += load(i &+ width)
                a2 += load(i &+ 2 &* width)
                a3 += load(i &+ 3 &* width)
                i &+= step
            }
            if signBitOfOr(raw, from: start, to: i, bytes: bytes) { negative = true }
            let block = (a0 + a1) + (a2 + a3)
            var s = 0.0
            for lane in block.indices { s += Double(block[lane]) }
            total.add(s)
        }
        while i < n {
            total.add(Double(w[i]))
            negative = negative || w[i].sign == .minus
            i += 1
        }
        return (total.value, negative)
    }

    /// Whether any of the 4- or 8-byte values in `[from, to)` has its top
    /// (sign) bit set, by OR-ing their bit patterns.
    @inlinable @inline(__always)
    static func signBitOfOr(_ raw: UnsafeRawPointer, from: Int, to: Int, bytes: Int) -> Bool {
        var j = from
        if bytes == 4 {
            var bits: UInt32 = 0
            while j < to {
                bits |= raw.loadUnaligned(fromByteOffset: j &* 4, as: UInt32.self)
                j &+= 1
            }
            return bits >> 31 != 0
        }
        var bits: UInt64 = 0
        while j < to {
            bits |= raw.loadUnaligned(fromByteOffset: j &* 8, as: UInt64.self)
            j &+= 1
        }
        return bits >> 63 != 0
    }

    /// `Σ wᵢ rᵢ²` as `(2ᵉ)² · Σ wᵢ (rᵢ·2⁻ᵉ)²` with `2ᵉ ≤ max|rᵢ| < 2ᵉ⁺¹`, in
    /// Double (residuals of `Float` inputs are exact in Double). Exact scaling,
    /// compensated sum; two passes. With `skip`, samples with a NaN prediction,
    /// target or weight are left out. Returns the kept weight and count too.
    @inlinable
    static func rescaledSquareSum<T: LossScalar>(
        _ predictions: UnsafeBufferPointer<T>,
        _ targets: UnsafeBufferPointer<T>,
        _ weights: UnsafeBufferPointer<T>?,
        skip: Bool
    ) -> (scale: Double, sumOfSquares: Double, weightTotal: Double, kept: Int) {
        let n = predictions.count
        guard n > 0, let p = predictions.baseAddress, let t = targets.baseAddress else { return (0, 0, 0, 0) }
        let w = weights?.baseAddress
        @inline(__always) func dropped(_ i: Int) -> Bool {
            skip && (p[i].isNaN || t[i].isNaN || (w?[i].isNaN ?? false))
        }
        var largest = 0.0
        var kept = 0
        var weightTotal = CompensatedAccumulator()
        for i in 0..<n where !dropped(i) {
            let a = abs(Double(t[i]) - Double(p[i]))
            if a.isNaN { return (.nan, .nan, .nan, n) }
            largest = max(largest, a)
            kept += 1
            weightTotal.add(w.map { Double($0[i]) } ?? 1)
        }
        let (scale, sum) = Summation.powerOfTwoScaledSquares(count: n, largest: largest) { i in
            Double(t[i]) - Double(p[i])
        } weight: { i in
            dropped(i) ? 0 : w.map { Double($0[i]) } ?? 1
        }
        return (scale, sum, weightTotal.value, kept)
    }
}
