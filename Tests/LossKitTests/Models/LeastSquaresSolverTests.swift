import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// `.automatic` picks the solver the docs promise, and every solver agrees
/// with the double-double reference on problems beyond the small-problem limit.
@Suite struct LeastSquaresSolverTests {
    /// n × p design with offsets; `collinearity` > 0 makes the last column
    /// nearly a combination of the first two (condition number ~ 1/collinearity).
    static func problem(n: Int, p: Int, collinearity: Double = 0) throws -> (Matrix, [Double]) {
        var rng = SplitMix64(seed: 7)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) - 0.5 }
        var columns = (0..<p).map { j in (0..<n).map { _ in 100 * Double(j) + u() } }
        if collinearity > 0 {
            columns[p - 1] = (0..<n).map { columns[0][$0] + 2 * columns[1][$0] + collinearity * u() }
        }
        let y = (0..<n).map { i in (0..<p).reduce(4.0) { $0 + Double($1 % 5 - 2) * columns[$1][i] } + u() }
        return (try Matrix(columns: columns), y)
    }

    static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    @Test func automaticUsesCholeskyForBigWellConditionedProblems() throws {
        let (x, y) = try Self.problem(n: 3000, p: 40)          // n·p² = 4.8e6 > 4e6
        let auto = try LinearRegression().fit(features: x, targets: y)
        #expect(auto.solver == .cholesky)
        #expect(auto.conditionNumber < 10)
        let reference = try LinearRegression(solver: .extendedQR).fit(features: x, targets: y)
        #expect(Self.relativeDifference(auto.coefficients, reference.coefficients) < 1e-14)
        #expect(abs(auto.intercept - reference.intercept) < 1e-10 * max(1, abs(reference.intercept)))
        #expect(Self.relativeDifference(auto.standardErrors, reference.standardErrors) < 1e-10)
        #expect(auto.rSquared.isApproximatelyEqual(to: reference.rSquared, relativeTolerance: 1e-13))
    }

    @Test func illConditionedBigProblemsFallBackToRefinedQR() throws {
        let (x, y) = try Self.problem(n: 3000, p: 40, collinearity: 1e-7)
        let auto = try LinearRegression().fit(features: x, targets: y)
        #expect(auto.solver == .householderQR)
        #expect(auto.conditionNumber > 1e5)
        let reference = try LinearRegression(solver: .extendedQR).fit(features: x, targets: y)
        // cond ~1e8: refinement recovers the solution to about cond·ε.
        #expect(Self.relativeDifference(auto.coefficients, reference.coefficients) < 1e-7)
        let forced = try LinearRegression(solver: .cholesky).fit(features: x, targets: y)
        #expect(forced.solver == .householderQR)               // Cholesky declined
    }

    @Test func nearlyCollinearDesignWarns() throws {
        let (x, y) = try Self.problem(n: 200, p: 4, collinearity: 1e-11)
        let fit = try LinearRegression().fit(features: x, targets: y)
        #expect(fit.rank == 5)
        #expect(fit.warnings.contains { if case .illConditioned = $0 { return true } else { return false } }, "cond \(fit.conditionNumber)")
    }
}

/// Several targets share one factorization and give the same results as
/// separate fits.
@Suite struct MultipleTargetsTests {
    @Test(arguments: [LinearRegression.Solver.extendedQR, .householderQR, .cholesky])
    func severalTargetsEqualSeparateFits(solver: LinearRegression.Solver) throws {
        let (x, y) = try LeastSquaresSolverTests.problem(n: 300, p: 5)
        let y2 = y.enumerated().map { 0.5 * $1 - Double($0 % 9) }
        let w = (0..<300).map { 1 + Double($0 % 4) }
        let model = LinearRegression(solver: solver)
        let together = try model.fit(features: x, targetColumns: [y, y2], weights: w)
        #expect(together.count == 2)
        for (fit, target) in zip(together, [y, y2]) {
            let alone = try model.fit(features: x, targets: target, weights: w)
            #expect(fit.solver == alone.solver)
            #expect(fit.coefficients == alone.coefficients)
            #expect(fit.intercept == alone.intercept)
            #expect(fit.standardErrors == alone.standardErrors)
            #expect(fit.rSquared == alone.rSquared)
        }
        #expect(throws: LossKitError.countMismatch(name: "targets[1]", count: 2, otherName: "rows of x", otherCount: 300)) {
            try model.fit(features: x, targetColumns: [y, [1, 2]])
        }
        #expect(throws: LossKitError.self) { try model.fit(features: x, targetColumns: []) }
    }
}
