import Foundation
import Testing
@testable import LossKitOptimization

/// L-BFGS on the classic test functions (the SciPy comparison is in
/// LBFGSScipyComparisonTests).
@Suite struct LBFGSTests {
    @Test(arguments: [2, 100])
    func rosenbrock(dimension: Int) throws {
        let result = try LBFGS().minimize(ExtendedRosenbrock(dimension: dimension), from: ExtendedRosenbrock.start(dimension),
                                          stopping: StoppingCriteria(gradientTolerance: 1e-9, objectiveTolerance: 0))
        #expect(result.stopReason == .gradientTolerance)
        #expect(maxRelativeError(result.parameters, [Double](repeating: 1, count: dimension)) < 1e-7)
    }

    @Test(arguments: [1e2, 1e4, 1e6])
    func illConditionedQuadratic(kappa: Double) throws {
        let q = DiagonalQuadratic(dimension: 100, conditionNumber: kappa)
        let result = try LBFGS().minimize(q, from: [Double](repeating: 1, count: 100),
                                          stopping: StoppingCriteria(gradientTolerance: 1e-9, objectiveTolerance: 0))
        #expect(result.stopReason == .gradientTolerance)
        #expect(result.parameters.allSatisfy { abs($0) <= 1e-9 })
    }

    @Test func powellSingular() throws {
        let result = try LBFGS().minimize(PowellSingular(dimension: 4), from: PowellSingular.start(4),
                                          stopping: StoppingCriteria(gradientTolerance: 1e-10, objectiveTolerance: 0))
        #expect(result.converged)
        #expect(result.objective < 1e-12)
    }

    @Test func objectiveToleranceStopsAsScipy() throws {
        let result = try LBFGS().minimize(ExtendedRosenbrock(dimension: 2), from: [-1.2, 1],
                                          stopping: StoppingCriteria(gradientTolerance: 0, objectiveTolerance: 1e-6))
        #expect(result.stopReason == .objectiveTolerance)
        let h = result.objectiveHistory
        let (a, b) = (h[h.count - 2], h[h.count - 1])
        #expect(a - b <= 1e-6 * max(abs(a), abs(b), 1))
    }

    @Test func iterationAndEvaluationLimits() throws {
        let a = try LBFGS().minimize(ExtendedRosenbrock(dimension: 2), from: [-1.2, 1], stopping: StoppingCriteria(maxIterations: 5))
        #expect(a.stopReason == .iterationLimit)
        #expect(a.iterations == 5)
        #expect(a.objectiveHistory.count == 6)
        let b = try LBFGS().minimize(ExtendedRosenbrock(dimension: 2), from: [-1.2, 1], stopping: StoppingCriteria(maxEvaluations: 8))
        #expect(b.stopReason == .evaluationLimit)
        #expect(b.evaluations <= 8)
        #expect(!b.converged)
    }

    /// f = +∞ outside x > 0 (a barrier): the line search backs off non-finite points.
    @Test func nonFiniteTrialPointsShortenTheLineSearch() throws {
        struct Barrier: DifferentiableObjective {
            var dimension: Int { 1 }
            func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
                guard x[0] > 0 else { gradient[0] = .nan; return .infinity }
                gradient[0] = 1 - 1 / x[0]
                return x[0] - log(x[0])
            }
        }
        let result = try LBFGS().minimize(Barrier(), from: [10], stopping: StoppingCriteria(gradientTolerance: 1e-10, objectiveTolerance: 0))
        #expect(result.converged)
        #expect(abs(result.parameters[0] - 1) < 1e-9)
    }

    @Test func wrongGradientEndsInLineSearchFailure() throws {
        struct Wrong: DifferentiableObjective {
            var dimension: Int { 1 }
            func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
                gradient[0] = -x[0]   // the wrong sign
                return x[0] * x[0]
            }
        }
        let result = try LBFGS().minimize(Wrong(), from: [1])
        #expect(result.stopReason == .lineSearchFailed)
        #expect(result.parameters == [1])
    }
}
