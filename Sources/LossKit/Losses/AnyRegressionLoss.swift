import RealModule

/// A type-erased regression loss, for lists of losses chosen at run time (the
/// CLI's `--loss`, the report's loss table). It conforms to `RegressionLoss`
/// itself, so the whole array API works on it and still reaches the wrapped
/// loss's fast kernels (one dynamic dispatch per call, not per element).
public struct AnyRegressionLoss: RegressionLoss {
    /// The wrapped loss.
    public let base: any RegressionLoss

    public init(_ base: some RegressionLoss) {
        if let erased = base as? AnyRegressionLoss {
            self.base = erased.base
        } else {
            self.base = base
        }
    }

    public var name: String { base.name }
    public var description: String { base.description }

    public func value<T: LossScalar>(residual r: T) -> T { base.value(residual: r) }
    public func derivative<T: LossScalar>(residual r: T) -> T { base.derivative(residual: r) }
    public func secondDerivative<T: LossScalar>(residual r: T) -> T { base.secondDerivative(residual: r) }

    public func _sumOfValues<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>?
    ) -> Double {
        base._sumOfValues(predictions: predictions, targets: targets, weights: weights)
    }

    public func _sumOfValues<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>?,
        gradientScale: T,
        gradient: UnsafeMutableBufferPointer<T>
    ) -> Double {
        base._sumOfValues(
            predictions: predictions, targets: targets, weights: weights,
            gradientScale: gradientScale, gradient: gradient)
    }
}
