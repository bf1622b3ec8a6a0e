import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// Maps data values to positions along one axis, with "nice" tick marks.
///
/// Linear ticks follow Heckbert's nice-number algorithm ("Nice numbers for
/// graph labels", Graphics Gems, 1990): the step is 1, 2 or 5 × 10ⁿ, chosen so
/// about `targetTickCount` ticks fall in the domain. Tick values are computed as
/// integer × exact power of ten (`3 / 10`, not `3 × 0.1`), so they are the
/// doubles nearest the decimal numbers they stand for, and labels are printed
/// with the decimals the step needs (`NumberText.tick`).
///
/// Logarithmic ticks sit on powers of ten (every k-th decade when there are
/// many), with 2× and 5× added when the domain spans less than about two decades.
///
/// The domain is the data range padded by `padding` of its width on both sides
/// (in log units for a log axis), so points are never drawn on the frame; ticks
/// lie inside the domain. A single value, or no finite value at all, still gives
/// a usable scale.
struct AxisScale: Sendable {
    enum Kind: Sendable { case linear, logarithmic }

    let kind: Kind
    /// Domain in data units (both > 0 for a log axis).
    let lower: Double
    let upper: Double
    let ticks: [Double]
    let labels: [String]

    /// Position of `value` as a fraction of the axis length: 0 at `lower`,
    /// 1 at `upper`. NaN for values a log axis cannot show (≤ 0) and for NaN.
    func fraction(_ value: Double) -> Double {
        switch kind {
        case .linear:
            return (value - lower) / (upper - lower)
        case .logarithmic:
            guard value > 0 else { return .nan }
            let lo = log10(lower), hi = log10(upper)
            return (log10(value) - lo) / (hi - lo)
        }
    }

    /// Whether `value` can be placed on this axis at all.
    func accepts(_ value: Double) -> Bool {
        value.isFinite && (kind == .linear || value > 0)
    }

    // MARK: - Linear

    /// A linear scale covering `[dataMin, dataMax]`.
    /// - Parameters:
    ///   - padding: fraction of the data width added on each side.
    ///   - includeZero: extend the domain to contain 0 (bar charts, zero lines).
    ///   - exactLowerBound: start the domain exactly here, unpadded (e.g. 0 for counts).
    static func linear(
        dataMin: Double, dataMax: Double, targetTickCount: Int = 6,
        padding: Double = 0.04, includeZero: Bool = false, exactLowerBound: Double? = nil
    ) -> AxisScale {
        var lo = dataMin, hi = dataMax
        if !lo.isFinite || !hi.isFinite || lo > hi { (lo, hi) = (0, 1) }
        if includeZero { lo = Swift.min(lo, 0); hi = Swift.max(hi, 0) }
        let magnitude = Swift.max(abs(lo), abs(hi))
        if hi - lo <= magnitude * 1e-12 {
            // One value (or a spread lost in round-off): centre it in a nice interval.
            let half = magnitude == 0 ? 1 : niceNumber(magnitude * 0.1, round: true)
            // Near ±Double.greatestFiniteMagnitude the margin would overflow.
            lo = Swift.max(lo - half, -Double.greatestFiniteMagnitude)
            hi = Swift.min(hi + half, Double.greatestFiniteMagnitude)
        } else {
            // Halved first so −1e308…1e308 does not overflow.
            let pad = (hi * 0.5 - lo * 0.5) * (2 * padding)
            lo = Swift.max(lo - pad, -Double.greatestFiniteMagnitude)
            hi = Swift.min(hi + pad, Double.greatestFiniteMagnitude)
        }
        if let exact = exactLowerBound, lo < exact, dataMin >= exact { lo = exact }
        guard (hi - lo).isFinite else {
            // The span overflows (e.g. −1e308…1e308): label just the ends.
            let ticks = [lo, hi]
            return AxisScale(kind: .linear, lower: lo, upper: hi, ticks: ticks,
                             labels: ticks.map { NumberText.significant($0, digits: 3) })
        }
        let ticks = niceTicks(lower: lo, upper: hi, targetCount: targetTickCount)
        let axisMagnitude = ticks.map(abs).max() ?? magnitude
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : (hi - lo)
        let labels = ticks.map { NumberText.tick($0, step: step, axisMagnitude: axisMagnitude) }
        return AxisScale(kind: .linear, lower: lo, upper: hi, ticks: ticks, labels: labels)
    }

