import LossKitNumerics
import RealModule

/// The activation of a network's hidden layers (the output layer is always
/// the identity: a regression network predicts unbounded values).
///
/// | name | `f(z)` | `f′` in terms of `a = f(z)` |
/// |---|---|---|
/// | `relu` | `max(z, 0)` | 1 if `a > 0`, else 0 (0 at the kink, as scikit-learn and PyTorch) |
/// | `tanh` | `tanh z` | `1 − a²` |
/// | `logistic` | `1 / (1 + e^−z)` | `a·(1 − a)` |
/// | `identity` | `z` | 1 |
///
/// The derivative is written in terms of the layer's output `a`, so the
/// backward pass needs only the activations kept from the forward pass.
/// NaN in gives NaN out (`relu` included); ±∞ give the limits.
///
/// A Float network's forward pass computes f inside the matrix product's
/// epilogue (`FloatKernels.Activation`: relu identical, tanh and logistic by
/// vectorized polynomials within ~3 ulp); `apply` is the Double path's.
public enum MLPActivation: String, Sendable, CaseIterable, Codable {
    case relu, tanh, logistic, identity

    /// `f(z)` in place over `values`.
    /// - Complexity: O(count).
    func apply<Scalar: NeuralScalar>(_ values: UnsafeMutablePointer<Scalar>, count: Int) {
        switch self {
        case .identity: break
        case .relu:
            // `z > 0 ? z : 0` would turn NaN into 0 and hide a diverging run.
            for i in 0..<count { values[i] = values[i] < 0 ? 0 : values[i] }
        case .tanh:
            for i in 0..<count { values[i] = Scalar.tanh(values[i]) }
        case .logistic:
            for i in 0..<count { values[i] = 1 / (1 + Scalar.exp(-values[i])) }
        }
    }

    /// `gradient ⊙= f′` with `f′` computed from the activations `a = f(z)`.
    /// - Complexity: O(count).
    func multiplyByDerivative<Scalar: NeuralScalar>(_ gradient: UnsafeMutablePointer<Scalar>, activations a: UnsafePointer<Scalar>, count: Int) {
        switch self {
        case .identity: break
        case .relu:
            Scalar.reluBackward(gradient, activations: a, count: count)
        case .tanh:
            for i in 0..<count { gradient[i] *= 1 - a[i] * a[i] }
        case .logistic:
            for i in 0..<count { gradient[i] *= a[i] * (1 - a[i]) }
        }
    }
}
