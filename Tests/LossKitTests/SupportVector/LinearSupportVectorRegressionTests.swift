import Foundation
import Testing
@testable import LossKit
@testable import LossKitModels

/// The linear SVR against scikit-learn's `LinearSVR` (fixtures from
/// scripts/generate_linear_svr_fixtures.py) and against its own optimality
/// conditions.
@Suite struct LinearSupportVectorRegressionTests {
    /// `½‖w‖² [+ ½(b/scaling)²] + Σ Cᵢ ℓ(rᵢ)`, computed here independently of the library.
    static func objective(_ f: LinearSVRFixture, _ c: LinearSVRFixture.Case, coefficients w: [Double], intercept b: Double,
                          penalized: Bool) -> Double {
        var total = 0.5 * w.reduce(0) { $0 + $1 * $1 }
        if penalized { total += 0.5 * (b / c.interceptScaling) * (b / c.interceptScaling) }
        for i in f.y.indices {
            let r = f.y[i] - b - zip(f.x[i], w).reduce(0) { $0 + $1.0 * $1.1 }
            let excess = max(0, abs(r) - c.epsilon)
            total += c.C * (c.weighted ? f.weights[i] : 1) * (c.loss == "l1" ? excess : excess * excess)
        }
        return total
    }

    @Test("penalized intercept: the primal objective of scikit-learn's LinearSVR to 1e-6", arguments: LinearSVRFixture.allCases)
    func penalizedInterceptMatchesScikitLearn(name: String, index: Int) throws {
        let f = try LinearSVRFixture.load(name)
        let c = f.cases[index]
        let model = try c.estimator().fit(f.data(for: c))
        #expect(model.converged)
        let ours = Self.objective(f, c, coefficients: model.coefficients, intercept: model.intercept, penalized: true)
        #expect(abs(ours - c.primalObjective) <= 1e-6 * c.primalObjective, "\(c): \(ours) vs \(c.primalObjective)")
        #expect(abs(model.primalObjective - ours) <= 1e-12 * ours)
        // The penalized problem is strictly convex: the solution is sklearn's.
        for (a, b) in zip(model.coefficients + [model.intercept], c.coefficients + [c.intercept]) {
            #expect(abs(a - b) <= 1e-4 * max(1, abs(b)), "\(c): \(a) vs \(b)")
        }
    }

    @Test("unpenalized intercept: never above the penalized optimum; L2 matches scipy", arguments: LinearSVRFixture.allCases)
    func unpenalizedInterceptIsNoWorse(name: String, index: Int) throws {
        let f = try LinearSVRFixture.load(name)
        let c = f.cases[index]
        let model = try c.estimator(penalizeIntercept: false).fit(f.data(for: c))
        #expect(model.converged)
        let ours = Self.objective(f, c, coefficients: model.coefficients, intercept: model.intercept, penalized: false)
        #expect(abs(model.primalObjective - ours) <= 1e-12 * ours)
        // sklearn's solution is feasible for the unpenalized problem, with objective ≤ its penalized one.
        let sklearnUnpenalized = Self.objective(f, c, coefficients: c.coefficients, intercept: c.intercept, penalized: false)
        #expect(ours <= sklearnUnpenalized * (1 + 1e-9), "\(c): \(ours) > \(sklearnUnpenalized)")
        #expect(ours <= c.primalObjective)
        if let reference = c.unpenalizedObjective {
            #expect(abs(ours - reference) <= 1e-6 * reference, "\(c): \(ours) vs scipy \(reference)")
        }
    }

