import ArgumentParser
import BenchSupport
import LossKit

/// LossKit's MSE on two `.npy` arrays, timed as `bench/compare_losses.py` times
/// its peers, next to the bandwidth floor (the read kernel over the same arrays)
/// in the same process. One JSON line per operation.
struct MSECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mse",
        abstract: "Time SquaredError's value and value+gradient, and the read floor, on .npy arrays."
    )

    @Option(help: "Predictions: a 1-D .npy file of float32 or float64.")
    var predictions: String

    @Option(help: "Targets: a 1-D .npy file of the same type and length.")
    var targets: String

    @Option(help: "Write the gradient from value+gradient here (.npy), to check it.")
    var gradientOut: String?

    @OptionGroup var timing: TimingOptions

    func run() throws {
        switch try NumpyFile.header(path: predictions).dtype {
        case .float32: try time(Float.self)
        case .float64: try time(Double.self)
        }
    }

    private func time<T: LossScalar & SIMDScalar & Sendable>(_: T.Type) throws {
        let (p, t) = try PairedInputs.read(predictions, targets, as: T.self)
        let n = p.count
        let size = MemoryLayout<T>.stride
        let dtype = T.self == Float.self ? "float32" : "float64"
        let mse = SquaredError()
        func emit(_ op: String, bytes: Int, _ timing: Timing, value: Double) {
            JSONLine([("op", .string(op)), ("dtype", .string(dtype)), ("n", .int(n)), ("bytes", .int(bytes))]
                + timing.jsonFields + [("value", .double(value))]).print()
        }
        // One call of each per round (Stopwatch.interleaved), so that the
        // ratios to the read floor hold even while other processes load the machine.
        var gradient = [T](repeating: 0, count: n)
        let results = try p.withUnsafeBufferPointer { a in
            try t.withUnsafeBufferPointer { b in
                try gradient.withUnsafeMutableBufferPointer { buffer in
                    let g = buffer
                    return try Stopwatch.interleaved(warmup: timing.warmup, repetitions: timing.repetitions, [
                        // The bandwidth floor: a plain read of both arrays.
                        { Double(ReadKernel.sum(a, b)) },
                        // The array API, as a user calls it.
                        { Double(try mse.loss(predictions: p, targets: t)) },
                        // The fused kernel into a gradient buffer allocated once (training loops).
                        { Double(try mse.valueAndGradient(predictions: a, targets: b, into: g)) },
                        // A new gradient array each call, as numpy and PyTorch allocate theirs.
                        { Double(try mse.valueAndGradient(predictions: p, targets: t).value) },
                    ])
                }
            }
        }
        let ops = ["read", "mse", "mse_value_and_gradient", "mse_value_and_gradient_array"]
        for (op, (timing, value)) in zip(ops, results) {
            emit(op, bytes: (op == "read" || op == "mse" ? 2 : 3) * n * size, timing, value: value)
        }

        if let gradientOut {
            try NumpyFile.write(NumpyArray(shape: [n], elements: gradient), path: gradientOut)
        }
    }
}
