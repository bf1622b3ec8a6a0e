import ArgumentParser
import BenchSupport
import LossKit

/// LossKit's robust linear regression (Huber or exact L1, with intercept) on a
/// design matrix and targets from `.npy` files, timed as
/// `bench/compare_robust.py` times statsmodels and scikit-learn. One JSON line.
struct RobustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robust",
        abstract: "Time RobustLinearRegression fits (Huber or L1) on .npy data."
    )

    enum Loss: String, ExpressibleByArgument, CaseIterable {
        case huber, l1

        var robustLoss: RobustLoss {
            switch self {
            case .huber: return .huber()
            case .l1: return .leastAbsoluteDeviation
            }
        }
    }

    @Option(help: "The n × p design: a 2-D float64 .npy file (Fortran order is read without a copy).")
    var x: String

    @Option(help: "The n targets: a 1-D float64 .npy file.")
    var y: String

    @Option(help: "The loss: huber (δ = 1.345 MAD-scale units) or l1 (refined to the exact LP vertex).")
    var loss: Loss

    @Option(help: "Write [intercept, coefficients...] (p + 1 values) to this .npy path.")
    var coefOut: String?

    @OptionGroup var timing: TimingOptions

    func run() throws {
        let (design, targetValues) = try DesignMatrix.readWithTargets(x: x, y: y)
        let model = RobustLinearRegression(loss: loss.robustLoss)
        let (fitTiming, fit) = try Stopwatch.time(warmup: timing.warmup, repetitions: timing.repetitions) {
            try model.fit(x: design, y: targetValues)
        }
        var line: [(String, JSONLine.Value)] = [
            ("op", .string("fit")),
            ("label", .string("RobustLinearRegression(\(loss.rawValue))")),
            ("n", .int(design.rows)), ("p", .int(design.columns)),
        ] + fitTiming.jsonFields + [
            ("iterations", .int(fit.iterations)),
            ("vertexPivots", .int(fit.vertexPivots)),
            ("isExactVertex", .int(fit.isExactVertex ? 1 : 0)),
            ("stopReason", .string("\(fit.stopReason)")),
            ("scale", .double(fit.scale)),
        ]
        if let coefOut {
            let coefficients = [fit.intercept] + fit.coefficients
            try NumpyFile.write(NumpyArray(shape: [coefficients.count], elements: coefficients), path: coefOut)
            line.append(("coef_path", .string(coefOut)))
        }
        JSONLine(line).print()
    }
}
