import Foundation
import Testing
@testable import LossKitOptimization

/// Gradient descent on functions with known minima and known rates.
@Suite struct GradientDescentTests {
    /// With the best fixed step 2/(L + μ) the error of a quadratic contracts by
    /// exactly (κ − 1)/(κ + 1) per iteration; f − f* by its square. Measured
    /// over iterations k…2k, k = min(2κ, 20 000), after the middle of the
    /// spectrum (which contracts faster) has died out.
    @Test(arguments: [1e2, 1e4, 1e6])
    func bestFixedStepHasTheTheoreticalRate(kappa: Double) throws {
        let q = DiagonalQuadratic(dimension: 10, conditionNumber: kappa)
        let gd = GradientDescent(stepSize: .fixed(2 / (kappa + 1)))
        let k = Int(min(2 * kappa, 20_000))
        let result = try gd.minimize(q, from: [Double](repeating: 1, count: 10),
                                     stopping: StoppingCriteria(gradientTolerance: 0, objectiveTolerance: 0, maxIterations: 2 * k, maxEvaluations: 2 * k + 1))
        #expect(result.stopReason == .iterationLimit)
        #expect(!result.converged)
        let h = try #require(result.objectiveHistory.count == 2 * k + 1 ? result.objectiveHistory : nil)
        let measured = pow(h[2 * k] / h[k], 1 / (2.0 * Double(k)))
        let predicted = (kappa - 1) / (kappa + 1)
        #expect(abs(log(measured) / log(predicted) - 1) < 1e-3, "κ = \(kappa): measured \(measured), predicted \(predicted)")
    }

    /// Step 1/L: rate 1 − 1/κ, slower than the best fixed step.
    @Test func stepOneOverLHasRateOneMinusOneOverKappa() throws {
        let kappa = 100.0
        let q = DiagonalQuadratic(dimension: 10, conditionNumber: kappa)
        let result = try GradientDescent(stepSize: .fixed(1 / kappa)).minimize(
            q, from: [Double](repeating: 1, count: 10),
            stopping: StoppingCriteria(gradientTolerance: 0, objectiveTolerance: 0, maxIterations: 3000))
        let h = result.objectiveHistory
        let measured = pow(h[3000] / h[2000], 1 / (2.0 * 1000))
        #expect(abs(log(measured) / log(1 - 1 / kappa) - 1) < 1e-2)
    }

    @Test func armijoBacktrackingMinimizesRosenbrock() throws {
        let result = try GradientDescent().minimize(
            ExtendedRosenbrock(dimension: 2), from: [-1.2, 1],
            stopping: StoppingCriteria(gradientTolerance: 1e-6, objectiveTolerance: 0, maxIterations: 100_000, maxEvaluations: 1_000_000))
        #expect(result.stopReason == .gradientTolerance)
        #expect(maxRelativeError(result.parameters, [1, 1]) < 1e-5)
        // Backtracking never increases f.
        for k in 1..<result.objectiveHistory.count { #expect(result.objectiveHistory[k] <= result.objectiveHistory[k - 1]) }
    }

    @Test func armijoBacktrackingSolvesAnIllConditionedQuadratic() throws {
        let q = DiagonalQuadratic(dimension: 10, conditionNumber: 1e3)
        let result = try GradientDescent().minimize(q, from: [Double](repeating: 1, count: 10),
                                                    stopping: StoppingCriteria(gradientTolerance: 1e-9, objectiveTolerance: 0, maxIterations: 100_000, maxEvaluations: 1_000_000))
        #expect(result.converged)
        #expect(result.parameters.allSatisfy { abs($0) < 1e-8 })
    }

    /// A step above 2/L: the iterates grow until f overflows; the run stops
    /// with `.diverged` and returns the last finite iterate.
    @Test func tooLargeAFixedStepDivergesAndKeepsFiniteParameters() throws {
        let q = DiagonalQuadratic(dimension: 4, conditionNumber: 100)
        let result = try GradientDescent(stepSize: .fixed(3.0 / 100)).minimize(q, from: [1, 1, 1, 1])
        #expect(result.stopReason == .diverged)
        #expect(!result.converged)
        #expect(result.parameters.allSatisfy { $0.isFinite })
        #expect(result.objective.isFinite)
        #expect(result.objectiveHistory.count == result.iterations + 1)
    }

    @Test func iterationLimitIsAResultNotAnError() throws {
        let result = try GradientDescent().minimize(ExtendedRosenbrock(dimension: 2), from: [-1.2, 1],
                                                    stopping: StoppingCriteria(maxIterations: 10))
        #expect(result.stopReason == .iterationLimit)
        #expect(!result.converged)
        #expect(result.iterations == 10)
        #expect(result.objectiveHistory.count == 11)
        #expect(result.gradientNormHistory.count == 11)
    }

    @Test func setupErrorsThrowByName() {
        #expect(throws: OptimizationError.dimensionMismatch(expected: 2, actual: 3)) {
            _ = try GradientDescent().minimize(ExtendedRosenbrock(dimension: 2), from: [0, 0, 0])
        }
        #expect(throws: OptimizationError.invalidParameter(name: "stepSize", value: "-1.0", requirement: "must be a finite number > 0")) {
            _ = try GradientDescent(stepSize: .fixed(-1)).minimize(ExtendedRosenbrock(dimension: 2), from: [0, 0])
        }
        #expect(throws: (any Error).self) {
            _ = try GradientDescent().minimize(ExtendedRosenbrock(dimension: 2), from: [.nan, 0])
        }
    }

    @Test func observerSeesEveryIteration() throws {
        var seen: [Int] = []
        let result = try GradientDescent().minimize(ExtendedRosenbrock(dimension: 2), from: [-1.2, 1],
                                                    stopping: StoppingCriteria(maxIterations: 7)) { k, _ in seen.append(k) }
        #expect(seen == Array(1...7))
        #expect(result.iterations == 7)
    }
}
