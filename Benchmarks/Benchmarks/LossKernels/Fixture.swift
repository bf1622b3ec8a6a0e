import BenchSupport

/// The inputs of one element type, made once per process: n = 10⁷ predictions
/// and targets (seed 42), far larger than any cache, so every kernel streams
/// from memory (or the shared last-level cache) and the read kernel is the
/// speed limit.
final class Fixture<T: BinaryFloatingPoint & SIMDScalar & Sendable>: @unchecked Sendable {
    static var count: Int { 10_000_000 }

    let predictions: [T]
    let targets: [T]
    /// Written by the value+gradient kernels.
    var gradient: [T]

    init() where T.RawSignificand: FixedWidthInteger {
        (predictions, targets) = SeededData.predictionsAndTargets(count: Self.count, as: T.self)
        gradient = [T](repeating: 0, count: Self.count)
    }

    /// Bytes in one array.
    var arrayBytes: Double { Double(Self.count * MemoryLayout<T>.stride) }

    /// The plain read of both arrays (the bandwidth reference).
    func readBoth() -> T {
        predictions.withUnsafeBufferPointer { a in
            targets.withUnsafeBufferPointer { b in ReadKernel.sum(a, b) }
        }
    }
}

let floatFixture = Fixture<Float>()
let doubleFixture = Fixture<Double>()

