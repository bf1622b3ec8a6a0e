import Benchmark
import BenchSupport

/// The inputs of one element type, made once per process: n = 10⁷ predictions
/// and targets (seed 42), far larger than any cache, so every kernel streams
/// from memory and the read kernel is the speed limit.
final class Fixture<T: BinaryFloatingPoint & SIMDScalar & Sendable>: @unchecked Sendable {
    static var count: Int { 10_000_000 }

    let predictions: [T]
    let targets: [T]
    /// Written by the value+gradient kernels.
    var gradient: [T]
    /// Best time of the read kernel over both arrays, measured in this process
    /// just before the benchmark that compares against it.
    private(set) var readSeconds = Double.nan

    init() where T.RawSignificand: FixedWidthInteger {
        (predictions, targets) = SeededData.predictionsAndTargets(count: Self.count, as: T.self)
        gradient = [T](repeating: 0, count: Self.count)
    }

    /// Bytes per second of the read kernel over both arrays in this run.
    var readBandwidth: Double { 2 * arrayBytes / readSeconds }

    /// Bytes in one array.
    var arrayBytes: Double { Double(Self.count * MemoryLayout<T>.stride) }

    /// Times the read kernel over both arrays (best of 7 after one warm-up) and
    /// keeps it as this run's bandwidth reference.
    func measureReadFloor() {
        let (timing, sum) = Stopwatch.time(warmup: 1, repetitions: 7) { readBoth() }
        blackHole(sum)
        readSeconds = timing.best
    }

    func readBoth() -> T {
        predictions.withUnsafeBufferPointer { a in
            targets.withUnsafeBufferPointer { b in ReadKernel.sum(a, b) }
        }
    }
}

let floatFixture = Fixture<Float>()
let doubleFixture = Fixture<Double>()

