import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// Text and number encoding for the HTML and SVG the report writes.
///
/// Everything the report emits is also well-formed XML, so the document can be
/// checked with an XML parser: text is escaped for both HTML and XML, and
/// characters that XML 1.0 forbids (most C0 controls, lone surrogates cannot
/// occur in a Swift `String`) are replaced by U+FFFD.
enum Markup {
    /// `text` with `& < > " '` replaced by entities and XML-illegal control
    /// characters replaced by U+FFFD, safe in element content and in quoted
    /// attribute values.
    static func escape(_ text: String) -> String {
        var needsWork = false
        for u in text.unicodeScalars where u == "&" || u == "<" || u == ">" || u == "\"" || u == "'" || isForbidden(u) {
            needsWork = true
            break
        }
        if !needsWork { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(isForbidden(u) ? "\u{FFFD}" : u)
            }
        }
        return out
    }

    /// Characters XML 1.0 does not allow anywhere, even escaped, plus the two
    /// noncharacters U+FFFE and U+FFFF.
    private static func isForbidden(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 { return v != 0x09 && v != 0x0A && v != 0x0D }
        return v == 0xFFFE || v == 0xFFFF
    }

    /// A lower-case identifier made of `a-z`, `0-9` and `-`, usable as an HTML
    /// id and an XML name: `"Residuals vs fitted (OLS)"` → `"residuals-vs-fitted-ols"`.
    /// Never empty: falls back to `fallback`.
    static func slug(_ text: String, fallback: String = "section") -> String {
        var out = ""
        var pendingDash = false
        // Accents are folded away first: "Résidus" → "residus".
        for u in text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(u)
            } else {
                pendingDash = true
            }
        }
        if out.isEmpty { return fallback }
        // An XML name may not start with a digit.
        if let first = out.unicodeScalars.first, first >= "0" && first <= "9" { out = "s-" + out }
        return out
    }

    /// A coordinate for an SVG attribute: at most two decimals, no trailing
    /// zeros, no exponent (`12.5`, `-3`, `0.07`). Values are clamped to ±1e7 so
    /// a point far outside the plot cannot produce a huge or invalid number
    /// (it is clipped away anyway); NaN prints as `0`.
    static func coordinate(_ value: Double) -> String {
        guard !value.isNaN else { return "0" }
        let clamped = min(max(value, -1e7), 1e7)
        let hundredths = Int(saturating: (clamped * 100).rounded())
        if hundredths == 0 { return "0" }
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        var out = hundredths < 0 ? "-" : ""
        out += String(whole)
        if fraction != 0 {
            out += "."
            if fraction % 10 == 0 {
                out += String(fraction / 10)
            } else {
                if fraction < 10 { out += "0" }
                out += String(fraction)
            }
        }
        return out
    }
}
