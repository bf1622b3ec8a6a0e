import Foundation
import Testing
@testable import LossKitOptimization

/// Nesterov's method: the accelerated linear rate, restarts and divergence.
@Suite struct NesterovAcceleratedGradientTests {
    /// Step 1/L with the constant momentum β = (√κ − 1)/(√κ + 1): the error of
    /// a quadratic contracts by about 1 − 1/√κ per iteration, i.e. −log ρ ≈
    /// half of −log((√κ − 1)/(√κ + 1)) ≈ 2/√κ — √κ times faster than gradient
    /// descent's (κ − 1)/(κ + 1). Measured over iterations 20√κ…40√κ.
    @Test(arguments: [1e2, 1e4, 1e6])
    func constantMomentumHasTheAcceleratedRate(kappa: Double) throws {
        let q = DiagonalQuadratic(dimension: 10, conditionNumber: kappa)
        let root = kappa.squareRoot()
        let k1 = Int(20 * root), k2 = Int(40 * root)
        let nag = NesterovAcceleratedGradient(.fixed(lipschitz: kappa, strongConvexity: 1))
        let result = try nag.minimize(q, from: [Double](repeating: 1, count: 10),
                                      stopping: StoppingCriteria(gradientTolerance: 0, objectiveTolerance: 0, maxIterations: k2, maxEvaluations: 3 * k2))
        let h = try #require(result.objectiveHistory.count == k2 + 1 ? result.objectiveHistory : nil)
        let measured = pow(h[k2] / h[k1], 1 / (2.0 * Double(k2 - k1)))
        let lowerBound = (root - 1) / (root + 1)
        let ratio = log(measured) / log(lowerBound)
        #expect(ratio > 0.4 && ratio < 0.55, "κ = \(kappa): measured ρ = \(measured), (√κ−1)/(√κ+1) = \(lowerBound), −log ratio \(ratio)")
        // And far faster than gradient descent's best fixed step.
        #expect(log(measured) < 0.2 * root * log((kappa - 1) / (kappa + 1)))
    }

    @Test func restartingVariantNeedsNoConstants() throws {
        let q = DiagonalQuadratic(dimension: 10, conditionNumber: 1e4)
        let result = try NesterovAcceleratedGradient().minimize(
            q, from: [Double](repeating: 1, count: 10),
            stopping: StoppingCriteria(gradientTolerance: 1e-8, objectiveTolerance: 0, maxIterations: 20_000, maxEvaluations: 100_000))
        #expect(result.stopReason == .gradientTolerance)
        #expect(result.parameters.allSatisfy { abs($0) < 1e-7 })
        // Accelerated: far fewer iterations than gradient descent's ~κ·log(1/ε).
        #expect(result.iterations < 5000)
        for k in 1..<result.objectiveHistory.count { #expect(result.objectiveHistory[k] <= result.objectiveHistory[k - 1]) }
    }

    @Test(arguments: [2, 100])
    func restartingVariantMinimizesRosenbrock(dimension: Int) throws {
        let result = try NesterovAcceleratedGradient().minimize(
            ExtendedRosenbrock(dimension: dimension), from: ExtendedRosenbrock.start(dimension),
            stopping: StoppingCriteria(gradientTolerance: 1e-6, objectiveTolerance: 0, maxIterations: 100_000, maxEvaluations: 1_000_000))
        #expect(result.stopReason == .gradientTolerance)
        #expect(maxRelativeError(result.parameters, [Double](repeating: 1, count: dimension)) < 1e-5)
    }

    @Test func standardSequenceConvergesOnPowellSingular() throws {
        let result = try NesterovAcceleratedGradient().minimize(
            PowellSingular(dimension: 4), from: PowellSingular.start(4),
            stopping: StoppingCriteria(gradientTolerance: 1e-6, objectiveTolerance: 0, maxIterations: 100_000, maxEvaluations: 1_000_000))
        #expect(result.converged)
        #expect(result.objective < 1e-6)
    }

    @Test func tooSmallALipschitzConstantDiverges() throws {
        let q = DiagonalQuadratic(dimension: 4, conditionNumber: 100)
        let result = try NesterovAcceleratedGradient(.fixed(lipschitz: 30)).minimize(q, from: [1, 1, 1, 1])
        #expect(result.stopReason == .diverged)
        #expect(result.parameters.allSatisfy { $0.isFinite })
        #expect(result.objective.isFinite)
    }

    @Test func iterationLimitIsAResult() throws {
        let result = try NesterovAcceleratedGradient().minimize(ExtendedRosenbrock(dimension: 2), from: [-1.2, 1],
                                                                stopping: StoppingCriteria(maxIterations: 3))
        #expect(result.stopReason == .iterationLimit)
        #expect(result.iterations == 3)
        #expect(result.objectiveHistory.count == 4)
    }

    @Test func invalidConstantsThrow() {
        #expect(throws: (any Error).self) {
            _ = try NesterovAcceleratedGradient(.fixed(lipschitz: 1, strongConvexity: 2)).minimize(ExtendedRosenbrock(dimension: 2), from: [0, 0])
        }
    }
}
