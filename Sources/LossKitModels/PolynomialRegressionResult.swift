import LossKitData
import LossKitNumerics

/// A fitted `PolynomialRegression`: coefficients on raw powers of x with
/// their inference, plus the scaled-basis coefficients used for prediction.
public struct PolynomialRegressionResult: Sendable, Equatable {
    /// D.
    public var degree: Int
    /// `c` and `s` of the internal variable `t = (x − c)/s`.
    public var center: Double
    public var halfRange: Double
    /// `a₀ … a_D` with `ŷ = Σ aₖ tᵏ`: what `predict` evaluates (Horner in t),
    /// which is far better conditioned than the raw powers.
    public var scaledCoefficients: [Double]
    /// `B₀` and its inference.
    public var interceptStatistics: RegressionCoefficient
    /// `B₁ … B_D` (names `x^1` … `x^D`) and their inference.
    public var coefficientStatistics: [RegressionCoefficient]
    public var confidenceLevel: Double
    public var training: TrainingSummary

    /// `B₀`.
    public var intercept: Double { interceptStatistics.estimate }
    /// `B₁ … B_D`, coefficients of the raw powers x¹ … x^D.
    public var coefficients: [Double] { coefficientStatistics.map(\.estimate) }
    /// Standard errors of `B₁ … B_D`.
    public var standardErrors: [Double] { coefficientStatistics.map(\.standardError) }
    public var residualStandardDeviation: Double { training.residualStandardDeviation }
    public var rSquared: Double { training.rSquared }

    /// `ŷ = Σ aₖ tᵏ` with `t = (x − c)/s`, by Horner's rule; about one rounding
    /// error per degree relative to `Σ|aₖ tᵏ|`. NaN in x gives NaN.
    /// - Complexity: O(n·D).
    public func predict(_ x: [Double]) -> [Double] {
        x.map { v in
            let t = (v - center) / halfRange
            var s = 0.0
            for a in scaledCoefficients.reversed() { s = s * t + a }
            return s
        }
    }
}
