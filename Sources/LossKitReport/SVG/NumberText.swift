import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// Human-readable numbers for tick labels, captions and tables.
///
/// Labels never show binary round-off (`0.30000000000000004`): a tick label is
/// printed with the number of decimals its axis step needs, and everything else
/// with a fixed number of significant digits. Very large and very small
/// magnitudes use `m×10ⁿ`. Minus signs are U+2212 so they line up with digits.
enum NumberText {
    /// Largest magnitude printed without an exponent.
    static let plainUpperLimit = 1e6
    /// Smallest nonzero magnitude printed without an exponent.
    static let plainLowerLimit = 1e-4

    /// The label of the tick at `value` on an axis whose ticks are `step` apart.
    ///
    /// The decimals come from the step, so every label of one axis has the same
    /// precision and neighbouring labels always differ. Scientific notation is
    /// used when the axis reaches 1e6 or the step is below 1e-4.
    static func tick(_ value: Double, step: Double, axisMagnitude: Double) -> String {
        guard value.isFinite else { return special(value) }
        let stepExponent = Int.decimalExponent(of: step)
        // A tick that is zero up to round-off is zero.
        if abs(value) < abs(step) * 1e-9 { return "0" }
        if axisMagnitude >= plainUpperLimit || abs(step) < plainLowerLimit {
            let e = Int.decimalExponent(of: value)
            // Enough digits to tell neighbours apart; trailing zeros dropped
            // (1×10⁶, 1.2×10⁶), since the exponent differs between labels anyway.
            let digits = max(0, e - stepExponent)
            return scientific(value, fractionDigits: digits, trimmingZeros: true)
        }
        return fixed(value, fractionDigits: max(0, -stepExponent))
    }

    /// `value` with `significantDigits` significant digits, plain when its
    /// magnitude is in [1e-4, 1e6) and `m×10ⁿ` otherwise. `0` prints as `0`.
    static func significant(_ value: Double, digits significantDigits: Int = 4) -> String {
        guard value.isFinite else { return special(value) }
        if value == 0 { return "0" }
        let e = Int.decimalExponent(of: value)
        if abs(value) >= plainUpperLimit || abs(value) < plainLowerLimit {
            return scientific(value, fractionDigits: max(0, significantDigits - 1))
        }
        return fixed(value, fractionDigits: max(0, significantDigits - 1 - e))
    }

    /// A share in [0, 1] as a percentage with no more digits than it needs:
    /// `0.6214` → `62%`, `0.0042` → `0.42%`, `1` → `100%`.
    static func percent(_ share: Double) -> String {
        guard share.isFinite else { return special(share) }
        let p = share * 100
        if p == 0 { return "0%" }
        if abs(p) >= 10 || p.rounded() == p { return fixed(p, fractionDigits: 0) + "%" }
        if abs(p) >= 1 { return fixed(p, fractionDigits: 1) + "%" }
        return significant(p, digits: 2) + "%"
    }

    /// A count with thin thousands separators: `120000` → `120 000`.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{202F}" }
            out.append(c)
        }
        return (n < 0 ? "\u{2212}" : "") + out
    }

    static func fixed(_ value: Double, fractionDigits: Int) -> String {
        var s = String(format: "%.\(min(fractionDigits, 17))f", value)
        // Rounding can leave "-0.00"; a zero has no sign.
        if s.hasPrefix("-") {
            if s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() } else { s = "\u{2212}" + s.dropFirst() }
        }
        return s
    }

    static func scientific(_ value: Double, fractionDigits: Int, trimmingZeros: Bool = false) -> String {
        var e = Int.decimalExponent(of: value)
        var mantissa = value / pow(10, Double(e))
        // Rounding the mantissa can carry into the next power: 9.996 → 10.0.
        let scale = pow(10, Double(min(fractionDigits, 15)))
        if (abs(mantissa) * scale).rounded() >= 10 * scale {
            e += 1
            mantissa = value / pow(10, Double(e))
        }
        var m = fixed(mantissa, fractionDigits: fractionDigits)
        if trimmingZeros && m.contains(".") {
            while m.hasSuffix("0") { m.removeLast() }
            if m.hasSuffix(".") { m.removeLast() }
        }
        return m + "×10" + superscript(e)
    }

    static func superscript(_ n: Int) -> String {
        let map: [Character: String] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
            "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(n).map { map[$0] ?? String($0) }.joined()
    }

    static func special(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        return value > 0 ? "∞" : "\u{2212}∞"
    }
}
