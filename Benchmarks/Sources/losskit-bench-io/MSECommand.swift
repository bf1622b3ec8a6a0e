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
        func emit(_ op: String, bytes: Int, _ timing: Timing, value: T) {
            JSONLine([("op", .string(op)), ("dtype", .string(dtype)), ("n", .int(n)), ("bytes", .int(bytes))]
                + timing.jsonFields + [("value", .double(Double(value)))]).print()
        }
        let w = timing.warmup, k = timing.repetitions

        let (readTiming, sum) = p.withUnsafeBufferPointer { a in
            t.withUnsafeBufferPointer { b in Stopwatch.time(warmup: w, repetitions: k) { ReadKernel.sum(a, b) } }
        }
        emit("read", bytes: 2 * n * size, readTiming, value: sum)

        // The array API, as a user calls it.
        let (valueTiming, value) = try Stopwatch.time(warmup: w, repetitions: k) {
            try mse.loss(predictions: p, targets: t)
        }
        emit("mse", bytes: 2 * n * size, valueTiming, value: value)

        // The fused kernel into a gradient buffer allocated once (training-loop use).
        var gradient = [T](repeating: 0, count: n)
        let (fusedTiming, fusedValue) = try p.withUnsafeBufferPointer { a in
            try t.withUnsafeBufferPointer { b in
                try gradient.withUnsafeMutableBufferPointer { g in
                    try Stopwatch.time(warmup: w, repetitions: k) {
                        try mse.valueAndGradient(predictions: a, targets: b, into: g)
                    }
                }
            }
        }
        emit("mse_value_and_gradient", bytes: 3 * n * size, fusedTiming, value: fusedValue)

        // The array API returning a new gradient array each call (as numpy and
        // PyTorch allocate theirs).
        let (allocatingTiming, pair) = try Stopwatch.time(warmup: w, repetitions: k) {
            try mse.valueAndGradient(predictions: p, targets: t)
        }
        emit("mse_value_and_gradient_array", bytes: 3 * n * size, allocatingTiming, value: pair.value)

        if let gradientOut {
            try NumpyFile.write(NumpyArray(shape: [n], elements: gradient), path: gradientOut)
        }
    }
}
