import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// LinearRegression against scikit-learn (coefficients) and statsmodels
/// (inference), from Fixtures/models/sklearn_linear.json, plus the hard cases.
@Suite struct LinearRegressionTests {
    struct Inference: Decodable {
        let params, bse, tvalues, pvalues, conf_int_low, conf_int_high: [Double]
        let rsquared, rsquared_adj, scale, df_resid: Double
        let fvalue, f_pvalue: Double?
    }
    struct Case: Decodable {
        let name: String
        let fit_intercept: Bool
        let x_row_major: [[Double]]
        let y: [Double]
        let weights: [Double]?
        let sklearn: SK
        let statsmodels: Inference
        struct SK: Decodable { let coef: [Double]; let intercept: Double }
    }
    struct File: Decodable { let cases: [Case] }

    static func cases() throws -> [Case] { try ModelFixtures.decode(File.self, "sklearn_linear").cases }

    static func close(_ a: Double, _ b: Double, _ rel: Double, abs floor: Double = 0) -> Bool {
        a.isApproximatelyEqual(to: b, absoluteTolerance: floor, relativeTolerance: rel)
    }

    @Test(arguments: [LinearRegression.Solver.extendedQR, .householderQR, .cholesky])
    func matchesScikitLearnAndStatsmodels(solver: LinearRegression.Solver) throws {
        let cases = try Self.cases()
        #expect(cases.count == 4)
        for c in cases {
            let x = try Matrix(rowMajor: c.x_row_major)
            let fit = try LinearRegression(fitIntercept: c.fit_intercept, solver: solver)
                .fit(features: x, targets: c.y, weights: c.weights)
            #expect(fit.solver.rawValue == solver.rawValue, "\(c.name)")
            // sklearn's coefficients (lstsq in Double) agree to ~1e-10 relative.
            for (a, b) in zip(fit.coefficients, c.sklearn.coef) { #expect(Self.close(a, b, 1e-9), "\(c.name) coef \(a) vs \(b)") }
            #expect(Self.close(fit.intercept, c.sklearn.intercept, 1e-9, abs: 1e-9), "\(c.name) intercept")
            let sm = c.statsmodels
            let rows = (fit.interceptStatistics.map { [$0] } ?? []) + fit.coefficientStatistics
            #expect(rows.count == sm.params.count)
            for (i, r) in rows.enumerated() {
                #expect(Self.close(r.estimate, sm.params[i], 1e-9, abs: 1e-9), "\(c.name) param \(i)")
                #expect(Self.close(r.standardError, sm.bse[i], 1e-8), "\(c.name) se \(i): \(r.standardError) vs \(sm.bse[i])")
                #expect(Self.close(r.tStatistic, sm.tvalues[i], 1e-8), "\(c.name) t \(i)")
                #expect(Self.close(r.pValue, sm.pvalues[i], 1e-7, abs: 1e-300), "\(c.name) p \(i): \(r.pValue) vs \(sm.pvalues[i])")
                #expect(Self.close(r.lower, sm.conf_int_low[i], 1e-8, abs: 1e-10), "\(c.name) ci low \(i)")
                #expect(Self.close(r.upper, sm.conf_int_high[i], 1e-8, abs: 1e-10), "\(c.name) ci high \(i)")
            }
            #expect(Self.close(fit.rSquared, sm.rsquared, 1e-10), "\(c.name) R²")
            #expect(Self.close(fit.adjustedRSquared, sm.rsquared_adj, 1e-10), "\(c.name) adj R²")
            #expect(Self.close(fit.residualStandardDeviation, sm.scale.squareRoot(), 1e-10), "\(c.name) σ̂")
            #expect(Double(fit.training.degreesOfFreedom) == sm.df_resid)
            if let f = sm.fvalue { #expect(Self.close(fit.training.fStatistic, f, 1e-8), "\(c.name) F") }
            if let fp = sm.f_pvalue { #expect(Self.close(fit.training.fPValue, fp, 1e-6, abs: 1e-300), "\(c.name) F p") }
        }
    }

    @Test func automaticSolverIsExtendedForSmallProblems() throws {
        let c = try Self.cases()[0]
        let fit = try LinearRegression().fit(features: try Matrix(rowMajor: c.x_row_major), targets: c.y)
        #expect(fit.solver == .extendedQR)
        #expect(fit.warnings.isEmpty)
    }

    /// y = 3 + 2a − b, with c = 2a − 3b exactly collinear: rank 3 of 4, minimum-norm
    /// solution, warning, no trap; predictions still exact.
    @Test(arguments: [LinearRegression.Solver.extendedQR, .householderQR, .cholesky])
    func collinearColumnsGiveMinimumNormSolution(solver: LinearRegression.Solver) throws {
        let a: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        let b: [Double] = [2, 1, 4, 3, 6, 5, 8, 9]
        let c = zip(a, b).map { 2 * $0 - 3 * $1 }
        let y = zip(a, b).map { 3 + 2 * $0 - $1 }
        let x = try Matrix(columns: [a, b, c])
        let fit = try LinearRegression(solver: solver).fit(features: x, targets: y, featureNames: ["a", "b", "c"])
        #expect(fit.rank == 3)
        #expect(fit.warnings.contains { if case .rankDeficient(3, 4, _) = $0 { return true } else { return false } })
        // The solutions are β = (2 − 2t, −1 + 3t, t); ‖β‖² is smallest at t = 1/2.
        let expected = [1.0, 0.5, 0.5]
        for (u, v) in zip(fit.coefficients, expected) { #expect(abs(u - v) < 1e-9, "\(fit.coefficients)") }
        let yHat = try fit.predict(x)
        for (u, v) in zip(yHat, y) { #expect(abs(u - v) < 1e-9) }
    }

    @Test func constantFeatureWithInterceptIsReportedAndHandled() throws {
        let a: [Double] = [1, 2, 3, 4, 5, 6]
        let k = [Double](repeating: 7, count: 6)
        let y: [Double] = [2.1, 3.9, 6.2, 7.8, 10.1, 12.0]
        let fit = try LinearRegression().fit(features: try Matrix(columns: [a, k]), targets: y, featureNames: ["a", "k"])
        #expect(fit.warnings.contains(.constantFeature(name: "k")))
        #expect(fit.coefficients[1] == 0)
        let alone = try LinearRegression().fit(features: try Matrix(columns: [a]), targets: y)
        #expect(abs(fit.coefficients[0] - alone.coefficients[0]) < 1e-13)
        #expect(abs(fit.intercept - alone.intercept) < 1e-13)
    }

    @Test func constantTargetFitsExactly() throws {
        let a: [Double] = [1, 2, 3, 4, 5]
        let fit = try LinearRegression().fit(features: try Matrix(columns: [a]), targets: [4, 4, 4, 4, 4])
        #expect(fit.intercept == 4)
        #expect(fit.coefficients == [0])
        #expect(fit.rSquared == 1)          // scikit-learn's convention for RSS = 0 = TSS
        #expect(fit.warnings.contains(.exactFit))
    }

    @Test func largeOffsetCostsNoDigits() throws {
        // y = 5 + 0.25·(x − 1e9) with x near 1e9: centering keeps every digit.
        let x = (0..<20).map { 1e9 + Double($0) * 0.5 }
        let y = x.map { 5 + 0.25 * ($0 - 1e9) }
        for solver in [LinearRegression.Solver.extendedQR, .householderQR, .cholesky] {
            let fit = try LinearRegression(solver: solver).fit(features: try Matrix(columns: [x]), targets: y)
            #expect(abs(fit.coefficients[0] - 0.25) < 1e-15, "\(solver)")
            #expect(abs(fit.intercept - (5 - 0.25e9)) <= 1e-7, "\(solver) \(fit.intercept)")
        }
    }

    @Test func badInputThrowsTypedErrors() throws {
        let x = try Matrix(columns: [[1, 2, 3, 4], [0, 1, 0, 2]])
        let y: [Double] = [1, 2, 3, 5]
        #expect(throws: LossKitError.nonFiniteValue(name: "x column 1 (b)", row: 2, value: .infinity)) {
            try LinearRegression().fit(features: try Matrix(columns: [[1, 2, 3, 4], [0, 1, .infinity, 2]]), targets: y, featureNames: ["a", "b"])
        }
        #expect(throws: LossKitError.self) { try LinearRegression().fit(features: x, targets: [1, .nan, 3, 4]) }
        #expect(throws: LossKitError.invalidWeight(index: 1, value: 0)) { try LinearRegression().fit(features: x, targets: y, weights: [1, 0, 1, 1]) }
        #expect(throws: LossKitError.invalidWeight(index: 3, value: -1)) { try LinearRegression().fit(features: x, targets: y, weights: [1, 1, 1, -1]) }
        #expect(throws: LossKitError.self) { try LinearRegression().fit(features: x, targets: y, weights: [1, 1, .nan, 1]) }
        #expect(throws: LossKitError.countMismatch(name: "sampleWeights", count: 3, otherName: "rows", otherCount: 4)) {
            try LinearRegression().fit(features: x, targets: y, weights: [1, 1, 1])
        }
        #expect(throws: LossKitError.countMismatch(name: "y", count: 3, otherName: "rows of x", otherCount: 4)) {
            try LinearRegression().fit(features: x, targets: [1, 2, 3])
        }
        #expect(throws: LossKitError.insufficientRows(rows: 4, parameters: 4)) {
            try LinearRegression().fit(features: try Matrix(columns: [[1, 2, 3, 4], [0, 1, 0, 2], [1, 1, 2, 3]]), targets: y)
        }
        #expect(throws: LossKitError.self) { try LinearRegression(confidenceLevel: 1).fit(features: x, targets: y) }
        // Only the solvers LinearRegression runs are offered (`LinearRegression.Solver`), so none fails at run time.
        #expect(Set(LinearRegression.Solver.allCases.map(\.rawValue)).isSubset(of: LeastSquaresSolver.allCases.map(\.rawValue)))
        let fit = try LinearRegression().fit(features: x, targets: y)
        #expect(throws: LossKitError.self) { try fit.predict(try Matrix(columns: [[1, 2]])) }
    }

    @Test func weightsActLikeRepeatedRows() throws {
        // Integer weights = repeating rows (same coefficients, same RSS, Σw = n').
        let a: [Double] = [1, 2, 3, 4, 5, 6]
        let y: [Double] = [1.5, 1.9, 3.4, 3.9, 5.6, 5.8]
        let w: [Double] = [1, 3, 1, 2, 1, 1]
        var ar: [Double] = [], yr: [Double] = []
        for i in a.indices { for _ in 0..<Int(w[i]) { ar.append(a[i]); yr.append(y[i]) } }
        let weighted = try LinearRegression().fit(features: try Matrix(columns: [a]), targets: y, weights: w)
        let repeated = try LinearRegression().fit(features: try Matrix(columns: [ar]), targets: yr)
        #expect(abs(weighted.coefficients[0] - repeated.coefficients[0]) < 1e-14)
        #expect(abs(weighted.intercept - repeated.intercept) < 1e-14)
        #expect(abs(weighted.training.residualSumOfSquares - repeated.training.residualSumOfSquares) < 1e-13)
        #expect(weighted.training.totalWeight == 9)
    }
}
