import ArgumentParser
import BenchSupport
import LossKit

/// One full-batch gradient-descent iteration of least squares against the
/// time to read the same matrix (the bandwidth reference, `ReadKernel`), in
/// one run, interleaved. Generates its own data (seeded). One JSON line.
struct GradientStepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gd-step",
        abstract: "Time one full-batch GD iteration of least squares against reading the matrix."
    )

    @Option(help: "Rows n.") var rows = 1_000_000
    @Option(help: "Columns p.") var columns = 100
    @Option(help: "Rounds: each reads the matrix once and runs GD for --iterations iterations.") var repetitions = 5
    @Option(help: "GD iterations per round (the first interval is dropped as warm-up).") var iterations = 6

    func run() throws {
        let n = rows, p = columns
        let values = SeededData.uniform(count: n * p, seed: 20261205, as: Double.self)
        let x = try Matrix(rows: n, columns: p, columnMajor: values)
        let beta = (0..<p).map { Double($0 % 7) - 3 }
        var y = [Double](repeating: 1.5, count: n)
        x.withUnsafeBufferPointer { xp in
            for j in 0..<p { for i in 0..<n { y[i] += beta[j] * xp[i + j * n] } }
        }
        let objective = try LinearModelObjective(features: x, targets: y, loss: SquaredError())
        // L of the mean squared error on standardized columns ≈ 2·λmax(corr) ≤ 2(p+1); a safe fixed step.
        let gd = GradientDescent(stepSize: .fixed(1 / (2 * Double(p + 1))))
        var readSeconds: [Double] = [], iterationSeconds: [Double] = []
        var checksum = 0.0
        for _ in 0..<max(1, repetitions) {
            let (s, sum) = x.withUnsafeBufferPointer { xp in
                Stopwatch.seconds {
                    let half = xp.count / 2
                    return ReadKernel.sum(UnsafeBufferPointer(rebasing: xp[0..<half]), UnsafeBufferPointer(rebasing: xp[half...]))
                }
            }
            readSeconds.append(s)
            checksum += sum
            let clock = ContinuousClock()
            var stamps: [ContinuousClock.Instant] = []
            _ = try gd.minimize(objective, from: objective.zeroStart,
                                stopping: StoppingCriteria(gradientTolerance: 0, objectiveTolerance: 0, maxIterations: iterations)) { _, _ in
                stamps.append(clock.now)
            }
            for k in 2..<stamps.count {
                let (sec, atto) = (stamps[k] - stamps[k - 1]).components
                iterationSeconds.append(Double(sec) + Double(atto) * 1e-18)
            }
        }
        let read = Timing(seconds: readSeconds), step = Timing(seconds: iterationSeconds)
        JSONLine([
            ("op", .string("gd-step")), ("n", .int(n)), ("p", .int(p)),
            ("matrix_bytes", .int(n * p * 8)),
            ("read_best", .double(read.best)), ("read_median", .double(read.median)),
            ("bandwidth_gbs", .double(Double(n * p * 8) / read.best / 1e9)),
            ("iteration_best", .double(step.best)), ("iteration_median", .double(step.median)),
            ("iterations_timed", .int(iterationSeconds.count)),
            ("ratio_to_two_reads_best", .double(step.best / (2 * read.best))),
            ("ratio_to_two_reads_median", .double(step.median / (2 * read.median))),
            ("checksum", .double(checksum)),
        ]).print()
    }
}

/// scikit-learn's HuberRegressor objective (`HuberRegressorObjective`)
/// minimized by LossKit's L-BFGS from scikit-learn's start, on `.npy` data,
/// timed from the matrix in memory to the coefficients (the objective's set-up
/// — the column means and scales — is inside the timing). One JSON line.
struct HuberRegressorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huber-regressor",
        abstract: "Time L-BFGS on scikit-learn's HuberRegressor objective on .npy data."
    )

    @Option(help: "The n × p design: a 2-D float64 .npy file (Fortran order is read without a copy).") var x: String
    @Option(help: "The n targets: a 1-D float64 .npy file.") var y: String
    @Option(help: "ε (scikit-learn's epsilon).") var epsilon = 1.35
    @Option(help: "α (scikit-learn's alpha).") var alpha = 1e-4
    @Option(help: "Iteration limit (scikit-learn's max_iter).") var maxIter = 100
    @Option(help: "‖∇F‖∞ tolerance (standardized coordinates).") var gtol = 1e-5
    @Option(help: "Relative-decrease tolerance.") var ftol = 2.220446049250313e-09
    @Option(help: "Write [intercept, coefficients..., scale] to this .npy path.") var coefOut: String?
    @OptionGroup var timing: TimingOptions

    func run() throws {
        let design = try DesignMatrix.read(x)
        let targets = try NumpyFile.read(path: y, as: Double.self).elements
        let stopping = StoppingCriteria(gradientTolerance: gtol, objectiveTolerance: ftol, maxIterations: maxIter)
        let (fitTiming, fit) = try Stopwatch.time(warmup: timing.warmup, repetitions: timing.repetitions) {
            let objective = try HuberRegressorObjective(features: design, targets: targets, epsilon: epsilon, alpha: alpha)
            let run = try LBFGS().minimize(objective, from: objective.scikitLearnStart, stopping: stopping)
            return (objective.originalScale(run.parameters), run)
        }
        let ((b0, beta, sigma), run) = fit
        var line: [(String, JSONLine.Value)] = [
            ("op", .string("huber-regressor")), ("n", .int(design.rows)), ("p", .int(design.columns)),
        ] + fitTiming.jsonFields + [
            ("objective", .double(run.objective)),
            ("iterations", .int(run.iterations)), ("evaluations", .int(run.evaluations)),
            ("stopReason", .string(run.stopReason.rawValue)), ("scale", .double(sigma)),
        ]
        if let coefOut {
            let values = [b0] + beta + [sigma]
            try NumpyFile.write(NumpyArray(shape: [values.count], elements: values), path: coefOut)
            line.append(("coef_path", .string(coefOut)))
        }
        JSONLine(line).print()
    }
}
