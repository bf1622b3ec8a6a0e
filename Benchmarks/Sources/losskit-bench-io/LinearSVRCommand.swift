import ArgumentParser
import BenchSupport
import Foundation
import LossKit

/// LossKit's linear SVR on a design matrix and targets from `.npy` files,
/// timed as `bench/compare_linear_svr.py` times scikit-learn's `LinearSVR`.
/// One JSON line: timing, iterations, convergence, objectives.
struct LinearSVRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linear-svr",
        abstract: "Time LinearSupportVectorRegression fits on .npy data."
    )

    enum Loss: String, ExpressibleByArgument, CaseIterable { case l1, l2 }
    enum Solver: String, ExpressibleByArgument, CaseIterable { case automatic, dual, primal }

    @Option(help: "The n × p design: a 2-D float64 .npy file.")
    var x: String

    @Option(help: "The n targets: a 1-D float64 .npy file.")
    var y: String

    @Option(help: "The loss: l1 (ε-insensitive) or l2 (squared ε-insensitive).")
    var loss: Loss

    @Option(name: .customLong("C"), help: "The cost C.")
    var c = 1.0

    @Option(help: "The tube half-width ε.")
    var epsilon = 0.0

    @Option(help: "automatic, dual (coordinate descent) or primal (trust-region Newton).")
    var solver: Solver = .automatic

    @Option(help: "The relative stopping tolerance (LIBLINEAR's meaning).")
    var tol = 1e-4

    @Option(help: "The most dual epochs / Newton steps.")
    var maxIter = 1000

    @Flag(help: "Penalize the intercept as LIBLINEAR does (intercept_scaling 1).")
    var penalizeIntercept = false

    @Option(help: "Write [intercept, coefficients...] (p + 1 values) to this .npy path.")
    var coefOut: String?

    @OptionGroup var timing: TimingOptions

    func run() throws {
        let (design, targetValues) = try DesignMatrix.readWithTargets(x: x, y: y)
        let data = try RegressionData(features: design, targets: targetValues)
        let svr = LinearSupportVectorRegression(
            loss: loss == .l1 ? .epsilonInsensitive : .squaredEpsilonInsensitive, C: c, epsilon: epsilon,
            penalizeIntercept: penalizeIntercept,
            solver: solver == .dual ? .dualCoordinateDescent : solver == .primal ? .trustRegionNewton : .automatic,
            tolerance: tol, maxIterations: maxIter)
        // CPU seconds of the process (both cores' work) around each call, next to the wall clock.
        var cpuSeconds: [Double] = []
        let (fitTiming, model) = try Stopwatch.time(warmup: timing.warmup, repetitions: timing.repetitions) {
            let before = Self.processCPUSeconds()
            defer { cpuSeconds.append(Self.processCPUSeconds() - before) }
            return try svr.fit(data)
        }
        let cpuTiming = Timing(seconds: Array(cpuSeconds.suffix(timing.repetitions)))
        var line: [(String, JSONLine.Value)] = [
            ("op", .string("fit")),
            ("label", .string("LinearSupportVectorRegression(\(loss.rawValue))")),
            ("n", .int(design.rows)), ("p", .int(design.columns)),
        ] + fitTiming.jsonFields + [
            ("cpu_best_s", .double(cpuTiming.best)), ("cpu_median_s", .double(cpuTiming.median)),
            ("solver", .string(model.solver.rawValue)),
            ("iterations", .int(model.iterations)),
            ("outerSteps", .int(model.training?.outerSteps ?? 0)),
            ("converged", .int(model.converged ? 1 : 0)),
            ("primalObjective", .double(model.primalObjective)),
            ("dualObjective", .double(model.dualObjective)),
            ("supportVectors", .int(model.supportVectorCount)),
        ]
        if let coefOut {
            let coefficients = [model.intercept] + model.coefficients
            try NumpyFile.write(NumpyArray(shape: [coefficients.count], elements: coefficients), path: coefOut)
            line.append(("coef_path", .string(coefOut)))
        }
        JSONLine(line).print()
    }

    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