    /// The optimality conditions at the returned solution: `w = Σβᵢxᵢ`,
    /// `βᵢ = Cᵢℓ'(rᵢ)` (a subgradient on the tube's edge for the L1 loss),
    /// `Σβᵢ = 0` for an unpenalized intercept, and a duality gap near 0.
    @Test("KKT conditions hold at the solution", arguments: LinearSVRFixture.allCases)
    func optimalityConditions(name: String, index: Int) throws {
        let f = try LinearSVRFixture.load(name)
        let c = f.cases[index]
        for penalized in [true, false] {
            let model = try c.estimator(penalizeIntercept: penalized).fit(f.data(for: c))
            let beta = try #require(model.training?.dualCoefficients)
            let p = model.coefficients.count
            var w = [Double](repeating: 0, count: p)
            for i in f.y.indices { for j in 0..<p { w[j] += beta[i] * f.x[i][j] } }
            // The dual solves to tolerance 1e-10 on the dual's violations; Newton
            // stops when f is optimal to ~1e-12, its gradient (w − Σβx) then ~1e-5.
            let accuracy = model.solver == .dualCoordinateDescent ? 1e-6 : 1e-4
            let scale = max(1, model.coefficients.map(abs).max() ?? 0)
            for j in 0..<p { #expect(abs(w[j] - model.coefficients[j]) <= accuracy * scale, "\(c) w[\(j)]") }
            let betaSum = beta.reduce(0, +)
            let betaScale = beta.reduce(0) { $0 + abs($1) }
            if penalized {
                // b = scaling · v with v = scaling · Σβ.
                #expect(abs(model.intercept - c.interceptScaling * c.interceptScaling * betaSum) <= accuracy * max(1, abs(model.intercept)))
            } else {
                #expect(abs(betaSum) <= 1e-6 * betaScale, "\(c): Σβ = \(betaSum)")
            }
            let yScale = f.y.map(abs).max()!
            for i in f.y.indices {
                let r = f.y[i] - model.intercept - zip(f.x[i], model.coefficients).reduce(0) { $0 + $1.0 * $1.1 }
                let cost = c.C * (c.weighted ? f.weights[i] : 1)
                let slack = 1e-6 * yScale
                if c.loss == "l1" {
                    if abs(r) > c.epsilon + slack {
                        #expect(abs(beta[i] - (r > 0 ? cost : -cost)) <= 1e-6 * cost, "\(c) row \(i): r = \(r), β = \(beta[i])")
                    } else if abs(r) < c.epsilon - slack {
                        #expect(abs(beta[i]) <= 1e-6 * cost, "\(c) row \(i): r = \(r), β = \(beta[i])")
                    } else {
                        // On the tube's edge: any β between 0 and ±Cᵢ on r's side (either side when ε = 0).
                        #expect(abs(beta[i]) <= cost * (1 + 1e-12))
                        if c.epsilon > slack { #expect(beta[i] * r >= 0 || abs(beta[i]) <= 1e-6 * cost) }
                    }
                } else {
                    let expected = 2 * cost * max(0, abs(r) - c.epsilon) * (r > 0 ? 1 : -1)
                    #expect(abs(beta[i] - expected) <= 1e-5 * max(cost, abs(expected)), "\(c) row \(i)")
                }
            }
            let gap = model.primalObjective - model.dualObjective
            #expect(gap >= -1e-9 * model.primalObjective && gap <= 1e-6 * model.primalObjective, "\(c): gap \(gap)")
        }
    }

    @Test("L2 loss: the dual and the primal Newton method find the same optimum", arguments: LinearSVRFixture.allCases)
    func bothSolversAgreeOnTheL2Loss(name: String, index: Int) throws {
        let f = try LinearSVRFixture.load(name)
        let c = f.cases[index]
        guard c.loss == "l2" else { return }
        for penalized in [true, false] {
            let dual = try c.estimator(penalizeIntercept: penalized, solver: .dualCoordinateDescent).fit(f.data(for: c))
            let newton = try c.estimator(penalizeIntercept: penalized, solver: .trustRegionNewton).fit(f.data(for: c))
            #expect(dual.converged && newton.converged)
            #expect(abs(dual.primalObjective - newton.primalObjective) <= 1e-8 * newton.primalObjective,
                    "\(c) penalized \(penalized): \(dual.primalObjective) vs \(newton.primalObjective)")
            for (a, b) in zip(dual.coefficients + [dual.intercept], newton.coefficients + [newton.intercept]) {
                #expect(abs(a - b) <= 1e-5 * max(1, abs(b)))
            }
        }
    }

    @Test("L1 loss: the smoothed primal Newton method reaches the dual's optimum", arguments: LinearSVRFixture.allCases)
    func smoothedNewtonMatchesTheDualOnTheL1Loss(name: String, index: Int) throws {
        let f = try LinearSVRFixture.load(name)
        let c = f.cases[index]
        guard c.loss == "l1" else { return }
        for penalized in [true, false] {
            // The smoothed Newton method certifies relative duality gaps to about 1e-8.
            var estimator = c.estimator(penalizeIntercept: penalized, solver: .trustRegionNewton)
            estimator.tolerance = 1e-7
            let newton = try estimator.fit(f.data(for: c))
            #expect(newton.converged)
            let gap = newton.primalObjective - newton.dualObjective
            #expect(gap >= -1e-9 * newton.primalObjective && gap <= 1e-7 * newton.primalObjective, "\(c): gap \(gap)")
            let reference = penalized ? c.primalObjective
                : try c.estimator(penalizeIntercept: false).fit(f.data(for: c)).primalObjective
            #expect(newton.primalObjective >= reference * (1 - 1e-9) && newton.primalObjective <= reference * (1 + 1e-7),
                    "\(c) penalized \(penalized): \(newton.primalObjective) vs \(reference)")
        }
    }

    @Test func automaticSolverChoice() {
        let l1 = LinearSupportVectorRegression(loss: .epsilonInsensitive)
        let l2 = LinearSupportVectorRegression(loss: .squaredEpsilonInsensitive)
        #expect(l1.resolvedSolver(rows: 50, features: 5) == .dualCoordinateDescent)
        #expect(l1.resolvedSolver(rows: 1000, features: 5) == .trustRegionNewton)
        #expect(l2.resolvedSolver(rows: 1000, features: 5) == .trustRegionNewton)
        #expect(l2.resolvedSolver(rows: 10, features: 500) == .dualCoordinateDescent)
    }

