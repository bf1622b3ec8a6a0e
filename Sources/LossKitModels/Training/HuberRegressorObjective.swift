import LossKitData
import LossKitNumerics
import LossKitOptimization

/// scikit-learn's `HuberRegressor` objective (`_huber_loss_and_gradient`),
/// minimized jointly over the coefficients, the intercept and the scale σ
/// (Owen's concomitant scale; Huber 1981):
///
///     F(β, b₀, σ) = Σᵢ sᵢ [σ + H_ε((yᵢ − xᵢᵀβ − b₀)/σ)·σ] + α‖β‖²
///     H_ε(z) = z²  if |z| ≤ ε,   2ε|z| − ε²  otherwise
///
/// (sᵢ the sample weights; note the sum, not the mean, and α‖β‖² without ½,
/// as scikit-learn). Equivalently σ + (2/σ)·HuberLoss(δ = εσ)(r) per sample,
/// which is how it is computed: LossKit's Huber kernel on row blocks,
/// reading X once per evaluation (`StandardizedDesign`). F is jointly convex
/// in (β, b₀, σ) for σ > 0; for σ ≤ 0 (or non-finite) the value is +∞, which
/// the line searches treat as "too far" (scikit-learn bounds σ ≥ 10ε_mach
/// in L-BFGS-B instead).
///
/// Parameters: θ = (w₁…w_p, b, σ) with w, b in internally standardized
/// coordinates (zᵢⱼ = (xᵢⱼ − x̄ⱼ)/sdⱼ, as `LinearModelObjective`); F has the
/// same value at corresponding points, the penalty is on the original-scale
/// β = w/sd. `originalScale(_:)` gives (b₀, β, σ). `scikitLearnStart`
/// (β = 0, b₀ = 0, σ = 1) is `HuberRegressor`'s starting point.
///
/// Gradient: ∂F/∂ŷᵢ = −(2/σ)sᵢψ(rᵢ) with ψ the clamp to [−εσ, εσ];
/// ∂F/∂σ = Σsᵢ − Σsᵢψ(rᵢ)²/σ² (= Σs − Σ_in s r²/σ² − ε²Σ_out s).
/// - Complexity: O(n·p) per evaluation, one read of X.
public struct HuberRegressorObjective: DifferentiableObjective, Sendable {
    /// ε > 1 in scikit-learn (default 1.35).
    public let epsilon: Double
    /// α ≥ 0 (default 1e-4, as scikit-learn).
    public let alpha: Double
    let design: StandardizedDesign

    /// - Throws: `LossKitError.invalidParameter` for ε not finite and > 0 or
    ///   α not finite and ≥ 0; the input errors of `LinearModelObjective`.
    public init(features x: Matrix, targets y: [Double], weights: [Double]? = nil, epsilon: Double = 1.35,
                alpha: Double = 1e-4, standardize: Bool = true, fitIntercept: Bool = true) throws {
        guard epsilon > 0, epsilon.isFinite else {
            throw LossKitError.invalidParameter(name: "epsilon", value: "\(epsilon)", requirement: "must be a finite number > 0")
        }
        guard alpha >= 0, alpha.isFinite else {
            throw LossKitError.invalidParameter(name: "alpha", value: "\(alpha)", requirement: "must be a finite number >= 0")
        }
        design = try StandardizedDesign(features: x, targets: y, weights: weights, standardize: standardize, fitIntercept: fitIntercept)
        self.epsilon = epsilon
        self.alpha = alpha
    }

    /// p (+ 1 for the intercept) + 1 for σ.
    public var dimension: Int { design.columns + (design.fitIntercept ? 1 : 0) + 1 }

    /// β = 0, b₀ = 0, σ = 1: scikit-learn's start.
    public var scikitLearnStart: [Double] {
        var theta = [Double](repeating: 0, count: dimension)
        theta[dimension - 1] = 1
        return theta
    }

    /// (b₀, β, σ) on the original scale.
    public func originalScale(_ theta: [Double]) -> (intercept: Double, coefficients: [Double], scale: Double) {
        let (b0, beta) = design.originalScale(theta[...], intercept: design.fitIntercept ? theta[design.columns] : 0)
        return (b0, beta, theta[dimension - 1])
    }

    /// θ from an original-scale (b₀, β, σ) (a warm start).
    public func parameters(intercept: Double, coefficients beta: [Double], scale: Double) -> [Double] {
        let (w, b) = design.standardized(intercept: intercept, coefficients: beta)
        return (design.fitIntercept ? w + [b] : w) + [scale]
    }

    func evaluate(_ theta: [Double], gradient: UnsafeMutableBufferPointer<Double>?) -> Double {
        let p = design.columns
        let sigma = theta[dimension - 1]
        guard sigma > 0, sigma.isFinite, let huber = try? HuberLoss(delta: epsilon * sigma) else {
            if let gradient { for j in gradient.indices { gradient[j] = .nan } }
            return .infinity
        }
        let (u, offset) = design.folded(theta[...], intercept: design.fitIntercept ? theta[p] : 0)
        let sums = design.pass(huber, u: u, offset: offset, gradientScale: 2 / sigma, wantsGradient: gradient != nil)
        var penalty = 0.0
        for j in 0..<p { let beta = theta[j] / design.scales[j]; penalty += beta * beta }
        let value = design.totalWeight * sigma + 2 / sigma * sums.loss + alpha * penalty
        if let gradient {
            for j in 0..<p {
                gradient[j] = (sums.xtd[j] - design.means[j] * sums.sumD) / design.scales[j]
                    + 2 * alpha * theta[j] / (design.scales[j] * design.scales[j])
            }
            if design.fitIntercept { gradient[p] = sums.sumD }
            gradient[dimension - 1] = design.totalWeight - sums.sumDSquaredOverWeight / 4
        }
        return value
    }

    public func valueAndGradient(at theta: [Double], gradient: inout [Double]) -> Double {
        gradient.withUnsafeMutableBufferPointer { evaluate(theta, gradient: $0) }
    }

    public func value(at theta: [Double]) -> Double { evaluate(theta, gradient: nil) }
}
