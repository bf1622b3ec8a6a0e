import ArgumentParser
import BenchSupport
import LossKit

/// LossKit's least squares on a design matrix and targets from `.npy` files,
/// timed as `bench/compare_ols.py` times numpy and scikit-learn. One JSON line
/// per operation: the Gram matrix, then one fit per solver.
struct OLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ols",
        abstract: "Time Matrix.gram() and LinearRegression fits on .npy data."
    )

    @Option(help: "The n × p design: a 2-D float64 .npy file (Fortran order is read without a copy).")
    var x: String

    @Option(help: "The n targets: a 1-D float64 .npy file.")
    var y: String

    @Option(help: "Write each fit's coefficients to <stem>_<solver>.npy beside this path.")
    var coefOut: String?

    @Option(
        parsing: .upToNextOption,
        help: "LinearRegression solvers to time (\(LeastSquaresSolver.allCases.map(\.rawValue).joined(separator: ", ")))."
    )
    var solvers: [String] = ["automatic", "householderQR"]

    @OptionGroup var timing: TimingOptions

    func validate() throws {
        for s in solvers where LeastSquaresSolver(rawValue: s) == nil {
            throw ValidationError("unknown solver '\(s)'")
        }
    }

    func run() throws {
        let (design, targetValues) = try DesignMatrix.readWithTargets(x: x, y: y)
        let (n, p) = (design.rows, design.columns)
        let fields: [(String, JSONLine.Value)] = [("n", .int(n)), ("p", .int(p))]

        let (gramTiming, g) = Stopwatch.time(warmup: timing.warmup, repetitions: timing.repetitions) {
            design.gram()
        }
        JSONLine([("op", .string("gram")), ("label", .string("Matrix.gram()"))] + fields + gramTiming.jsonFields
            + [("trace", .double((0..<p).reduce(0) { $0 + g[row: $1, column: $1] }))]).print()

        // Through the origin, as numpy's lstsq: the same problem for every peer.
        for name in solvers {
            guard let solver = LinearRegression.Solver(rawValue: name) else { continue }
            let model = LinearRegression(fitIntercept: false, solver: solver)
            let (fitTiming, fit) = try Stopwatch.time(warmup: timing.warmup, repetitions: timing.repetitions) {
                try model.fit(features: design, targets: targetValues)
            }
            var line: [(String, JSONLine.Value)] = [
                ("op", .string("fit")),
                ("label", .string("LinearRegression(.\(name)) [ran .\(fit.solver.rawValue)]")),
            ] + fields + fitTiming.jsonFields
            if let coefOut {
                let path = Self.coefficientPath(coefOut, solver: name)
                try NumpyFile.write(NumpyArray(shape: [p], elements: fit.coefficients), path: path)
                line.append(("coef_path", .string(path)))
            }
            JSONLine(line).print()
        }
    }
}

extension OLSCommand {
    /// `dir/stem.npy` → `dir/stem_<solver>.npy`.
    static func coefficientPath(_ base: String, solver: String) -> String {
        let stem = base.hasSuffix(".npy") ? String(base.dropLast(4)) : base
        return "\(stem)_\(solver).npy"
    }
}

/// Reads a 2-D float64 `.npy` file into LossKit's column-major `Matrix`.
enum DesignMatrix {
    /// The design in `x` and the targets in `y` (one per row), as every
    /// regression subcommand reads them.
    static func readWithTargets(x: String, y: String) throws -> (design: Matrix, targets: [Double]) {
        let design = try read(x)
        let targets = try NumpyFile.read(path: y, as: Double.self)
        guard targets.shape == [design.rows] else {
            throw ValidationError("\(y) must hold \(design.rows) values (one per row of \(x)); shape \(targets.shape)")
        }
        return (design, targets.elements)
    }

    static func read(_ path: String) throws -> Matrix {
        let a = try NumpyFile.read(path: path, as: Double.self)
        guard a.shape.count == 2 else {
            throw ValidationError("\(path) must be 2-D; shape \(a.shape)")
        }
        let (rows, columns) = (a.shape[0], a.shape[1])
        if a.fortranOrder {
            return try Matrix(rows: rows, columns: columns, columnMajor: a.elements)
        }
        // Row-major on disk: transpose into column-major.
        var columnMajor = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                columnMajor[i + j * rows] = a.elements[i * columns + j]
            }
        }
        return try Matrix(rows: rows, columns: columns, columnMajor: columnMajor)
    }
}
