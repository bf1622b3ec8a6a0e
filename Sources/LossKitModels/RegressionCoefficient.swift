import LossKitData
import LossKitNumerics

/// One row of a regression's coefficient table: the estimate and its
/// inference under the classical linear model (independent errors with
/// variance `σ²/wᵢ`).
///
/// - `standardError = σ̂·√((XᵀWX)⁺)ⱼⱼ`, `σ̂² = Σwᵢrᵢ²/(n − rank)`;
/// - `tStatistic = estimate / standardError` (±∞ for an exact fit, NaN for 0/0);
/// - `pValue`: two-sided, Student t with `n − rank` degrees of freedom;
/// - `lower…upper`: `estimate ∓ t_{1−(1−level)/2, n−rank}·standardError`.
public struct RegressionCoefficient: Sendable, Equatable, Codable {
    public var name: String
    public var estimate: Double
    public var standardError: Double
    public var tStatistic: Double
    public var pValue: Double
    public var lower: Double
    public var upper: Double

    public init(name: String, estimate: Double, standardError: Double, tStatistic: Double,
                pValue: Double, lower: Double, upper: Double) {
        self.name = name
        self.estimate = estimate
        self.standardError = standardError
        self.tStatistic = tStatistic
        self.pValue = pValue
        self.lower = lower
        self.upper = upper
    }
}
