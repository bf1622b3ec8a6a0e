import ArgumentParser
import BenchSupport
import LossKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// LossKit's `SGDRegressor` on a design matrix and targets from `.npy` files,
/// timed as `bench/compare_sgd.py` times scikit-learn's `SGDRegressor` and a
/// PyTorch loop (the fit only: the .npy read is outside the timing; the
/// fit's own check of the data and its row-major copy are inside). One JSON line.
struct SGDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sgd",
        abstract: "Time SGDRegressor fits on .npy data."
    )

    @Option(help: "The n × p design: a 2-D float64 .npy file.")
    var x: String

    @Option(help: "The n targets: a 1-D float64 .npy file.")
    var y: String

    @Option var loss = "squared_error"
    @Option var penalty = "l2"
    @Option var alpha = 1e-4
    @Option(name: .customLong("learning-rate")) var learningRate = "invscaling"
    @Option var eta0 = 0.01
    @Option var epochs = 20
    @Option(help: "Stopping tolerance; omit to run every epoch (scikit-learn's tol=None).") var tol: Double?
    @Option(name: .customLong("batch-size")) var batchSize = 1
    @Flag var average = false
    @Flag(help: "Train on the features as given (no internal standardization).") var noStandardize = false
    @Option(help: "double or float") var precision = "double"
    @Option var seed: UInt64 = 0

    @Option(help: "Write [intercept, coefficients...] (p + 1 values) to this .npy path.")
    var coefOut: String?

    @OptionGroup var timing: TimingOptions

    func run() throws {
        let (design, targetValues) = try DesignMatrix.readWithTargets(x: x, y: y)
        var sgd = SGDRegressor()
        sgd.loss = try SGDRegressor.Loss(name: loss)
        sgd.penalty = try SGDRegressor.Penalty(name: penalty)
        sgd.alpha = alpha
        guard let rate = SGDRegressor.LearningRate(rawValue: learningRate),
              let p = SGDRegressor.Precision(rawValue: precision) else { throw ValidationError("bad --learning-rate or --precision") }
        sgd.learningRate = rate
        sgd.precision = p
        sgd.eta0 = eta0
        sgd.maxEpochs = epochs
        sgd.tolerance = tol
        sgd.batchSize = batchSize
        sgd.average = average
        sgd.standardize = !noStandardize
        sgd.seed = seed
        // CPU seconds too (user + system, this process): on a shared machine
        // they say what the fit cost when wall time includes waiting for a core.
        func cpuSeconds() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        }
        let cpuStart = cpuSeconds()
        let (fitTiming, model) = try Stopwatch.time(warmup: timing.warmup, repetitions: timing.repetitions) {
            try sgd.fit(RegressionData(features: design, targets: targetValues))
        }
        let cpuPerFit = (cpuSeconds() - cpuStart) / Double(max(0, timing.warmup) + max(1, timing.repetitions))
        var line: [(String, JSONLine.Value)] = [
            ("op", .string("fit")),
            ("label", .string("SGDRegressor(\(loss), \(penalty), \(learningRate), \(precision))")),
            ("n", .int(design.rows)), ("p", .int(design.columns)),
        ] + fitTiming.jsonFields + [
            ("cpu_s", .double(cpuPerFit)),
            ("epochs", .int(model.epochs)),
            ("stopReason", .string(model.stopReason.rawValue)),
            ("objective", .double(model.objective)),
        ]
        if let coefOut {
            let coefficients = [model.intercept] + model.coefficients
            try NumpyFile.write(NumpyArray(shape: [coefficients.count], elements: coefficients), path: coefOut)
            line.append(("coef_path", .string(coefOut)))
        }
        JSONLine(line).print()
    }
}