    /// Heckbert's nice number near `x > 0`: 1, 2, 5 or 10 × 10ⁿ. With `round`
    /// the nearest such number, otherwise the smallest one ≥ `x`.
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let (mantissa, exponent) = niceMantissa(x, round: round)
        return scaled(mantissa, exponent)
    }

    /// The multiples of a nice step inside `[lower, upper]`, about `targetCount` of them.
    static func niceTicks(lower: Double, upper: Double, targetCount: Int) -> [Double] {
        // Heckbert first rounds the span up to a nice number, which can double
        // the step (span 21.9 → 50 → step 10, three ticks); the step from the
        // span itself keeps the tick count near the target.
        let (m, e) = niceMantissa((upper - lower) / Double(Swift.max(targetCount - 1, 1)), round: true)
        let step = scaled(m, e)
        guard step > 0, step.isFinite else { return [lower, upper] }
        // A bound that is a multiple of the step up to round-off (0.3 / 0.05 =
        // 5.999…) still gets its tick.
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 1000 else { return [lower, upper] }
        return stride(from: first, through: last, by: 1).map { scaled(Int(saturating: $0) * m, e) }
    }

    /// `x ≈ mantissa × 10^exponent` with mantissa in {1, 2, 5, 10}.
    private static func niceMantissa(_ x: Double, round: Bool) -> (Int, Int) {
        guard x > 0, x.isFinite else { return (1, 0) }
        let exponent = Int.decimalExponent(of: x)
        let f = x / pow(10, Double(exponent))
        let m: Int
        if round {
            m = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        } else {
            m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        }
        return (m, exponent)
    }

    /// `n × 10^e`, rounded once: dividing by an exact power of ten gives the
    /// double nearest the decimal value (0.3, not 0.30000000000000004).
    private static func scaled(_ n: Int, _ e: Int) -> Double {
        if e >= 0 { return Double(n) * pow(10, Double(e)) }
        if e >= -22 { return Double(n) / pow(10, Double(-e)) }
        return Double(n) * pow(10, Double(e))
    }

    // MARK: - Logarithmic

    /// A base-10 log scale covering `[dataMin, dataMax]` (both must be > 0;
    /// otherwise the scale falls back to 1…10).
    static func logarithmic(dataMin: Double, dataMax: Double, padding: Double = 0.04) -> AxisScale {
        var lo = dataMin, hi = dataMax
        if !(lo > 0) || !(hi > 0) || !lo.isFinite || !hi.isFinite || lo > hi { (lo, hi) = (1, 10) }
        var llo = log10(lo), lhi = log10(hi)
        if lhi - llo < 1e-9 {
            llo -= 0.5
            lhi += 0.5
        } else {
            let pad = (lhi - llo) * padding
            llo -= pad
            lhi += pad
        }
        // Over a short range (where 1-2-5 ticks are used), reach out to a 1, 2
        // or 5 just beyond either end when it is close, so the ends are labelled
        // (a loss from 1.8 to 48 gets an axis to 50).
        if lhi - llo < 2.2 {
            let reach = 0.08 * (lhi - llo)
            let steps = (Int(saturating: llo.rounded(.down)) - 1...Int(saturating: lhi.rounded(.up)) + 1).flatMap { e in
                [0, log10(2.0), log10(5.0)].map { Double(e) + $0 }
            }
            if let above = steps.first(where: { $0 >= lhi }), above - lhi <= reach { lhi = above }
            if let below = steps.last(where: { $0 <= llo }), llo - below <= reach { llo = below }
        }
        // Stay inside the finite positive doubles, with at least one decade
        // (subnormal data lies wholly below 10^-307.5).
        llo = Swift.min(Swift.max(llo, -307.5), 307.2)
        lhi = Swift.max(Swift.min(lhi, 308.2), llo + 1)
        let lower = pow(10, llo), upper = pow(10, lhi)

        let firstDecade = Int(saturating: llo.rounded(.up)), lastDecade = Int(saturating: lhi.rounded(.down))
        let decadeCount = lastDecade - firstDecade + 1
        var ticks: [Double] = []
        var isDecade: [Bool] = []
        if decadeCount >= 3 {
            let every = Swift.max(1, Int(saturating: (Double(decadeCount) / 10).rounded(.up)))
            for e in stride(from: firstDecade, through: lastDecade, by: 1) where (e - firstDecade) % every == 0 {
                ticks.append(powerOfTen(e))
                isDecade.append(true)
            }
        } else {
            for e in (firstDecade - 1)...(lastDecade + 1) {
                for m in [1, 2, 5] {
                    let v = Double(m) * powerOfTen(e)
                    if v >= lower * (1 - 1e-12) && v <= upper * (1 + 1e-12) {
                        ticks.append(v)
                        isDecade.append(m == 1)
                    }
                }
            }
        }
        if ticks.count < 2 {
            // Less than one 1-2-5 step: use linear nice ticks inside the domain.
            let linear = niceTicks(lower: lower, upper: upper, targetCount: 4).filter { $0 > 0 }
            let step = linear.count > 1 ? linear[1] - linear[0] : upper - lower
            let labels = linear.map { NumberText.tick($0, step: step, axisMagnitude: upper) }
            return AxisScale(kind: .logarithmic, lower: lower, upper: upper, ticks: linear, labels: labels)
        }
        // One style per axis: powers of ten everywhere if any label needs it.
        let allPlain = ticks.allSatisfy { $0 >= 1e-3 && $0 < 1e5 }
        let labels = zip(ticks, isDecade).map { value, decade -> String in
            if allPlain {
                let e = Int.decimalExponent(of: value)
                return NumberText.fixed(value, fractionDigits: Swift.max(0, -e))
            }
            let e = Int.decimalExponent(of: value)
            if decade { return "10" + NumberText.superscript(e) }
            let m = Int(saturating: (value / powerOfTen(e)).rounded())
            return "\(m)×10" + NumberText.superscript(e)
        }
        return AxisScale(kind: .logarithmic, lower: lower, upper: upper, ticks: ticks, labels: labels)
    }

    static func powerOfTen(_ e: Int) -> Double {
        if e >= 0 { return pow(10, Double(e)) }
        if e >= -22 { return 1 / pow(10, Double(-e)) }
        return pow(10, Double(e))
    }
}
