/// Times a closure the way every LossKit comparison does (and the Python
/// scripts in `bench/` do too): `warmup` untimed calls, then `repetitions`
/// timed calls; report the best (least disturbed by other processes) and the
/// median.
public struct Timing: Sendable {
    /// Seconds of each timed call, in the order run.
    public var seconds: [Double]

    public init(seconds: [Double]) { self.seconds = seconds }

    public var best: Double { seconds.min() ?? .nan }

    public var median: Double {
        let s = seconds.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

public enum Stopwatch {
    /// Seconds elapsed while `body` runs, on the monotonic clock.
    @inlinable
    public static func seconds<R>(_ body: () throws -> R) rethrows -> (seconds: Double, result: R) {
        let clock = ContinuousClock()
        var result: R?
        let elapsed = try clock.measure { result = try body() }
        let (s, attoseconds) = elapsed.components
        // `result` is always set: `measure` ran `body` once or rethrew.
        return (Double(s) + Double(attoseconds) * 1e-18, result!)
    }

    /// `warmup` untimed calls, then `repetitions` timed ones.
    /// Returns the timings and the last call's result.
    @inlinable
    public static func time<R>(
        warmup: Int, repetitions: Int, _ body: () throws -> R
    ) rethrows -> (timing: Timing, result: R) {
        var last = try body()
        for _ in 1..<max(1, warmup) { last = try body() }
        var seconds: [Double] = []
        seconds.reserveCapacity(repetitions)
        for _ in 0..<max(1, repetitions) {
            let (s, r) = try Stopwatch.seconds(body)
            seconds.append(s)
            last = r
        }
        return (Timing(seconds: seconds), last)
    }
}
