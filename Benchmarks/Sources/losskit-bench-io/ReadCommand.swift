import ArgumentParser
import BenchSupport

/// The bandwidth floor: reads two arrays with the plain read kernel.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Time the plain read of two arrays (the bandwidth floor)."
    )

    @Option(help: "A 1-D .npy file of float32 or float64.")
    var a: String

    @Option(help: "A second 1-D .npy file of the same type and length.")
    var b: String

    @OptionGroup var timing: TimingOptions

    func run() throws {
        let header = try NumpyFile.header(path: a)
        switch header.dtype {
        case .float32: try time(Float.self)
        case .float64: try time(Double.self)
        }
    }

    private func time<T: BinaryFloatingPoint & SIMDScalar & Sendable>(_: T.Type) throws {
        let (x, y) = try PairedInputs.read(a, b, as: T.self)
        let (t, sum) = x.withUnsafeBufferPointer { p in
            y.withUnsafeBufferPointer { q in
                Stopwatch.time(warmup: timing.warmup, repetitions: timing.repetitions) {
                    ReadKernel.sum(p, q)
                }
            }
        }
        JSONLine([
            ("op", .string("read")),
            ("dtype", .string(T.self == Float.self ? "float32" : "float64")),
            ("n", .int(x.count)),
            ("bytes", .int(2 * x.count * MemoryLayout<T>.stride)),
        ] + t.jsonFields + [("value", .double(Double(sum)))]).print()
    }
}
