import LossKitData
import LossKitNumerics

/// The criterion a `RobustLinearRegression` minimizes.
///
/// With residuals `rᵢ = yᵢ − ŷᵢ` and a scale `s` (see `RobustScale`), the fit
/// minimizes `Σ ρ(rᵢ/s)` where, for `z = r/s`:
///
/// - `.huber(k: k)`: `ρ(z) = z²/2` for `|z| ≤ k`, `k|z| − k²/2` beyond
///   (statsmodels `HuberT(t=k)`). **k is Huber's tuning constant, in units of
///   the scale `s`**, not of `y`: the default `k = 1.345` gives 95 % efficiency
///   at Gaussian errors with the MAD scale. It is deliberately not called
///   `delta`: `HuberLoss(delta:)` and `losskit evaluate --delta` take an
///   absolute residual size δ in units of `y`. The fit's absolute threshold is
///   `δ = k·s`; to fit with a given absolute δ, use `.huber(k: δ)` with
///   `RobustScale.fixed(1)`.
/// - `.leastAbsoluteDeviation`: `ρ(r) = |r|` (L1, median regression; the
///   scale does not change the minimizer).
/// - `.quantile(τ)`: the pinball loss `ρ_τ(r) = τ·r` for `r ≥ 0`,
///   `(τ − 1)·r` for `r < 0`, with `0 < τ < 1` (`τ = 0.5` is half of L1).
public enum RobustLoss: Sendable, Equatable, CustomStringConvertible {
    case huber(k: Double = 1.345)
    case leastAbsoluteDeviation
    case quantile(Double)

    /// Huber's tuning constant k for 95 % asymptotic efficiency at the normal
    /// distribution (statsmodels `HuberT` default).
    public static let defaultHuberK = 1.345

    /// The former name of `.huber(k:)`, whose parameter is in units of the
    /// robust scale, not an absolute δ.
    @available(*, deprecated, renamed: "huber(k:)")
    public static func huber(delta: Double) -> RobustLoss { .huber(k: delta) }

    public var description: String {
        switch self {
        case let .huber(k): return "Huber (k = \(k) scale units)"
        case .leastAbsoluteDeviation: return "L1 (least absolute deviations)"
        case let .quantile(tau): return "quantile (tau = \(tau))"
        }
    }

    /// Throws `LossKitError.invalidParameter` unless `k` is finite and > 0
    /// and `tau` is in the open interval (0, 1).
    public func validate() throws {
        switch self {
        case let .huber(k):
            guard k.isFinite, k > 0 else {
                throw LossKitError.invalidParameter(name: "k", value: "\(k)", requirement: "Huber's tuning constant must be finite and > 0")
            }
        case .leastAbsoluteDeviation:
            break
        case let .quantile(tau):
            guard tau > 0, tau < 1 else {
                throw LossKitError.invalidParameter(name: "tau", value: "\(tau)", requirement: "must be in the open interval (0, 1)")
            }
        }
    }

    /// The quantile level of an L1-type loss (`0.5` for least absolute
    /// deviations), `nil` for Huber.
    var quantileLevel: Double? {
        switch self {
        case .huber: return nil
        case .leastAbsoluteDeviation: return 0.5
        case let .quantile(tau): return tau
        }
    }

    /// The per-row measuring loss of the fit in units of `y`, from the
    /// `Losses/` stage: Huber `HuberLoss(delta: k·s)` (that is `s²·ρ(r/s)`;
    /// the k·s → 0 limit 0 when `s = 0`), L1 `AbsoluteError`, quantile
    /// `PinballLoss(quantile: τ)`. The loss history is its mean.
    func measuringLoss(scale s: Double) throws -> (Double) -> Double {
        switch self {
        case let .huber(k):
            guard s > 0 else { return { _ in 0 } }
            let huber = try HuberLoss(delta: k * s)
            return { huber.value(residual: $0) }
        case .leastAbsoluteDeviation:
            return { AbsoluteError().value(residual: $0) }
        case let .quantile(tau):
            let pinball = try PinballLoss(quantile: tau)
            return { pinball.value(residual: $0) }
        }
    }

    /// The IRLS weight `ψ(z)/z`. For L1-type losses `|r|` is floored at
    /// `floor` so the weight stays finite at zero residuals.
    func irlsWeight(residual r: Double, scale s: Double, floor: Double) -> Double {
        switch self {
        case let .huber(k):
            let a = abs(r)
            let d = k * s
            return a <= d ? 1 : d / a
        case .leastAbsoluteDeviation:
            return 1 / max(abs(r), floor)
        case let .quantile(tau):
            return (r >= 0 ? tau : 1 - tau) / max(abs(r), floor)
        }
    }

    /// The weight reported in `RobustFit.weights`, in [0, 1]: Huber's own IRLS
    /// weight `min(1, k/|z|)`; for L1-type losses `min(1, 2c/|z|)` with
    /// `c = τ` (r ≥ 0) or `1 − τ` (r < 0), i.e. the IRLS weight relative to a
    /// squared-error row, capped at 1 (L1: `min(1, 1/|z|)`).
    func reportedWeight(residual r: Double, scale s: Double) -> Double {
        switch self {
        case .huber:
            return irlsWeight(residual: r, scale: s, floor: 0)
        case .leastAbsoluteDeviation, .quantile:
            let tau = quantileLevel ?? 0.5
            let c = r >= 0 ? tau : 1 - tau
            let a = abs(r)
            if s == 0 { return a == 0 ? 1 : 0 }
            return min(1, 2 * c * s / a)
        }
    }
}
