import RealModule

/// The scalar types the losses work with: `Float` and `Double` (and `Float16`
/// where the platform has it). Array reductions accumulate in `Double`
/// whatever the scalar type, so `Float` inputs get `Double`-quality sums.
public typealias LossScalar = BinaryFloatingPoint & Real

/// A pointwise regression loss `ℓ(r)` of the residual `r = y − ŷ`
/// (target minus prediction).
///
/// A conformer supplies three scalar functions of the residual; everything
/// else — per-element values and derivatives with respect to the prediction,
/// the reductions `.none` / `.sum` / `.mean`, sample weights, NaN handling,
/// gradients of the reduced loss and the fast kernels — comes from protocol
/// extensions shared by every loss (see `RegressionLoss+Reduction.swift`):
///
/// ```swift
/// let huber = try HuberLoss(delta: 1.5)
/// let l = try huber.loss(predictions: p, targets: y)                    // mean
/// let (l2, g) = try SquaredError().valueAndGradient(predictions: p, targets: y)
/// let perSample = try huber.values(predictions: p, targets: y)          // reduction .none
/// ```
///
/// **Derivatives.** The requirements are derivatives with respect to the
/// residual, `dℓ/dr` and `d²ℓ/dr²`. Because `r = y − ŷ`, the derivative with
/// respect to the prediction is `dℓ/dŷ = −dℓ/dr` and the second derivative is
/// the same either way; `derivative(prediction:target:)` and the array
/// `gradient` APIs return derivatives with respect to the **prediction**.
///
/// **Where a loss is not differentiable** (the L1 kink at `r = 0`, the pinball
/// kink at `r = 0`, the ε-insensitive kinks at `|r| = ε`) `derivative(residual:)`
/// returns a documented element of the subdifferential (always 0 at those
/// kinks), and `secondDerivative(residual:)` returns NaN, because the second
/// derivative there is a Dirac delta, not a number. Where only the second
/// derivative jumps (Huber at `|r| = δ`, smooth L1 at `|r| = β`, squared
/// ε-insensitive at `|r| = ε`) each loss documents which side's value it
/// returns.
public protocol RegressionLoss: Sendable, CustomStringConvertible {
    /// The loss's snake_case name, as the CLI and reports spell it
    /// (`squared_error`, `absolute_error`, `huber`, `smooth_l1`, `log_cosh`,
    /// `pinball`, `epsilon_insensitive`, `squared_epsilon_insensitive`).
    var name: String { get }

    /// `ℓ(r)`, the loss of one residual `r = y − ŷ`. Never negative
    /// (NaN in gives NaN out).
    func value<T: LossScalar>(residual r: T) -> T

    /// `dℓ/dr`, the derivative with respect to the **residual** (at a kink, a
    /// documented subgradient). The derivative with respect to the prediction is
    /// the negative of this; use `derivative(prediction:target:)` for that.
    func derivative<T: LossScalar>(residual r: T) -> T

    /// `d²ℓ/dr²` (equal to `d²ℓ/dŷ²`), or NaN where the first derivative jumps.
    func secondDerivative<T: LossScalar>(residual r: T) -> T

    /// Customization point for the fast kernels: `Σ wᵢ·ℓ(yᵢ − ŷᵢ)` (weights 1
    /// when `weights` is nil) accumulated in Double. The three buffers have the
    /// same count (checked by the caller) and no NaN policy applies here.
    /// The default is a generic blocked, compensated loop; `SquaredError`
    /// replaces it with a SIMD kernel. Not meant to be called directly.
    func _sumOfValues<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>?
    ) -> Double

    /// Customization point for the fast kernels: writes
    /// `gradient[i] = scale · wᵢ · dℓ/dŷᵢ` and returns `Σ wᵢ·ℓᵢ` in Double.
    /// Counts are checked by the caller. Not meant to be called directly.
    func _sumOfValues<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>?,
        gradientScale: T,
        gradient: UnsafeMutableBufferPointer<T>
    ) -> Double
}

extension RegressionLoss {
    /// The loss of one sample: `ℓ(y − ŷ)`.
    /// - Complexity: O(1).
    @inlinable
    public func value<T: LossScalar>(prediction: T, target: T) -> T {
        value(residual: target - prediction)
    }

    /// `dℓ/dŷ`, the derivative of one sample's loss with respect to the
    /// **prediction** (`−dℓ/dr`; a subgradient at a kink, as documented per loss).
    /// - Complexity: O(1).
    @inlinable
    public func derivative<T: LossScalar>(prediction: T, target: T) -> T {
        -derivative(residual: target - prediction)
    }

    /// `d²ℓ/dŷ²` of one sample (NaN where the first derivative jumps).
    /// - Complexity: O(1).
    @inlinable
    public func secondDerivative<T: LossScalar>(prediction: T, target: T) -> T {
        secondDerivative(residual: target - prediction)
    }

    public var description: String { name }

    @inlinable
    public func _sumOfValues<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>?
    ) -> Double {
        LossKernels.sumOfValues(self, predictions, targets, weights, scale: 0, gradient: nil)
    }

    @inlinable
    public func _sumOfValues<T: LossScalar>(
        predictions: UnsafeBufferPointer<T>,
        targets: UnsafeBufferPointer<T>,
        weights: UnsafeBufferPointer<T>?,
        gradientScale: T,
        gradient: UnsafeMutableBufferPointer<T>
    ) -> Double {
        LossKernels.sumOfValues(
            self, predictions, targets, weights, scale: gradientScale, gradient: gradient.baseAddress)
    }
}
