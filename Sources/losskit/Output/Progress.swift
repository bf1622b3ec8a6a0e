import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress counter on standard error, shown only when standard
/// error is a terminal and the work has run for more than a second.
final class Progress {
    private let label: String
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(label: String) {
        self.label = label
        enabled = isatty(STDERR_FILENO) != 0
    }

    func update(rows: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        drawn = true
        let rate = Double(rows) / now.timeIntervalSince(start)
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(label): \(rows) rows (\(Int(rate)) rows/s)".utf8))
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
