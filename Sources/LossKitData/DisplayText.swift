/// Text that came from a file or a command line (a column name, a field, a
/// path), made safe to print in a one-line message.
///
/// A data file can hold anything in a header: carriage returns that rewrite
/// the line, `ESC ]0;…` sequences that retitle the terminal, a 50 MB name.
/// Every message that quotes such text goes through `sanitized(_:limit:)`:
///
/// - control characters (C0, DEL, C1), format characters (bidirectional
///   overrides, zero-width marks) and line/paragraph separators are written
///   as `\u{1B}`, `\u{D}`, …, so the message stays one line and inert;
/// - text longer than `limit` Unicode scalars is cut there and ends with
///   `…` and its full size in bytes.
///
/// - Complexity: O(min(text length, limit)); a long text is not walked to its end.
package enum DisplayText {
    /// The default number of Unicode scalars shown before cutting.
    package static let defaultLimit = 80

    /// The text with control characters escaped, cut at `limit` scalars.
    package static func sanitized(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var result = ""
        var shown = 0
        for scalar in text.unicodeScalars {
            if shown == limit {
                return result + "… (\(text.utf8.count) bytes)"
            }
            if needsEscape(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            shown += 1
        }
        return result
    }

    /// `'text'`, sanitized; `standard input` for the path `-`.
    package static func path(_ path: String) -> String {
        path == "-" ? "standard input" : "'\(sanitized(path, limit: 200))'"
    }

    /// Up to `limit` names, sanitized and quoted, then how many more there are.
    package static func list(_ names: [String], limit: Int = 20) -> String {
        var shown = names.prefix(limit).map { "'\(sanitized($0))'" }.joined(separator: ", ")
        if names.count > limit { shown += ", … (\(names.count) in all)" }
        return shown
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) { return true }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .control: return true
        default: return false
        }
    }
}
