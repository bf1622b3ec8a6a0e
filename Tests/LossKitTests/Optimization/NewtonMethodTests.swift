import Foundation
import Testing
@testable import LossKitOptimization

/// Newton's method: quadratic convergence with the dense Hessian, the CG
/// fallback where the Hessian is indefinite or absent.
@Suite struct NewtonMethodTests {
    @Test func oneStepOnAQuadratic() throws {
        let q = DiagonalQuadratic(dimension: 10, conditionNumber: 1e6)
        let result = try NewtonMethod().minimize(q, from: [Double](repeating: 1, count: 10))
        #expect(result.iterations == 1)
        #expect(result.stopReason == .gradientTolerance)
        #expect(result.parameters.allSatisfy { abs($0) < 1e-12 })
    }

    @Test(arguments: [2, 100])
    func rosenbrockWithTheDenseHessian(dimension: Int) throws {
        let result = try NewtonMethod().minimize(ExtendedRosenbrock(dimension: dimension), from: ExtendedRosenbrock.start(dimension),
                                                 stopping: StoppingCriteria(gradientTolerance: 1e-10, objectiveTolerance: 0))
        #expect(result.stopReason == .gradientTolerance)
        #expect(maxRelativeError(result.parameters, [Double](repeating: 1, count: dimension)) < 1e-9)
        #expect(result.iterations < 50)
    }

    /// No Hessian: CG on finite-difference H·v products.
    @Test func powellSingularWithoutAHessian() throws {
        let result = try NewtonMethod().minimize(PowellSingular(dimension: 4), from: PowellSingular.start(4),
                                                 stopping: StoppingCriteria(gradientTolerance: 1e-8, objectiveTolerance: 0, maxIterations: 500))
        #expect(result.converged)
        #expect(result.objective < 1e-10)
    }

    @Test func iterationLimit() throws {
        let result = try NewtonMethod().minimize(ExtendedRosenbrock(dimension: 2), from: [-1.2, 1], stopping: StoppingCriteria(maxIterations: 2))
        #expect(result.stopReason == .iterationLimit)
        #expect(!result.converged)
    }
}
