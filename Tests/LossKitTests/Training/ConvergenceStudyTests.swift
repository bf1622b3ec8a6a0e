import Foundation
import Testing
@testable import LossKitModels
import LossKitNumerics
import LossKitOptimization

/// The convergence study against the theory of gradient descent on a
/// quadratic and against the exact solvers' optima.
@Suite struct ConvergenceStudyTests {
    /// Two correlated features (ρ ≈ 0.9) on scales 1 and 100 with offsets,
    /// y = 1 + 2x₁ + 0.03x₂ + noise (Box–Muller from SplitMix64).
    static func data(rows n: Int = 400, seed: UInt64 = 5) throws -> RegressionData {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { (Double(generator.next() >> 11) + 0.5) * 0x1p-53 }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        var a: [Double] = [], b: [Double] = [], y: [Double] = []
        for _ in 0..<n {
            let u = normal(), v = normal()
            let x1 = 3 + u, x2 = 50 + 100 * (0.9 * u + 0.436 * v)
            a.append(x1); b.append(x2)
            y.append(1 + 2 * x1 + 0.03 * x2 + 0.5 * normal())
        }
        return try RegressionData(features: Matrix(columns: [a, b]), targets: y, featureNames: ["x1", "x2"])
    }

    @Test func gradientDescentOnL2MatchesTheTheory() throws {
        let report = try ConvergenceStudy(losses: [.l2], optimizer: .gd, iterations: 400).run(Self.data())
        let kappa = report.conditionNumber
        #expect(kappa > 5 && kappa < 50, "κ = \(kappa)")
        let predicted = (kappa - 1) / (kappa + 1)
        #expect(report.predictedRate == predicted)
        let l2 = try #require(report.result(.l2))
        let measured = try #require(l2.measuredRate)
        #expect(abs(measured - predicted) <= 0.03 * predicted, "measured \(measured), predicted \(predicted)")
        let iterations = try #require(l2.iterationsToTarget)
        let expected = log(1e6) / (2 * log((kappa + 1) / (kappa - 1)))
        #expect(abs(Double(iterations) - expected) <= 0.15 * expected, "\(iterations) iterations, predicted \(expected)")
        #expect(l2.converged)
        #expect(l2.stopReason == .iterationLimit)
        #expect(l2.history.count == 401)
    }

    @Test func nesterovAttainsItsConstantMomentumRate() throws {
        let report = try ConvergenceStudy(losses: [.l2], optimizer: .nesterov, iterations: 300).run(Self.data())
        let kappa = report.conditionNumber
        #expect(report.predictedRate == GradientConditioning.nesterovRate(conditionNumber: kappa))
        let attained = 1 - 1 / kappa.squareRoot()
        let measured = try #require(report.measuredRate)
        #expect(measured <= attained * 1.05, "measured \(measured), 1 − 1/√κ = \(attained)")
        #expect(measured < (kappa - 1) / (kappa + 1), "Nesterov must beat gradient descent's rate")
    }

    @Test func l2ConvergesFasterThanL1WithGradientDescent() throws {
        let report = try ConvergenceStudy(optimizer: .gd, iterations: 500).run(Self.data())
        let l2 = try #require(report.result(.l2)), l1 = try #require(report.result(.l1)), huber = try #require(report.result(.huber))
        #expect(l2.iterationsToTarget != nil)
        #expect(huber.iterationsToTarget != nil)
        #expect(l1.iterationsToTarget == nil)
        #expect(l1.relativeSuboptimality > 100 * l2.relativeSuboptimality)
        #expect(!l1.converged)
        #expect(try #require(huber.delta) > 0)
    }

