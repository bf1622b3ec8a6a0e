import Benchmark
import BenchSupport
import LossKit

/// Compute-bound least-squares work on n × p designs of Double: the Gram
/// matrix `XᵀX` and (with the models) the OLS fit, at 10⁶ × 100 and 10⁵ × 1000.
///
/// Besides wall-clock time each benchmark reports `MFLOP/s`, counting
/// 2·n·p² flops for every operation whatever its algorithm (the Gram matrix
/// alone needs n·p² with symmetry; a Householder QR 2np² − 2p³/3), so the
/// rates compare like with like, as bench/compare_ols.py does.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, LeastSquaresMetric.megaflopsPerSecond],
        timeUnits: .milliseconds,
        units: [LeastSquaresMetric.megaflopsPerSecond: .count],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 3
    )
    for shape in [Design.tall, Design.wide] {
        registerLeastSquares(shape)
    }
}

enum LeastSquaresMetric {
    static var megaflopsPerSecond: BenchmarkMetric {
        .custom("MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
    }
}

/// One design matrix and its targets, made on first use (seed 7): entries
/// uniform in [-1, 1), y = X·β + noise.
final class Design: @unchecked Sendable {
    static let tall = Design(rows: 1_000_000, columns: 100)
    static let wide = Design(rows: 100_000, columns: 1000)

    let rows: Int
    let columns: Int
    private var made: (x: Matrix, y: [Double])?

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    var label: String { "\(rows == 1_000_000 ? "1e6" : "1e5")x\(columns)" }
    var flops: Double { 2 * Double(rows) * Double(columns) * Double(columns) }

    /// Makes the data (in a setup hook, outside the timing).
    func make() throws -> (x: Matrix, y: [Double]) {
        if let made { return made }
        let entries = SeededData.uniform(count: rows * columns, seed: 7, as: Double.self)
        let x = try Matrix(rows: rows, columns: columns, columnMajor: entries)
        let beta = SeededData.uniform(count: columns, seed: 8, as: Double.self)
        let noise = SeededData.uniform(count: rows, seed: 9, as: Double.self)
        var y = try x.times(beta)
        for i in 0..<rows { y[i] += 0.1 * noise[i] }
        made = (x, y)
        return (x, y)
    }

    /// Frees the data after the last benchmark that uses it.
    func release() { made = nil }
}

/// Runs `work` once, timed, and reports its rate for `design.flops`.
func timeWork<R>(_ benchmark: Benchmark, _ design: Design, _ work: () throws -> R) rethrows {
    let (seconds, result) = try Stopwatch.seconds(work)
    blackHole(result)
    benchmark.measurement(
        LeastSquaresMetric.megaflopsPerSecond, Int((design.flops / seconds / 1e6).rounded()))
}

func registerLeastSquares(_ design: Design) {
    Benchmark("gram \(design.label)") { benchmark in
        let (x, _) = try design.make()
        timeWork(benchmark, design) { x.gram() }
    } setup: {
        _ = try design.make()
    }
    // OLS through the origin; `.automatic` picks Cholesky of the Gram matrix
    // for these well-conditioned designs, `.householderQR` is the QR path.
    for solver in [LinearRegression.Solver.automatic, .householderQR] {
        Benchmark("OLS fit \(solver.rawValue) \(design.label)") { benchmark in
            let (x, y) = try design.make()
            let model = LinearRegression(fitIntercept: false, solver: solver)
            try timeWork(benchmark, design) { try model.fit(features: x, targets: y) }
        } setup: {
            _ = try design.make()
        }
    }
}
