import Benchmark
import BenchSupport
import LossKit

/// Memory-bound kernels at n = 10⁷: the plain read (bandwidth reference) and
/// LossKit's MSE value and fused value+gradient, in Float and Double.
///
/// Besides wall-clock time each benchmark reports two custom metrics:
/// - `MB/s`: bytes moved per second (10⁶ bytes). The read kernel and the MSE
///   value read two arrays (2·n·size bytes); value+gradient reads two and
///   writes one (3·n·size).
/// - `% of read`: that bandwidth as a percentage of the read kernel's, timed
///   just before in the same iteration (the MSE goal is ≥ 80 %); the read
///   benchmark's own value compares two consecutive reads.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, KernelMetric.megabytesPerSecond, KernelMetric.percentOfRead],
        timeUnits: .microseconds,
        units: [KernelMetric.megabytesPerSecond: .count, KernelMetric.percentOfRead: .count],
        warmupIterations: 2,
        maxDuration: .seconds(3),
        maxIterations: 60
    )
    // The fixtures' data is made here, at registration, before any timing.
    registerKernels(floatFixture, label: "Float")
    registerKernels(doubleFixture, label: "Double")
}

enum KernelMetric {
    static var megabytesPerSecond: BenchmarkMetric {
        .custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    }
    static var percentOfRead: BenchmarkMetric {
        .custom("% of read", polarity: .prefersLarger, useScalingFactor: false)
    }
}

/// One iteration: the read kernel over both arrays, then `kernel`, each timed
/// once, back to back, so that the ratio of the two is taken under the same
/// load. Only `kernel` counts for the wall-clock metric; it reports its
/// bandwidth for `bytes` moved and that as a share of the read's bandwidth.
func timeKernel<T: BinaryFloatingPoint & SIMDScalar & Sendable, R>(
    _ benchmark: Benchmark, _ fixture: Fixture<T>, bytes: Double, _ kernel: () throws -> R
) rethrows {
    let (readSeconds, sum) = Stopwatch.seconds { fixture.readBoth() }
    blackHole(sum)
    benchmark.startMeasurement()
    let (seconds, result) = try Stopwatch.seconds(kernel)
    benchmark.stopMeasurement()
    blackHole(result)
    let bandwidth = bytes / seconds
    let readBandwidth = 2 * fixture.arrayBytes / readSeconds
    benchmark.measurement(KernelMetric.megabytesPerSecond, Int((bandwidth / 1e6).rounded()))
    benchmark.measurement(KernelMetric.percentOfRead, Int((100 * bandwidth / readBandwidth).rounded()))
}

func registerKernels<T: LossScalar & SIMDScalar & Sendable>(
    _ fixture: Fixture<T>, label: String
) where T.RawSignificand: FixedWidthInteger {
    let twoArrays = 2 * fixture.arrayBytes
    let threeArrays = 3 * fixture.arrayBytes
    let mse = SquaredError()
    Benchmark("Read \(label) n=1e7") { benchmark in
        timeKernel(benchmark, fixture, bytes: twoArrays) { fixture.readBoth() }
    }
    // The array API a user calls: SquaredError().loss(predictions:targets:).
    Benchmark("MSE value \(label) n=1e7") { benchmark in
        try timeKernel(benchmark, fixture, bytes: twoArrays) {
            try mse.loss(predictions: fixture.predictions, targets: fixture.targets)
        }
    }
    // The allocation-free fused kernel: value returned, gradient written in place.
    Benchmark("MSE value+gradient \(label) n=1e7") { benchmark in
        try fixture.predictions.withUnsafeBufferPointer { p in
            try fixture.targets.withUnsafeBufferPointer { t in
                try fixture.gradient.withUnsafeMutableBufferPointer { g in
                    try timeKernel(benchmark, fixture, bytes: threeArrays) {
                        try mse.valueAndGradient(predictions: p, targets: t, into: g)
                    }
                }
            }
        }
    }
}
