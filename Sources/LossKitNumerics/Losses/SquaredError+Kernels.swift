import RealModule

/// SIMD kernels for the squared error over contiguous buffers.
///
/// Layout of the hot loop: four vector accumulators (`SIMD8<Float>` or
/// `SIMD4<Double>`; `acc += d * d`, not `addProduct`, which is a library call
/// per lane on baseline x86-64), blocks of 8 steps summed in `T`, the four
/// accumulators added pairwise in `T`, the block's lanes added into Double and
/// the block sums combined with Neumaier compensation. So a lane's block sum
/// takes at most 10 roundings in `T` precision; with the rounding of `d` and
/// `d²` that bounds the relative error of a `Float` sum of squares by about
/// 12·2⁻²⁴ ≈ 7e-7 however long the input (observed: see the report), where a
/// naive `Float` running sum stops growing at all past n ≈ 2²⁴ equal terms.
extension SquaredError {
    @inlinable
    public func _sumOfValues<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>?
    ) -> Double {
        if T.self == Float.self {
            return Self._simdSum(
                _rebound(predictions, Float.self), _rebound(targets, Float.self),
                weights.map { _rebound($0, Float.self) }, gradient: nil, scale: 0)
        }
        if T.self == Double.self {
            return Self._simdSum(
                _rebound(predictions, Double.self), _rebound(targets, Double.self),
                weights.map { _rebound($0, Double.self) }, gradient: nil, scale: 0)
        }
        return LossKernels.sumOfValues(self, predictions, targets, weights, scale: 0, gradient: nil)
    }

    @inlinable
    public func _sumOfValues<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>?,
        gradientScale: T,
        gradient: UnsafeMutableBufferPointer<T>
    ) -> Double {
        if T.self == Float.self {
            return Self._simdSum(
                _rebound(predictions, Float.self), _rebound(targets, Float.self),
                weights.map { _rebound($0, Float.self) },
                gradient: _rebound(gradient, Float.self), scale: Float(gradientScale))
        }
        if T.self == Double.self {
            return Self._simdSum(
                _rebound(predictions, Double.self), _rebound(targets, Double.self),
                weights.map { _rebound($0, Double.self) },
                gradient: _rebound(gradient, Double.self), scale: Double(gradientScale))
        }
        return LossKernels.sumOfValues(
            self, predictions, targets, weights, scale: gradientScale, gradient: gradient.baseAddress)
    }

    /// `Σ wᵢ(ŷᵢ − yᵢ)²` in Double; when `gradient` is given also writes
    /// `gᵢ = 2·scale·wᵢ·(ŷᵢ − yᵢ)`. Weights 1 when nil. Counts are equal.
    /// Picks the vector width for the scalar: 8 `Float` or 4 `Double` lanes
    /// (two SSE registers each), four accumulators — wider `Double` vectors
    /// run out of registers on baseline x86-64 and spill.
    @inlinable
    static func _simdSum<S: LossScalar & SIMDScalar>(
        _ predictions: UnsafeBufferPointer<S>,
        _ targets: UnsafeBufferPointer<S>,
        _ weights: UnsafeBufferPointer<S>?,
        gradient: UnsafeMutableBufferPointer<S>?,
        scale: S
    ) -> Double {
        if MemoryLayout<S>.size >= 8 {
            return _simdSum(SIMD4<S>.self, predictions, targets, weights, gradient: gradient, scale: scale)
        }
        return _simdSum(SIMD8<S>.self, predictions, targets, weights, gradient: gradient, scale: scale)
    }

    @inlinable
    static func _simdSum<V: SIMD>(
        _: V.Type,
        _ predictions: UnsafeBufferPointer<V.Scalar>,
        _ targets: UnsafeBufferPointer<V.Scalar>,
        _ weights: UnsafeBufferPointer<V.Scalar>?,
        gradient: UnsafeMutableBufferPointer<V.Scalar>?,
        scale: V.Scalar
    ) -> Double where V.Scalar: LossScalar {
        let n = predictions.count
        guard n > 0, let p = predictions.baseAddress, let t = targets.baseAddress else { return 0 }
        let w = weights?.baseAddress
        let g = gradient?.baseAddress
        let twiceScale = 2 * scale
        let width = V.scalarCount, step = 4 * width
        let pRaw = UnsafeRawPointer(p), tRaw = UnsafeRawPointer(t)
        let wRaw = w.map { UnsafeRawPointer($0) }
        let gRaw = g.map { UnsafeMutableRawPointer($0) }
        let bytes = MemoryLayout<V.Scalar>.stride

        /// One vector's `wd·d` (storing its gradient `2·scale·wd`), `d = ŷ − y`.
        /// `weighted`/`writesGradient` are constants at each call site below,
        /// so after inlining the hot loop has no branch on them.
        @inline(__always) func term(_ i: Int, _ weighted: Bool, _ writesGradient: Bool) -> V {
            let offset = i &* bytes
            let d = pRaw.loadUnaligned(fromByteOffset: offset, as: V.self)
                - tRaw.loadUnaligned(fromByteOffset: offset, as: V.self)
            let wd = weighted ? wRaw.unsafelyUnwrapped.loadUnaligned(fromByteOffset: offset, as: V.self) * d : d
            if writesGradient {
                gRaw.unsafelyUnwrapped.storeBytes(of: twiceScale * wd, toByteOffset: offset, as: V.self)
            }
            return wd * d
        }
        @inline(__always) func laneSum(_ v: V) -> Double {
            var s = 0.0
            for lane in v.indices { s += Double(v[lane]) }
            return s
        }

        var total = CompensatedAccumulator()
        var i = 0
        // 8 vector steps per block: each lane adds at most 8 terms in `S`.
        @inline(__always) func run(_ weighted: Bool, _ writesGradient: Bool) {
            let blockLength = 8 * step
            while i + step <= n {
                let end = min(i + blockLength, n - step + 1)
                var a0 = V(), a1 = V(), a2 = V(), a3 = V()
                while i < end {
                    a0 += term(i, weighted, writesGradient)
                    a1 += term(i &+ width, weighted, writesGradient)
                    a2 += term(i &+ 2 &* width, weighted, writesGradient)
                    a3 += term(i &+ 3 &* width, weighted, writesGradient)
                    i &+= step
                }
                total.add(laneSum((a0 + a1) + (a2 + a3)))
            }
        }
        switch (wRaw != nil, gRaw != nil) {
        case (false, false): run(false, false)
        case (false, true): run(false, true)
        case (true, false): run(true, false)
        case (true, true): run(true, true)
        }
        // Tail of fewer than `step` elements.
        var tail = 0.0
        while i < n {
            let d = p[i] - t[i]
            let wd = w.map { $0[i] * d } ?? d
            g?[i] = twiceScale * wd
            tail += Double(wd * d)
            i += 1
        }
        total.add(tail)
        return total.value
    }
}

/// Reinterprets a buffer whose element type is known (by a `T.self ==` test)
/// to be `U`; the memory is not touched.
@inlinable @inline(__always)
func _rebound<T, U>(_ buffer: UnsafeBufferPointer<T>, _: U.Type) -> UnsafeBufferPointer<U> {
    UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: U.self), count: buffer.count)
}

@inlinable @inline(__always)
func _rebound<T, U>(_ buffer: UnsafeMutableBufferPointer<T>, _: U.Type) -> UnsafeMutableBufferPointer<U> {
    UnsafeMutableBufferPointer(
        start: UnsafeMutableRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: U.self), count: buffer.count)
}