    @Test func standardizationLowersKappaAndSpeedsUpGradientDescent() throws {
        let data = try Self.data()
        let (standardized, centered) = try ConvergenceStudy(optimizer: .gd, iterations: 300).standardizationComparison(data)
        #expect(standardized.conditionNumber * 100 < centered.conditionNumber,
                "κ standardized \(standardized.conditionNumber), centered \(centered.conditionNumber)")
        #expect(centered.rawConditionNumber > centered.conditionNumber)
        let fast = try #require(standardized.result(.l2)), slow = try #require(centered.result(.l2))
        #expect(fast.iterationsToTarget != nil)
        #expect(slow.iterationsToTarget == nil)
        // The centered Hessian diag(1, C) has the features' variances on its diagonal.
        let conditioning = try GradientConditioning(data: data)
        #expect(conditioning.centeredEigenvalues.largest > 5000)
        #expect(conditioning.centeredConditionNumber == centered.conditionNumber)
    }

    /// f* is each direct solver's own objective: the OLS mean squared
    /// residual, the LP fit's mean absolute residual, the Huber IRLS fit's mean loss.
    @Test func optimaAreTheDirectSolversObjectives() throws {
        let data = try Self.data()
        let report = try ConvergenceStudy(optimizer: .lbfgs, iterations: 200).run(data)
        let ols = try LinearRegression().fit(data)
        let olsResiduals = zip(data.targets, try ols.predict(data.features)).map { $0 - $1 }
        let mse = olsResiduals.reduce(0) { $0 + $1 * $1 } / Double(data.rowCount)
        let l2 = try #require(report.result(.l2))
        #expect(abs(l2.exactOptimum - mse) <= 1e-12 * mse)
        let lad = try RobustLinearRegression(loss: .leastAbsoluteDeviation).fitDetails(features: data.features, targets: data.targets)
        let mae = lad.residuals.reduce(0) { $0 + abs($1) } / Double(data.rowCount)
        let l1 = try #require(report.result(.l1))
        #expect(abs(l1.exactOptimum - mae) <= 1e-12 * mae)
        let huber = try #require(report.result(.huber))
        let delta = try #require(huber.delta)
        #expect(abs(delta - 1.345 * RobustScale.medianAbsoluteDeviation(olsResiduals, center: .zero)) <= 1e-12 * delta)
        let irls = try RobustLinearRegression(loss: .huber(k: delta), scale: .fixed(1)).fitDetails(features: data.features, targets: data.targets)
        #expect(abs(huber.exactOptimum - irls.objective) <= 1e-10 * irls.objective)
        // L-BFGS on the smooth losses lands on the same optimum (to rounding).
        for r in [l2, huber] {
            #expect(r.finalSuboptimality <= 1e-12 * r.exactOptimum, "\(r.loss): \(r.finalSuboptimality)")
            #expect(r.exactOptimum - r.optimum <= 1e-12 * r.exactOptimum)
        }
    }

    @Test func stochasticRunsRecordTheFullObjectivePerEpoch() throws {
        let report = try ConvergenceStudy(losses: [.l2], optimizer: .adam, iterations: 20, seed: 3).run(Self.data())
        let l2 = try #require(report.result(.l2))
        #expect(l2.history.count == 21)
        #expect(l2.history.allSatisfy { $0 >= l2.optimum })
        #expect(l2.history.last! < l2.history.first!)
        #expect(report.predictedRate == nil)
        let again = try ConvergenceStudy(losses: [.l2], optimizer: .adam, iterations: 20, seed: 3).run(Self.data())
        #expect(again.result(.l2)!.history == l2.history)
    }

    @Test func jsonHasTheContractKeys() throws {
        let report = try ConvergenceStudy(optimizer: .gd, iterations: 50).run(Self.data(rows: 100))
        guard case let .object(members) = report.json else { Issue.record("not an object"); return }
        let keys = members.map(\.0)
        for key in ["losses", "condition_number", "condition_number_raw", "predicted_rate", "predicted_rate_step_1_over_L",
                    "measured_rate", "optimizer", "standardized", "iterations"] {
            #expect(keys.contains(key), "missing \(key)")
        }
        guard case let .object(losses)? = members.first(where: { $0.0 == "losses" })?.1 else { Issue.record("no losses"); return }
        #expect(losses.map(\.0) == ["l2", "huber", "l1"])
        for (name, value) in losses {
            guard case let .object(entry) = value else { Issue.record("\(name) not an object"); continue }
            let entryKeys = entry.map(\.0)
            for key in ["optimum", "history", "final_suboptimality", "relative_suboptimality", "iterations_to_1e-6",
                        "measured_rate", "converged", "stopped_because"] {
                #expect(entryKeys.contains(key), "\(name) lacks \(key)")
            }
            #expect(entryKeys.contains("delta") == (name == "huber"))
        }
        #expect(report.text(source: "test").contains("κ ="))
    }

    @Test func badSettingsThrowNamingTheParameter() throws {
        let data = try Self.data(rows: 50)
        #expect(throws: LossKitError.self) { try ConvergenceStudy(iterations: 0).run(data) }
        #expect(throws: LossKitError.self) { try ConvergenceStudy(iterations: ConvergenceStudy.maximumIterations + 1).run(data) }
        #expect(throws: LossKitError.self) { try ConvergenceStudy(losses: []).run(data) }
    }
}