    @Test(arguments: [LinearSupportVectorRegression.Solver.dualCoordinateDescent, .trustRegionNewton],
          LinearSupportVectorRegression.Loss.allCases)
    func hittingTheIterationLimitReturnsTheLastIterateWithAWarning(solver: LinearSupportVectorRegression.Solver,
                                                                   loss: LinearSupportVectorRegression.Loss) throws {
        let f = try LinearSVRFixture.load("outliers")
        // With ε = 0 the L2 loss makes P a quadratic, which the primal Newton
        // method (nearly exact steps on few features) solves in one step: give
        // it a tube, so that the rows in the Hessian change after the first step.
        let epsilon = solver == .trustRegionNewton && loss == .squaredEpsilonInsensitive ? 0.5 : 0
        let svr = LinearSupportVectorRegression(loss: loss, C: 10, epsilon: epsilon, solver: solver,
                                                tolerance: 1e-12, maxIterations: 1)
        let model = try svr.fit(RegressionData(features: Matrix(rowMajor: f.x), targets: f.y))
        #expect(!model.converged)
        #expect(model.iterations == 1)
        #expect(model.fitSummary.warnings.count == 1)
        #expect(model.coefficients.allSatisfy { $0.isFinite })
    }

    @Test func badSettingsNameTheParameter() throws {
        let data = try RegressionData(features: Matrix(columns: [[1, 2, 3]]), targets: [1, 2, 3])
        let cases: [(LinearSupportVectorRegression, String)] = [
            (LinearSupportVectorRegression(C: 0), "C"),
            (LinearSupportVectorRegression(C: .nan), "C"),
            (LinearSupportVectorRegression(epsilon: -0.1), "epsilon"),
            (LinearSupportVectorRegression(interceptScaling: 0), "interceptScaling"),
            (LinearSupportVectorRegression(tolerance: 0), "tolerance"),
            (LinearSupportVectorRegression(maxIterations: 0), "maxIterations"),
        ]
        for (svr, expected) in cases {
            do {
                _ = try svr.fit(data)
                Issue.record("\(expected) should be rejected")
            } catch let LossKitError.invalidParameter(name, _, _) {
                #expect(name == expected)
            }
        }
    }

    @Test func sameSeedSameFitAndTargetsInsideTheTubeGiveZero() throws {
        let f = try LinearSVRFixture.load("small")
        let data = try RegressionData(features: Matrix(rowMajor: f.x), targets: f.y)
        let svr = LinearSupportVectorRegression(C: 1, epsilon: 0.1, seed: 7)
        #expect(try svr.fit(data) == (try svr.fit(data)))
        // ε larger than every |y − mean|: nothing to fit beyond the intercept.
        let flat = try LinearSupportVectorRegression(epsilon: 1e6).fit(data)
        #expect(flat.coefficients.allSatisfy { $0 == 0 } && flat.supportVectorCount == 0 && flat.converged)
        let none = try LinearSupportVectorRegression(epsilon: 1e6, penalizeIntercept: true).fit(data)
        #expect(none.intercept == 0 && none.coefficients.allSatisfy { $0 == 0 })
    }

    @Test func withoutAnInterceptBothSolversAgree() throws {
        let f = try LinearSVRFixture.load("small")
        let data = try RegressionData(features: Matrix(rowMajor: f.x), targets: f.y)
        let settings = LinearSupportVectorRegression(loss: .squaredEpsilonInsensitive, C: 1, epsilon: 0.2, fitIntercept: false,
                                                     tolerance: 1e-10, maxIterations: 100_000)
        var dual = settings, newton = settings
        dual.solver = .dualCoordinateDescent
        newton.solver = .trustRegionNewton
        let a = try dual.fit(data), b = try newton.fit(data)
        #expect(a.intercept == 0 && b.intercept == 0)
        #expect(abs(a.primalObjective - b.primalObjective) <= 1e-8 * b.primalObjective)
        #expect(a.linearCoefficients?.intercept == nil)
    }

    @Test func floatInputsFitTheSameAsTheirDoubleValues() throws {
        let f = try LinearSVRFixture.load("small")
        let columns = (0..<f.x[0].count).map { j in f.x.map { Float($0[j]) } }
        let targets = f.y.map { Float($0) }
        let svr = LinearSupportVectorRegression(loss: .squaredEpsilonInsensitive, epsilon: 0.1)
        let fromFloat = try svr.fit(columns: columns, targets: targets)
        let fromDouble = try svr.fit(columns: columns.map { $0.map(Double.init) }, targets: targets.map(Double.init))
        #expect(fromFloat == fromDouble)
    }
}
