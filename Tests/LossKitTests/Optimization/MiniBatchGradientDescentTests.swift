import Foundation
import Testing
@testable import LossKitOptimization

/// The stochastic driver: exact solutions where SGD can reach them,
/// determinism, averaging, stopping and divergence.
@Suite struct MiniBatchGradientDescentTests {
    static let noiseless: LeastSquaresObjective = {
        // y = X·w* exactly: every sample's gradient vanishes at w*, so
        // constant-step SGD converges to it (the interpolation regime).
        let noisy = LeastSquaresObjective.make(rows: 200, columns: 5, seed: 1)
        let y = (0..<200).map { i in (0..<5).reduce(0.0) { $0 + noisy.x[i * 5 + $1] * Double($1 + 1) } }
        return LeastSquaresObjective(x: noisy.x, y: y, dimension: 5)
    }()

    @Test func sgdWithMomentumReachesTheExactLeastSquaresSolution() throws {
        let o = Self.noiseless
        let sgd = try MiniBatchGradientDescent(rule: MomentumStep<Double>(parameterCount: 5, momentum: 0.9),
                                               schedule: LearningRateScheduler(.constant(eta0: 0.05)),
                                               batchSize: 10, maxEpochs: 300, seed: 3, tolerance: nil)
        let result = try sgd.minimize(o, from: [0, 0, 0, 0, 0])
        #expect(maxRelativeError(result.parameters, [1, 2, 3, 4, 5]) < 1e-9)
        #expect(result.iterations == 300)
        #expect(result.stopReason == .iterationLimit)
    }

    @Test func adamReachesTheExactLeastSquaresSolution() throws {
        let o = Self.noiseless
        let adam = try MiniBatchGradientDescent(rule: AdamStep<Double>(parameterCount: 5),
                                                schedule: LearningRateScheduler(.constant(eta0: 0.01)),
                                                batchSize: 200, maxEpochs: 5000, shuffle: false, tolerance: nil)
        let result = try adam.minimize(o, from: [0, 0, 0, 0, 0])
        #expect(maxRelativeError(result.parameters, [1, 2, 3, 4, 5]) < 1e-6)
    }

    /// With noise, plain SGD + Polyak–Ruppert averaging approaches the least-squares solution.
    @Test func averagedSGDApproachesTheNoisyLeastSquaresSolution() throws {
        let o = LeastSquaresObjective.make(rows: 500, columns: 5, seed: 9)
        let exact = o.exactSolution()
        let sgd = try MiniBatchGradientDescent(rule: MomentumStep<Double>(parameterCount: 5),
                                               schedule: LearningRateScheduler(.constant(eta0: 0.05)),
                                               batchSize: 1, maxEpochs: 50, seed: 5, averageAfter: 500, tolerance: nil)
        let result = try sgd.minimize(o, from: [0, 0, 0, 0, 0])
        #expect(maxRelativeError(result.parameters, exact) < 2e-3)
        var g = [Double](repeating: 0, count: 5)
        let fStar = o.valueAndGradient(at: exact, gradient: &g)
        #expect(result.objective - fStar < 1e-5 * fStar)
    }

    @Test func theSameSeedGivesTheSameRun() throws {
        let o = LeastSquaresObjective.make(rows: 300, columns: 4, seed: 2)
        func run(_ seed: UInt64) throws -> OptimizationResult {
            try MiniBatchGradientDescent(rule: AdamStep<Double>(parameterCount: 4, decoupled: true),
                                         schedule: LearningRateScheduler(.invscaling(eta0: 0.05, power: 0.25)),
                                         batchSize: 7, maxEpochs: 20, seed: seed, averageAfter: 1).minimize(o, from: [0, 0, 0, 0])
        }
        let a = try run(42), b = try run(42), c = try run(43)
        #expect(a == b)
        #expect(a.parameters != c.parameters)
    }

    @Test func scikitLearnToleranceRuleStopsTheRun() throws {
        let o = LeastSquaresObjective.make(rows: 200, columns: 3, seed: 4)
        let sgd = try MiniBatchGradientDescent(rule: MomentumStep<Double>(parameterCount: 3),
                                               schedule: LearningRateScheduler(.invscaling(eta0: 0.01, power: 0.25)),
                                               batchSize: 1, maxEpochs: 1000, seed: 1, tolerance: 1e-3, noImprovementPatience: 5)
        let result = try sgd.minimize(o, from: [0, 0, 0])
        #expect(result.stopReason == .objectiveTolerance)
        #expect(result.converged)
        #expect(result.iterations < 1000)
        // Replaying scikit-learn's rule on the epoch objectives: the count of
        // epochs above best − tol reaches 5 at the last epoch and not before.
        var best = Double.infinity, count = 0, stoppedAt: Int? = nil
        for (epoch, f) in result.objectiveHistory.dropFirst().enumerated() {
            count = f > best - 1e-3 ? count + 1 : 0
            best = min(best, f)
            if count >= 5 { stoppedAt = epoch + 1; break }
        }
        #expect(stoppedAt == result.iterations)
    }

    @Test func adaptiveScheduleStopsAtItsFloor() throws {
        let o = LeastSquaresObjective.make(rows: 100, columns: 3, seed: 4)
        let sgd = try MiniBatchGradientDescent(rule: MomentumStep<Double>(parameterCount: 3),
                                               schedule: LearningRateScheduler(.adaptive(eta0: 0.01), patience: 2),
                                               batchSize: 10, maxEpochs: 10_000, seed: 1, tolerance: 1e-3)
        let result = try sgd.minimize(o, from: [0, 0, 0])
        #expect(result.stopReason == .learningRateFloor)
    }

    @Test func aDivergingRateStopsWithTheLastFiniteParameters() throws {
        let o = LeastSquaresObjective.make(rows: 100, columns: 3, seed: 4)
        let sgd = try MiniBatchGradientDescent(rule: MomentumStep<Double>(parameterCount: 3),
                                               schedule: LearningRateScheduler(.constant(eta0: 50)),
                                               batchSize: 5, maxEpochs: 10_000, seed: 1, tolerance: nil)
        let result = try sgd.minimize(o, from: [0, 0, 0])
        #expect(result.stopReason == .diverged)
        #expect(!result.converged)
        #expect(result.parameters.allSatisfy { $0.isFinite })
        #expect(result.objective.isFinite)
    }

    @Test func badSettingsThrowByName() throws {
        #expect(throws: OptimizationError.invalidParameter(name: "batchSize", value: "0", requirement: "must be >= 1")) {
            _ = try MiniBatchGradientDescent(rule: MomentumStep<Double>(parameterCount: 1), schedule: LearningRateScheduler(.constant(eta0: 0.1)), batchSize: 0)
        }
        #expect(throws: OptimizationError.invalidParameter(name: "eta0", value: "nan", requirement: "must be a finite number > 0")) {
            _ = try MiniBatchGradientDescent(rule: MomentumStep<Double>(parameterCount: 1), schedule: LearningRateScheduler(.constant(eta0: .nan)))
        }
        let sgd = try MiniBatchGradientDescent(rule: MomentumStep<Double>(parameterCount: 2), schedule: LearningRateScheduler(.constant(eta0: 0.1)))
        #expect(throws: (any Error).self) { _ = try sgd.minimize(LeastSquaresObjective.make(rows: 5, columns: 3, seed: 1), from: [0, 0, 0]) }
    }
}
