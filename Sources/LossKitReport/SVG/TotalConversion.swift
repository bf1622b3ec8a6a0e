import Foundation

/// The one Double → Int conversion of the chart code. `Int(_: Double)` traps
/// on NaN, ±∞ and magnitudes beyond `Int.max`, and chart inputs reach all of
/// them (a residual of 1e308 minus one of −1e308 is +∞; `log10(0)` is −∞), so
/// every conversion in charts, histograms, axes, downsampling and SVG goes
/// through these total functions instead.
extension Int {
    /// The largest magnitude `init(saturating:)` returns: 2⁵³, exact in a
    /// Double, and far enough from `Int.max` that a few additions of small
    /// offsets (bin ±1, decade ±1) cannot overflow.
    static let saturationLimit = 1 << 53

    /// `value` rounded toward zero (as `Int(_:)` does), but total: NaN gives 0
    /// and anything beyond ±2⁵³ (±∞ included) gives ±2⁵³.
    init(saturating value: Double) {
        guard !value.isNaN else { self = 0; return }
        let limit = Double(Int.saturationLimit)
        self = Int(Swift.min(Swift.max(value, -limit), limit))
    }

    /// ⌊log₁₀ |value|⌋, the decimal exponent of `value`, total: 0 for 0 and NaN,
    /// 308 for ±∞, −324 for the smallest subnormals.
    static func decimalExponent(of value: Double) -> Int {
        let magnitude = Swift.abs(value)
        guard magnitude > 0, !magnitude.isNaN else { return 0 }
        guard magnitude.isFinite else { return 308 }
        return Int(saturating: log10(magnitude).rounded(.down))
    }
}
