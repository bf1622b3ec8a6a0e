import RealModule

/// SIMD kernels for the squared error over contiguous buffers.
///
/// Layout of the hot loop: 32 elements per iteration in four `SIMD8`
/// accumulators (`acc += d * d`, not `addProduct`, which is a library call per
/// lane on baseline x86-64), blocks of 256 elements summed in `T`, each block's
/// lanes added into Double and the block sums combined with Neumaier
/// compensation. So a lane adds at most 8 terms in `T` precision; for `Float`
/// that bounds the relative error of the sum of the squares by about 11·2⁻²⁴
/// ≈ 7e-7 (observed ~1e-8) however long the input, where a naive `Float`
/// running sum loses every digit past n ≈ 2²⁴.
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
        return LossKernels.sumOfValues(self, predictions, targets, weights)
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
        return LossKernels.sumOfValuesAndGradient(self, predictions, targets, weights, gradientScale, gradient)
    }

    /// `Σ wᵢ(ŷᵢ − yᵢ)²` in Double; when `gradient` is given also writes
    /// `gᵢ = 2·scale·wᵢ·(ŷᵢ − yᵢ)`. Weights 1 when nil. Counts are equal.
    @inlinable
    static func _simdSum<S: LossScalar & SIMDScalar>(
        _ predictions: UnsafeBufferPointer<S>,
        _ targets: UnsafeBufferPointer<S>,
        _ weights: UnsafeBufferPointer<S>?,
        gradient: UnsafeMutableBufferPointer<S>?,
        scale: S
    ) -> Double {
        let n = predictions.count
        guard n > 0, let p = predictions.baseAddress, let t = targets.baseAddress else { return 0 }
        let w = weights?.baseAddress
        let g = gradient?.baseAddress
        let twiceScale = 2 * scale
        let stride = MemoryLayout<S>.stride
        let pRaw = UnsafeRawPointer(p), tRaw = UnsafeRawPointer(t)
        let wRaw = w.map { UnsafeRawPointer($0) }
        let gRaw = g.map { UnsafeMutableRawPointer($0) }
        var total = CompensatedAccumulator()
        let blockLength = 256
        var i = 0
        while i + 32 <= n {
            let end = min(i + blockLength, n - 31)
            var a0 = SIMD8<S>(), a1 = SIMD8<S>(), a2 = SIMD8<S>(), a3 = SIMD8<S>()
            // One specialised loop per case so the branch is outside the hot loop.
            if let wRaw {
                if let gRaw {
                    while i < end {
                        for k in 0..<4 {
                            let offset = (i + 8 * k) * stride
                            let d = pRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                                - tRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                            let wd = wRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self) * d
                            gRaw.storeBytes(of: twiceScale * wd, toByteOffset: offset, as: SIMD8<S>.self)
                            _accumulate(&a0, &a1, &a2, &a3, k, wd * d)
                        }
                        i += 32
                    }
                } else {
                    while i < end {
                        for k in 0..<4 {
                            let offset = (i + 8 * k) * stride
                            let d = pRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                                - tRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                            let wd = wRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self) * d
                            _accumulate(&a0, &a1, &a2, &a3, k, wd * d)
                        }
                        i += 32
                    }
                }
            } else if let gRaw {
                while i < end {
                    for k in 0..<4 {
                        let offset = (i + 8 * k) * stride
                        let d = pRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                            - tRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                        gRaw.storeBytes(of: twiceScale * d, toByteOffset: offset, as: SIMD8<S>.self)
                        _accumulate(&a0, &a1, &a2, &a3, k, d * d)
                    }
                    i += 32
                }
            } else {
                while i < end {
                    for k in 0..<4 {
                        let offset = (i + 8 * k) * stride
                        let d = pRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                            - tRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                        _accumulate(&a0, &a1, &a2, &a3, k, d * d)
                    }
                    i += 32
                }
            }
            total.add(_laneSum(a0) + _laneSum(a1) + (_laneSum(a2) + _laneSum(a3)))
        }
        // Tail of fewer than 32 elements.
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

    @inlinable @inline(__always)
    static func _accumulate<S: LossScalar & SIMDScalar>(
        _ a0: inout SIMD8<S>, _ a1: inout SIMD8<S>, _ a2: inout SIMD8<S>, _ a3: inout SIMD8<S>,
        _ k: Int, _ x: SIMD8<S>
    ) {
        switch k {
        case 0: a0 += x
        case 1: a1 += x
        case 2: a2 += x
        default: a3 += x
        }
    }

    /// The lanes of `v` added in Double (pairwise), once per block.
    @inlinable @inline(__always)
    static func _laneSum<S: LossScalar & SIMDScalar>(_ v: SIMD8<S>) -> Double {
        ((Double(v[0]) + Double(v[1])) + (Double(v[2]) + Double(v[3])))
            + ((Double(v[4]) + Double(v[5])) + (Double(v[6]) + Double(v[7])))
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
