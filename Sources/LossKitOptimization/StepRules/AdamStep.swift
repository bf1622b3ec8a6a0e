/// Adam and AdamW, with PyTorch's definitions and defaults
/// (`torch.optim.Adam` / `torch.optim.AdamW`, `amsgrad=False`):
///
///     t ← t + 1
///     Adam:   g ← g + λθ                     (L2 penalty through the gradient)
///     AdamW:  θ ← θ·(1 − ηλ)                 (decoupled weight decay)
///     m ← β₁m + (1 − β₁)g
///     v ← β₂v + (1 − β₂)g²
///     θ ← θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// Defaults: η is the caller's (PyTorch 1e-3), β₁ = 0.9, β₂ = 0.999,
/// ε = 1e-8, λ = 0 for Adam and 0.01 for AdamW. scikit-learn's `MLPRegressor`
/// uses the same update with its `alpha` added to the gradient (Adam with λ).
///
/// Numerics: the bias corrections are computed in Double whatever `Scalar` is;
/// a gradient of ±∞ or NaN propagates into θ (the training loop detects the
/// non-finite loss and stops with `.diverged`).
public struct AdamStep<Scalar: BinaryFloatingPoint & Sendable>: GradientStepRule {
    public enum WeightDecayMode: Sendable, Equatable {
        /// Adam: λθ added to the gradient.
        case l2Gradient
        /// AdamW: θ shrunk by ηλ before the Adam step.
        case decoupled
    }

    public let parameterCount: Int
    public let beta1: Scalar
    public let beta2: Scalar
    public let epsilon: Scalar
    public let weightDecay: Scalar
    public let weightDecayMode: WeightDecayMode
    /// Steps taken.
    public var stepCount: Int { steps }
    @usableFromInline var steps = 0
    @usableFromInline var m: [Scalar]
    @usableFromInline var v: [Scalar]

    /// Adam (`decoupled: false`) or AdamW (`decoupled: true`, λ default 0.01).
    /// - Throws: `OptimizationError.invalidParameter` for β outside [0, 1),
    ///   ε ≤ 0 or λ < 0.
    public init(parameterCount: Int, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
                weightDecay: Scalar? = nil, decoupled: Bool = false) throws {
        let decay = weightDecay ?? (decoupled ? 0.01 : 0)
        guard parameterCount >= 0 else { throw OptimizationError.invalidParameter(name: "parameterCount", value: "\(parameterCount)", requirement: "must be >= 0") }
        guard beta1 >= 0, beta1 < 1 else { throw OptimizationError.invalidParameter(name: "beta1", value: "\(beta1)", requirement: "must be in [0, 1)") }
        guard beta2 >= 0, beta2 < 1 else { throw OptimizationError.invalidParameter(name: "beta2", value: "\(beta2)", requirement: "must be in [0, 1)") }
        guard epsilon > 0, epsilon.isFinite else { throw OptimizationError.invalidParameter(name: "epsilon", value: "\(epsilon)", requirement: "must be a finite number > 0") }
        guard decay >= 0, decay.isFinite else { throw OptimizationError.invalidParameter(name: "weightDecay", value: "\(decay)", requirement: "must be a finite number >= 0") }
        self.parameterCount = parameterCount
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = decay
        self.weightDecayMode = decoupled ? .decoupled : .l2Gradient
        m = [Scalar](repeating: 0, count: parameterCount)
        v = [Scalar](repeating: 0, count: parameterCount)
    }

    @inlinable
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>, learningRate eta: Scalar) {
        steps += 1
        let n = min(parameterCount, parameters.count, gradient.count)
        let t = Double(steps)
        let correction1 = 1 - pow(Double(beta1), t)
        let correction2 = 1 - pow(Double(beta2), t)
        // θ −= η/c₁ · m / (√v / √c₂ + ε), PyTorch's arrangement of the same formula.
        let stepSize = Scalar(Double(eta) / correction1)
        let rootCorrection2 = Scalar(correction2.squareRoot())
        let b1 = beta1, b2 = beta2, eps = epsilon, lambda = weightDecay
        let oneMinusB1 = 1 - b1, oneMinusB2 = 1 - b2
        let decoupled = weightDecayMode == .decoupled
        let shrink = 1 - eta * lambda
        guard n > 0, let theta = parameters.baseAddress, let g = gradient.baseAddress else { return }
        // One flat pass per mode, no branch inside and raw pointers, so the
        // compiler vectorizes it (element-wise: the same bits as a scalar loop).
        // v ≥ 0 always (β₂ ≥ 0, g² ≥ 0), so √|v| = √v; the |·| lets the
        // compiler use the vector square root instead of libm's sqrt, whose
        // errno branch for negative arguments blocks vectorization.
        m.withUnsafeMutableBufferPointer { mb in
            v.withUnsafeMutableBufferPointer { vb in
                guard let m = mb.baseAddress, let v = vb.baseAddress else { return }
                if decoupled {
                    for i in 0..<n {
                        let t = theta[i] * shrink, gi = g[i]
                        let mi = b1 * m[i] + oneMinusB1 * gi
                        let vi = b2 * v[i] + oneMinusB2 * gi * gi
                        m[i] = mi
                        v[i] = vi
                        theta[i] = t - stepSize * mi / (vi.magnitude.squareRoot() / rootCorrection2 + eps)
                    }
                } else {
                    for i in 0..<n {
                        let t = theta[i], gi = g[i] + lambda * t
                        let mi = b1 * m[i] + oneMinusB1 * gi
                        let vi = b2 * v[i] + oneMinusB2 * gi * gi
                        m[i] = mi
                        v[i] = vi
                        theta[i] = t - stepSize * mi / (vi.magnitude.squareRoot() / rootCorrection2 + eps)
                    }
                }
            }
        }
    }

    public mutating func reset() {
        steps = 0
        for i in m.indices { m[i] = 0; v[i] = 0 }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
