import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

@Suite struct RobustLinearRegressionTests {
    /// The fit, with its least-squares steps either chosen automatically
    /// (these fixtures are small: unstreamed) or forced through the streamed QR
    /// with tiny blocks and two chains (the path of tall designs).
    private static func configured(_ loss: RobustLoss, streamed: Bool) -> RobustLinearRegression {
        var r = RobustLinearRegression(loss: loss)
        if streamed {
            r.streamedBlockRows = 7
            r.streamedChains = 2
        }
        return r
    }

    // statsmodels RLM(y, X, M=HuberT(1.345)).fit(tol=1e-14): the IRLS fixed point.
    // Promised: 1e-9 relative (observed ≤ 2e-11 on these four sets), on both paths.
    @Test(arguments: RobustFixture.names, [false, true])
    func huberMatchesStatsmodelsRLM(name: String, streamed: Bool) throws {
        let f = try RobustFixture.load(name)
        let fit = try Self.configured(.huber(k: f.huberT.t), streamed: streamed).fitDetails(features: f.matrix, targets: f.y)
        #expect(fit.converged)
        let params = [fit.intercept] + fit.coefficients
        #expect(expectClose(params, f.huberT.params, relative: 1e-9, "\(name) params") == nil)
        #expect(fit.scale.isApproximatelyEqual(to: f.huberT.scale, relativeTolerance: 1e-9))
        #expect(expectClose(fit.weights, f.huberT.weights, relative: 1e-9, "\(name) weights") == nil)
    }

    // The exact LP solution (scipy HiGHS): our certified vertex must be at
    // least as good, and equal where the optimum is unique. Promised: 1e-9
    // relative (observed ≤ 1e-14: both are the same vertex), on both paths.
    @Test(arguments: RobustFixture.names, [false, true])
    func quantileIsTheExactLPSolution(name: String, streamed: Bool) throws {
        let f = try RobustFixture.load(name)
        for q in f.quantile {
            let loss: RobustLoss = q.q == 0.5 ? .leastAbsoluteDeviation : .quantile(q.q)
            let fit = try Self.configured(loss, streamed: streamed).fitDetails(features: f.matrix, targets: f.y)
            #expect(fit.isExactVertex, "\(name) q=\(q.q) not certified")
            #expect(fit.converged)
            let objective = fit.residuals.reduce(0.0) { $0 + ($1 >= 0 ? q.q * $1 : (q.q - 1) * $1) }
            #expect(objective <= q.exactObjective * (1 + 1e-12), "\(name) q=\(q.q): \(objective) vs LP \(q.exactObjective)")
            #expect(objective.isApproximatelyEqual(to: q.exactObjective, relativeTolerance: 1e-9))
            let params = [fit.intercept] + fit.coefficients
            #expect(expectClose(params, q.exactParams, relative: 1e-9, "\(name) q=\(q.q) params") == nil)
            // statsmodels QuantReg stops IRLS at p_tol = 1e-6 with a 1e-6 residual floor.
            #expect(expectClose(params, q.statsmodelsParams, relative: 1e-4, "\(name) q=\(q.q) statsmodels") == nil)
        }
    }

