import Foundation
import Testing
@testable import LossKitModels
import LossKitNumerics
import LossKitOptimization

/// scikit-learn's HuberRegressor objective against scikit-learn
/// (Fixtures/training/huber-regressor.json, scripts/generate_training_fixtures.py).
@Suite struct HuberRegressorObjectiveTests {
    struct Fixture: Decodable {
        let epsilon: Double, alpha: Double
        let columns: [[Double]], y: [Double]
        let coef: [Double], intercept: Double, scale: Double, objective: Double
        let probe: [Double], probe_objective: Double, probe_gradient: [Double]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "huber-regressor", withExtension: "json", subdirectory: "Fixtures/training"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// Value and gradient of `_huber_loss_and_gradient` at a probe point, to
    /// rounding. With centering only (standardize: false), our w-gradient is
    /// scikit-learn's β-gradient minus x̄ⱼ times its intercept gradient.
    @Test func valueAndGradientMatchScikitLearn() throws {
        let f = try Self.fixture()
        let x = try Matrix(columns: f.columns)
        let objective = try HuberRegressorObjective(features: x, targets: f.y, epsilon: f.epsilon, alpha: f.alpha, standardize: false)
        let theta = objective.parameters(intercept: f.probe[3], coefficients: Array(f.probe[0..<3]), scale: f.probe[4])
        var g = [Double](repeating: 0, count: 5)
        let value = objective.valueAndGradient(at: theta, gradient: &g)
        #expect(abs(value - f.probe_objective) <= 1e-12 * abs(f.probe_objective))
        let means = objective.design.means
        let expected = (0..<3).map { f.probe_gradient[$0] - means[$0] * f.probe_gradient[3] } + [f.probe_gradient[3], f.probe_gradient[4]]
        for k in 0..<5 {
            #expect(abs(g[k] - expected[k]) <= 1e-9 * max(1, f.probe_gradient.map(abs).max() ?? 1), "component \(k): \(g[k]) vs \(expected[k])")
        }
    }

    /// L-BFGS on the standardized objective from scikit-learn's start reaches
    /// its optimum: the objective no higher (1e-12 relative) and the
    /// coefficients, intercept and scale within 1e-5 relative.
    @Test func lbfgsReachesScikitLearnsFit() throws {
        let f = try Self.fixture()
        let x = try Matrix(columns: f.columns)
        let objective = try HuberRegressorObjective(features: x, targets: f.y, epsilon: f.epsilon, alpha: f.alpha)
        let run = try LBFGS().minimize(objective, from: objective.scikitLearnStart,
                                       stopping: StoppingCriteria(gradientTolerance: 1e-7, objectiveTolerance: 0))
        #expect(run.converged, "\(run.stopReason)")
        #expect(run.objective <= f.objective * (1 + 1e-12))
        let (b0, beta, sigma) = objective.originalScale(run.parameters)
        let ours = beta + [b0, sigma], theirs = f.coef + [f.intercept, f.scale]
        for k in 0..<5 { #expect(abs(ours[k] - theirs[k]) <= 1e-5 * max(1, abs(theirs[k])), "component \(k)") }
    }

    @Test func nonPositiveScaleIsInfinite() throws {
        let f = try Self.fixture()
        let objective = try HuberRegressorObjective(features: try Matrix(columns: f.columns), targets: f.y)
        #expect(objective.value(at: [0, 0, 0, 0, 0]) == .infinity)
        #expect(objective.value(at: [0, 0, 0, 0, -1]) == .infinity)
        #expect(throws: LossKitError.self) { _ = try HuberRegressorObjective(features: try Matrix(columns: f.columns), targets: f.y, epsilon: 0) }
    }
}
