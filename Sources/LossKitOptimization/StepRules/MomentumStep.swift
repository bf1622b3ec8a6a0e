/// Stochastic gradient descent with (optionally Nesterov) momentum and L2
/// weight decay, with PyTorch's `torch.optim.SGD` definition:
///
///     g ← g + λθ                                  (weight decay λ)
///     b ← g                 on the first step,
///     b ← μb + (1 − τ)g     after it              (momentum μ, dampening τ)
///     d ← g + μb  (Nesterov)   or   d ← b
///     θ ← θ − η·d
///
/// With μ = 0 this is plain SGD, θ ← θ − η(g + λθ). (scikit-learn's
/// `MLPRegressor` writes momentum as v ← μv − ηg, θ ← θ + v; with a constant η
/// the two produce the same iterates, η·b = −v.)
public struct MomentumStep<Scalar: BinaryFloatingPoint & Sendable>: GradientStepRule {
    public let parameterCount: Int
    public let momentum: Scalar
    public let dampening: Scalar
    public let nesterov: Bool
    public let weightDecay: Scalar
    @usableFromInline var buffer: [Scalar]
    @usableFromInline var started = false

    /// - Parameters: `momentum` μ ∈ [0, 1), `dampening` τ ∈ [0, 1] (0 as
    ///   PyTorch's default), `nesterov` (needs μ > 0 and τ = 0, as PyTorch),
    ///   `weightDecay` λ ≥ 0.
    /// - Throws: `OptimizationError.invalidParameter` for values outside those ranges.
    public init(parameterCount: Int, momentum: Scalar = 0, dampening: Scalar = 0, nesterov: Bool = false, weightDecay: Scalar = 0) throws {
        guard parameterCount >= 0 else { throw OptimizationError.invalidParameter(name: "parameterCount", value: "\(parameterCount)", requirement: "must be >= 0") }
        guard momentum >= 0, momentum < 1 else { throw OptimizationError.invalidParameter(name: "momentum", value: "\(momentum)", requirement: "must be in [0, 1)") }
        guard dampening >= 0, dampening <= 1 else { throw OptimizationError.invalidParameter(name: "dampening", value: "\(dampening)", requirement: "must be in [0, 1]") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw OptimizationError.invalidParameter(name: "weightDecay", value: "\(weightDecay)", requirement: "must be a finite number >= 0") }
        if nesterov, !(momentum > 0 && dampening == 0) {
            throw OptimizationError.invalidParameter(name: "nesterov", value: "true", requirement: "needs momentum > 0 and dampening 0")
        }
        self.parameterCount = parameterCount
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        buffer = momentum > 0 ? [Scalar](repeating: 0, count: parameterCount) : []
    }

    @inlinable
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>, learningRate eta: Scalar) {
        let n = min(parameterCount, parameters.count, gradient.count)
        if momentum == 0 {
            for i in 0..<n { parameters[i] -= eta * (gradient[i] + weightDecay * parameters[i]) }
            return
        }
        let first = !started
        started = true
        let mu = momentum, keep = 1 - dampening, nesterov = nesterov, lambda = weightDecay
        buffer.withUnsafeMutableBufferPointer { b in
            for i in 0..<n {
                let g = gradient[i] + lambda * parameters[i]
                b[i] = first ? g : mu * b[i] + keep * g
                let d = nesterov ? g + mu * b[i] : b[i]
                parameters[i] -= eta * d
            }
        }
    }

    public mutating func reset() {
        started = false
        for i in buffer.indices { buffer[i] = 0 }
    }
}
