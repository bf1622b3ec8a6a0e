/// One parameter update from a gradient: the part of SGD with momentum, Adam
/// and AdamW that is the same whatever is being trained. The linear SGD models
/// and the neural network both drive their training loops through these rules
/// (one implementation of each optimizer in LossKit).
///
/// A rule owns its state (momentum buffer, moment estimates) sized for
/// `parameterCount` parameters at `init`; `step` updates `parameters` in place
/// from `gradient` (both of that count; the caller guarantees it) at the
/// learning rate the caller's `LearningRateScheduler` gives. Float and Double
/// parameters are supported; state is kept in the parameters' type, as
/// PyTorch does.
///
/// Complexity: O(p) per step, no allocation.
public protocol GradientStepRule<Scalar>: Sendable {
    associatedtype Scalar: BinaryFloatingPoint & Sendable
    /// The number of parameters the state is sized for.
    var parameterCount: Int { get }
    /// θ ← update(θ, g, η).
    mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>, learningRate: Scalar)
    /// Forgets the state (a fresh start with the same settings).
    mutating func reset()
}

extension GradientStepRule {
    /// Array convenience for `step(parameters:gradient:learningRate:)`.
    public mutating func step(parameters: inout [Scalar], gradient: [Scalar], learningRate: Scalar) {
        parameters.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in step(parameters: p, gradient: g, learningRate: learningRate) }
        }
    }
}
