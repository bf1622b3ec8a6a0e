import Foundation
import Testing
@testable import LossKitModels
import LossKitNumerics
import LossKitOptimization

/// The gradient-trained linear objective against LossKit's direct solvers:
/// least squares (LinearRegression), ridge (Ridge) and the Huber IRLS fit
/// with a fixed scale (RobustLinearRegression), where the objectives coincide.
@Suite struct LinearModelObjectiveTests {
    /// Columns on very different scales and offsets (so standardization
    /// matters), y = 3 + Σ (j+1)·xⱼ + noise, plus outliers when asked.
    static func data(rows n: Int = 300, columns p: Int = 4, outliers: Int = 0, seed: UInt64 = 11) throws -> (Matrix, [Double]) {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1p-53 * 2 - 1
        }
        let columns = (0..<p).map { j in (0..<n).map { _ in 50 * Double(j) + pow(10, Double(j) - 1) * uniform() } }
        var y = (0..<n).map { i in 3 + (0..<p).reduce(0.0) { $0 + Double($1 + 1) * columns[$1][i] } + 0.5 * uniform() }
        for k in 0..<outliers { y[(k * 37) % n] += 40 * (k % 2 == 0 ? 1 : -1) }
        return (try Matrix(columns: columns), y)
    }

    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / max(scale, 1e-300) } ?? 0
    }

    static let tight = StoppingCriteria(gradientTolerance: 1e-13, objectiveTolerance: 0, maxIterations: 1000)

    @Test func leastSquaresByLBFGSAndNewtonMatchesOLS() throws {
        let (x, y) = try Self.data()
        let ols = try LinearRegression().fit(features: x, targets: y, featureNames: nil)
        let objective = try LinearModelObjective(features: x, targets: y, loss: SquaredError())
        for optimizer in [LBFGS() as any FullBatchOptimizer, NewtonMethod()] {
            let run = try optimizer.minimize(objective, from: objective.zeroStart, stopping: Self.tight)
            let (b0, beta) = objective.originalScale(run.parameters)
            #expect(Self.relativeError(beta + [b0], ols.coefficients + [ols.intercept]) < 1e-9, "\(optimizer.name): \(run.stopReason)")
        }
    }

    /// Ridge: Σr² + α_R‖β‖² = n·[mean r² + (2α_R/n)/2·‖β‖²], so α = 2α_R/n
    /// on unstandardized (only centered) features.
    @Test func ridgeMatchesRidge() throws {
        let (x, y) = try Self.data()
        let alphaR = 25.0
        let ridge = try Ridge(alpha: alphaR).fit(features: x, targets: y)
        let objective = try LinearModelObjective(features: x, targets: y, loss: SquaredError(),
                                                 alpha: 2 * alphaR / Double(x.rows), standardize: false)
        let run = try NewtonMethod().minimize(objective, from: objective.zeroStart, stopping: Self.tight)
        let (b0, beta) = objective.originalScale(run.parameters)
        #expect(Self.relativeError(beta + [b0], ridge.coefficients + [ridge.intercept]) < 1e-9)
        let lbfgs = try LBFGS().minimize(objective, from: objective.zeroStart, stopping: Self.tight)
        let (c0, gamma) = objective.originalScale(lbfgs.parameters)
        #expect(Self.relativeError(gamma + [c0], ridge.coefficients + [ridge.intercept]) < 1e-8)
    }

    /// Huber with an absolute δ: RobustLinearRegression(.huber(k: δ), scale: .fixed(1))
    /// minimizes Σ HuberLoss(δ)(rᵢ), the same minimizer as the mean.
    @Test func huberByNewtonMatchesTheIRLSFitWithFixedScale() throws {
        let (x, y) = try Self.data(outliers: 15)
        let delta = 1.0
        let irls = try RobustLinearRegression(loss: .huber(k: delta), scale: .fixed(1), tolerance: 1e-14, maxIterations: 500)
            .fitDetails(features: x, targets: y)
        let objective = try LinearModelObjective(features: x, targets: y, loss: try HuberLoss(delta: delta))
        let run = try NewtonMethod().minimize(objective, from: objective.zeroStart, stopping: Self.tight)
        #expect(run.converged, "\(run.stopReason)")
        let (b0, beta) = objective.originalScale(run.parameters)
        #expect(Self.relativeError(beta + [b0], irls.coefficients + [irls.intercept]) < 1e-9)
    }

    @Test func gradientMatchesCentralDifferencesWithWeightsAndElasticNet() throws {
        let (x, y) = try Self.data(rows: 50, columns: 3)
        let weights = (0..<50).map { 0.5 + Double($0 % 7) / 3 }
        let objective = try LinearModelObjective(features: x, targets: y, weights: weights, loss: try HuberLoss(delta: 2),
                                                 alpha: 0.3, l1Ratio: 0.4)
        let theta = [0.7, -1.1, 2.3, 0.4]
        var g = [Double](repeating: 0, count: 4), scratch = g
        let f = objective.valueAndGradient(at: theta, gradient: &g)
        #expect(abs(f - objective.value(at: theta)) <= 1e-14 * abs(f))
        for k in 0..<4 {
            var plus = theta, minus = theta
            plus[k] += 1e-6; minus[k] -= 1e-6
            let numeric = (objective.valueAndGradient(at: plus, gradient: &scratch) - objective.valueAndGradient(at: minus, gradient: &scratch)) / 2e-6
            #expect(abs(numeric - g[k]) <= 1e-6 * max(1, abs(g[k])), "component \(k)")
        }
        // The batch of all rows is the full objective.
        var gb = g
        let fb = objective.valueAndGradient(at: theta, batch: Array(0..<50)[...], gradient: &gb)
        #expect(abs(fb - f) <= 1e-12 * abs(f))
        #expect(Self.relativeError(gb, g) < 1e-12)
    }

    @Test func hessianMatchesHessianVectorProducts() throws {
        let (x, y) = try Self.data(rows: 80, columns: 3)
        let objective = try LinearModelObjective(features: x, targets: y, loss: try HuberLoss(delta: 1), alpha: 0.1)
        let theta = [1.0, 2.0, -1.0, 3.0]
        let h = try #require(objective.hessian(at: theta))
        let v = [0.3, -0.2, 0.5, 1.0]
        var hv = [Double](repeating: 0, count: 4)
        #expect(objective.hessianVectorProduct(at: theta, vector: v, product: &hv))
        for i in 0..<4 {
            let dense = (0..<4).reduce(0.0) { $0 + h[i + $1 * 4] * v[$1] }
            #expect(abs(dense - hv[i]) <= 1e-12 * max(1, abs(hv[i])))
        }
        // L1's second derivative is NaN at its kink only; elsewhere 0 — no Hessian at a kink.
        let l1 = try LinearModelObjective(features: x, targets: y.map { _ in 0 }, loss: AbsoluteError())
        #expect(l1.hessian(at: [0, 0, 0, 0]) == nil)
    }

    @Test func originalScaleRoundTrips() throws {
        let (x, y) = try Self.data(rows: 40, columns: 3)
        let objective = try LinearModelObjective(features: x, targets: y, loss: SquaredError())
        let theta = objective.parameters(intercept: 1.5, coefficients: [2, -3, 0.25])
        let (b0, beta) = objective.originalScale(theta)
        #expect(abs(b0 - 1.5) < 1e-12)
        #expect(Self.relativeError(beta, [2, -3, 0.25]) < 1e-15)
    }

    @Test func badInputThrowsByName() throws {
        let (x, y) = try Self.data(rows: 10, columns: 2)
        #expect(throws: LossKitError.invalidParameter(name: "alpha", value: "-1.0", requirement: "must be a finite number >= 0")) {
            _ = try LinearModelObjective(features: x, targets: y, loss: SquaredError(), alpha: -1)
        }
        #expect(throws: LossKitError.invalidParameter(name: "l1Ratio", value: "1.5", requirement: "must be in [0, 1]")) {
            _ = try LinearModelObjective(features: x, targets: y, loss: SquaredError(), l1Ratio: 1.5)
        }
        var bad = y
        bad[3] = .nan
        #expect(throws: LossKitError.self) { _ = try LinearModelObjective(features: x, targets: bad, loss: SquaredError()) }
        #expect(throws: LossKitError.self) { _ = try LinearModelObjective(features: x, targets: [1, 2], loss: SquaredError()) }
    }
}
