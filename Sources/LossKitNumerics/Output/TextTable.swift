import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain-text table for the terminal: a title, a header row, aligned columns
/// (text left, numbers right), and an optional footer. Bold and dim styling is
/// used only when standard output is a terminal and `NO_COLOR` is unset.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var title: String?
    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    public var footnotes: [String] = []

    public init(title: String? = nil, headers: [String], alignments: [Alignment]? = nil) {
        self.title = title
        self.headers = headers
        self.alignments = alignments ?? headers.indices.map { $0 == 0 ? .left : .right }
    }

    public mutating func addRow(_ cells: [String]) { rows.append(cells) }
    public mutating func addSeparator() { rows.append([]) }

    /// The table as terminal lines. Text that came from a data file (column
    /// names in titles and rows) may hold control characters — a header can
    /// carry `ESC]0;…` — so every title, header, cell and footnote has its
    /// control characters (C0, DEL, C1) written as `\u{…}`; only the style's
    /// own escape sequences reach the terminal.
    public func rendered(style: TerminalStyle = .current) -> String {
        let title = self.title.map(Self.printable)
        let headers = self.headers.map(Self.printable)
        let rows = self.rows.map { $0.map(Self.printable) }
        let footnotes = self.footnotes.map(Self.printable)
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, width) in widths.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: max(0, width - cell.count))
                parts.append(alignments[i] == .left ? cell + pad : pad + cell)
            }
            var text = "  " + parts.joined(separator: "   ")
            while text.last == " " { text.removeLast() }
            return text
        }
        let totalWidth = widths.reduce(0, +) + 3 * max(0, widths.count - 1) + 2
        var out: [String] = []
        if let title { out.append(style.bold(title)) }
        out.append(style.bold(line(headers)))
        out.append("  " + String(repeating: "─", count: max(0, totalWidth - 2)))
        for row in rows {
            if row.isEmpty {
                out.append("  " + String(repeating: "┄", count: max(0, totalWidth - 2)))
            } else {
                out.append(line(row))
            }
        }
        for note in footnotes { out.append(style.dim("  " + note)) }
        return out.joined(separator: "\n")
    }
}

extension TextTable {
    /// `text` with every control character (C0, DEL, C1) as `\u{XX}`.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

/// ANSI styling that switches itself off for pipes, files and `NO_COLOR`.
public struct TerminalStyle: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static var current: TerminalStyle {
        let noColor = getenv("NO_COLOR") != nil
        return TerminalStyle(enabled: !noColor && isatty(STDOUT_FILENO) != 0)
    }

    public func bold(_ s: String) -> String { enabled ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    public func dim(_ s: String) -> String { enabled ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    public func accent(_ s: String) -> String { enabled ? "\u{1B}[1;34m\(s)\u{1B}[0m" : s }
}

/// Number formatting for tables: a fixed count of significant digits, with
/// scientific notation outside [1e-4, 1e7). JSON output does not use this; it
/// prints round-trip digits.
public enum NumberFormat {
    public static func significant(_ x: Double, digits: Int = 6) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude >= 1e7 || magnitude < 1e-4 {
            return String(format: "%.\(max(0, digits - 1))e", x)
        }
        let exponent = Int((log10(magnitude)).rounded(.down))
        let decimals = max(0, digits - 1 - exponent)
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.last == "0" { text.removeLast() }
            if text.last == "." { text.removeLast() }
        }
        return text
    }
}