    // Anscombe III: the robust fits land on the line through the 10 clean
    // points (statsmodels OLS without row 3: 4.0056 + 0.34539 x), not on OLS's 0.49997.
    @Test(arguments: [RobustLoss.huber(), .leastAbsoluteDeviation])
    func anscombeThreeRobustFitsFollowTheCleanPoints(loss: RobustLoss) throws {
        let f = try RobustFixture.load("anscombe3")
        let set = try #require(Anscombe.quartet.first { $0.name == "III" })
        #expect(set.x == f.x.map { $0[0] } && set.y == f.y)
        let clean = try #require(f.cleanLineParams)
        let fit = try RobustLinearRegression(loss: loss).fitDetails(feature: set.x, targets: set.y)
        #expect(abs(fit.coefficients[0] - clean[1]) < 0.002)
        #expect(abs(fit.intercept - clean[0]) < 0.02)
        #expect(abs(fit.coefficients[0] - f.ols.params[1]) > 0.15)
        // Row 3 (index 2) is the one the fit gives up on.
        #expect(fit.weights.indices.min { fit.weights[$0] < fit.weights[$1] } == 2)
        if case .huber = loss { #expect(fit.outlierRows() == [2]) }
    }

    @Test func defaultToleranceMeetsStatsmodelsDefaultFit() throws {
        // statsmodels' default (tol = 1e-8 on the deviance) agrees with its own fixed point
        // to about 1e-9; ours is tighter, so both land within 1e-7 of each other.
        for name in RobustFixture.names {
            let f = try RobustFixture.load(name)
            let fit = try RobustLinearRegression().fitDetails(features: f.matrix, targets: f.y)
            #expect(expectClose([fit.intercept] + fit.coefficients, f.huberT.defaultFitParams, relative: 1e-7, name) == nil)
        }
    }

    @Test func fixedScaleMakesDeltaAbsoluteAndHistoryDecreases() throws {
        // With s fixed, IRLS for Huber is a majorize–minimize method: the
        // objective Σ HuberLoss(δ)(rᵢ) never increases.
        let f = try RobustFixture.load("contaminated")
        let fit = try RobustLinearRegression(loss: .huber(k: 1.0), scale: .fixed(1)).fitDetails(features: f.matrix, targets: f.y)
        #expect(fit.converged)
        #expect(fit.scale == 1)
        for k in 1..<fit.lossHistory.count {
            #expect(fit.lossHistory[k] <= fit.lossHistory[k - 1] * (1 + 1e-12))
        }
        // Optimality: Σ ψ(rᵢ)·aᵢ = 0 with ψ(r) = clamp(r, −1, 1).
        let psi = fit.residuals.map { min(1, max(-1, $0)) }
        let x = try f.matrix
        var gradient = [psi.reduce(0, +)]
        gradient += try x.transposeTimes(psi)
        for g in gradient { #expect(abs(g) < 1e-8 * Double(f.y.count)) }
    }

    // scikit-learn HuberRegressor(epsilon=1.35, alpha=0): joint (β, σ) by L-BFGS,
    // accurate to about 1e-5 (observed differences: ≤ 5e-6 in the coefficients,
    // ≤ 7e-5 in σ). Our fit is checked against the optimality conditions directly.
    @Test(arguments: RobustFixture.names)
    func concomitantScaleMatchesScikitLearnHuberRegressor(name: String) throws {
        let f = try RobustFixture.load(name)
        let delta = f.sklearnHuber.epsilon
        let fit = try RobustLinearRegression(loss: .huber(k: delta), scale: .concomitant).fitDetails(features: f.matrix, targets: f.y)
        #expect(fit.converged)
        let expected = [f.sklearnHuber.intercept] + f.sklearnHuber.coefficients
        #expect(expectClose([fit.intercept] + fit.coefficients, expected, relative: 1e-4, "\(name) params") == nil)
        #expect(fit.scale.isApproximatelyEqual(to: f.sklearnHuber.scale, relativeTolerance: 2e-4))
        // Stationarity in β: Σ ψ(rᵢ/σ)·aᵢ = 0; in σ: n − n_out·δ² − Σ_in rᵢ²/σ² = 0.
        let s = fit.scale
        let psi = fit.residuals.map { min(delta, max(-delta, $0 / s)) }
        let gradient = try [psi.reduce(0, +)] + f.matrix.transposeTimes(psi)
        let n = Double(f.y.count)
        for g in gradient { #expect(abs(g) < 1e-7 * n) }
        let outliers = fit.residuals.filter { abs($0) > delta * s }.count
        let inlierSquares = fit.residuals.filter { abs($0) <= delta * s }.reduce(0) { $0 + $1 * $1 }
        #expect(abs(n - Double(outliers) * delta * delta - inlierSquares / (s * s)) < 1e-7 * n)
    }

    @Test func lossHistoryStartsAtOLS() throws {
        let f = try RobustFixture.load("anscombe3")
        let fit = try RobustLinearRegression(loss: .leastAbsoluteDeviation).fitDetails(features: f.matrix, targets: f.y)
        let olsResiduals = zip(f.x, f.y).map { $1 - (f.ols.params[0] + f.ols.params[1] * $0[0]) }
        let olsMeanAbs = olsResiduals.map(abs).reduce(0, +) / Double(f.y.count)
        #expect(fit.lossHistory[0].isApproximatelyEqual(to: olsMeanAbs, relativeTolerance: 1e-12))
        #expect(fit.objective < fit.lossHistory[0])
        #expect(fit.lossHistory.count == fit.iterations + 2)  // OLS start, each step, the vertex
    }

    @Test func withoutInterceptFitsThroughTheOrigin() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let y: [Double] = [2, 4, 6, 8, 10, 40]
        let fit = try RobustLinearRegression(loss: .leastAbsoluteDeviation, fitIntercept: false).fitDetails(feature: x, targets: y)
        #expect(fit.intercept == 0)
        #expect(fit.coefficients[0].isApproximatelyEqual(to: 2, relativeTolerance: 1e-12))
        #expect(fit.isExactVertex)
    }

    @Test func exactDataAndZeroScale() throws {
        // A perfect line: every residual 0, nothing to reweight.
        let perfect = try RobustLinearRegression().fitDetails(feature: [0, 1, 2, 3, 4], targets: [1, 3, 5, 7, 9])
        #expect(perfect.converged)
        #expect(perfect.weights == [1, 1, 1, 1, 1])
        #expect(perfect.coefficients[0].isApproximatelyEqual(to: 2, relativeTolerance: 1e-14))
        // Two groups (indicator columns, no intercept): OLS fits the four rows
        // of group 1 exactly, so more than half the residuals are 0, the MAD
        // is 0 and Huber weights cannot be formed (statsmodels warns and stops too).
        let groups = try Matrix(columns: [[1, 1, 1, 1, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1]])
        let fit = try RobustLinearRegression(fitIntercept: false).fitDetails(features: groups, targets: [4, 4, 4, 4, 0, 1, 5])
        #expect(fit.stopReason == .zeroScale)
        #expect(!fit.converged)
        #expect(fit.scale == 0)
        #expect(fit.coefficients[0] == 4)
        #expect(fit.coefficients[1].isApproximatelyEqual(to: 2, relativeTolerance: 1e-14))
    }

    @Test func nonConvergenceIsReportedNotThrown() throws {
        let f = try RobustFixture.load("contaminated")
        let fit = try RobustLinearRegression(maxIterations: 2).fitDetails(features: f.matrix, targets: f.y)
        #expect(!fit.converged)
        #expect(fit.stopReason == .maxIterations)
        #expect(fit.iterations == 2)
    }

    @Test func badInputThrowsTypedErrors() throws {
        let x: [Double] = [1, 2, 3, 4]
        let y: [Double] = [1, 2, 3, 5]
        #expect(throws: LossKitError.countMismatch(name: "x rows", count: 4, otherName: "y", otherCount: 3)) {
            try RobustLinearRegression().fitDetails(feature: x, targets: [1, 2, 3])
        }
        #expect(throws: LossKitError.nonFiniteValue(name: "y", row: 2, value: .infinity)) {
            try RobustLinearRegression().fitDetails(feature: x, targets: [1, 2, .infinity, 4])
        }
        #expect(throws: LossKitError.self) { try RobustLinearRegression().fitDetails(feature: [1, .nan, 3, 4], targets: y) }
        #expect(throws: LossKitError.invalidParameter(name: "k", value: "0.0", requirement: "Huber's tuning constant must be finite and > 0")) {
            try RobustLinearRegression(loss: .huber(k: 0)).fitDetails(feature: x, targets: y)
        }
        for tau in [0.0, 1.0, -0.5, 1.5, .nan] {
            #expect(throws: LossKitError.self) { try RobustLinearRegression(loss: .quantile(tau)).fitDetails(feature: x, targets: y) }
        }
        #expect(throws: LossKitError.self) { try RobustLinearRegression(scale: .fixed(-1)).fitDetails(feature: x, targets: y) }
        #expect(throws: LossKitError.self) { try RobustLinearRegression(tolerance: 0).fitDetails(feature: x, targets: y) }
        #expect(throws: LossKitError.self) { try RobustLinearRegression(maxIterations: 0).fitDetails(feature: x, targets: y) }
        #expect(throws: LossKitError.insufficientRows(rows: 2, parameters: 2)) {
            try RobustLinearRegression().fitDetails(feature: [1, 2], targets: [1, 2])
        }
        let collinear = try Matrix(columns: [x, x.map { 2 * $0 }])
        #expect(throws: LossKitError.self) { try RobustLinearRegression().fitDetails(features: collinear, targets: y) }
    }

    /// The progress handler sees every reweighting step and every pivot, in
    /// order, with the loss the history records; and it changes nothing.
    @Test(arguments: [RobustLoss.huber(), .leastAbsoluteDeviation, .quantile(0.8)])
    func progressReportsEveryStepAndPivot(loss: RobustLoss) throws {
        let f = try RobustFixture.load("contaminated")
        var steps: [RobustFitProgress] = []
        let fit = try RobustLinearRegression(loss: loss).fitDetails(features: f.matrix, targets: f.y) { steps.append($0) }
        let plain = try RobustLinearRegression(loss: loss).fitDetails(features: f.matrix, targets: f.y)
        #expect(fit.coefficients == plain.coefficients && fit.intercept == plain.intercept)
        let reweighting = steps.filter { $0.phase == .reweighting }
        #expect(reweighting.map(\.iterations) == Array(1...fit.iterations))
        // Step k's loss is history entry k (the vertex entries come after the
        // steps they follow, so compare by value).
        #expect(reweighting.allSatisfy { fit.lossHistory.contains($0.meanLoss) })
        let pivots = steps.filter { $0.phase == .vertexSearch }.map(\.vertexPivots)
        #expect(pivots == Array(stride(from: 1, through: fit.vertexPivots, by: 1)))
        if case .huber = loss { #expect(pivots.isEmpty) } else { #expect(fit.vertexPivots > 0) }
    }
}
