import Foundation
import LossKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress counter on standard error, shown only when standard
/// error is a terminal, the caller enables it (not with --json) and the work
/// has run for more than a second.
final class Progress {
    private let label: String
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(label: String, enabled: Bool = true) {
        self.label = label
        self.enabled = enabled && isatty(STDERR_FILENO) != 0
    }

    /// Rows processed so far, and the rate.
    func update(rows: Int) {
        draw { elapsed in "\(rows) rows (\(Int(Double(rows) / elapsed)) rows/s)" }
    }

    /// A status text (made only when it will be drawn), with the time so far.
    func update(status: () -> String) {
        draw { elapsed in "\(status()) (\(Int(elapsed)) s)" }
    }

    private func draw(_ text: (_ elapsed: Double) -> String) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 1, now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(label): \(text(elapsed))".utf8))
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
