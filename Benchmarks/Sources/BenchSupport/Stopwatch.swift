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

    /// `warmup` untimed calls (none for 0: for seconds-long work), then
    /// `repetitions` timed ones (at least one).
    /// Returns the timings and the last call's result.
    @inlinable
    public static func time<R>(
        warmup: Int, repetitions: Int, _ body: () throws -> R
    ) rethrows -> (timing: Timing, result: R) {
        for _ in 0..<max(0, warmup) { _ = try body() }
        var (first, last) = try Stopwatch.seconds(body)
        var seconds = [first]
        seconds.reserveCapacity(repetitions)
        for _ in 1..<max(1, repetitions) {
            (first, last) = try Stopwatch.seconds(body)
            seconds.append(first)
        }
        return (Timing(seconds: seconds), last)
    }

    /// Times several bodies in turn, one call of each per repetition, so that a
    /// burst of load from other processes hits all of them alike and their
    /// ratios stay meaningful on a busy machine. `warmup` untimed rounds,
    /// then `repetitions` timed rounds.
    /// - Returns: each body's timing and its last result.
    public static func interleaved(
        warmup: Int, repetitions: Int, _ bodies: [() throws -> Double]
    ) throws -> [(timing: Timing, result: Double)] {
        var results = [Double](repeating: .nan, count: bodies.count)
        for _ in 0..<max(0, warmup) {
            for (i, body) in bodies.enumerated() { results[i] = try body() }
        }
        var seconds = [[Double]](repeating: [], count: bodies.count)
        for _ in 0..<max(1, repetitions) {
            for (i, body) in bodies.enumerated() {
                let (s, r) = try Stopwatch.seconds(body)
                seconds[i].append(s)
                results[i] = r
            }
        }
        return zip(seconds, results).map { (Timing(seconds: $0), $1) }
    }
}
