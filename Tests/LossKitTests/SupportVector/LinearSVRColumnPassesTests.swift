import Foundation
import Testing
@testable import LossKit
@testable import LossKitModels
import LossKitNumerics

/// The primal solvers' passes over the column-major design (one pass for the
/// residuals, loss and gradient; the Hessian–vector products by passes and
/// by the Gram matrix) against row-by-row sums written here, and the Newton
/// method with either Hessian form against scikit-learn's objective.
@Suite struct LinearSVRColumnPassesTests {
    /// Uniform(−1, 1) data from SplitMix64, y = 0.3 + Σ xⱼ·(j − p/2)/p + noise.
    static func problem(rows n: Int, features p: Int, loss: LinearSupportVectorRegression.Loss, epsilon: Double,
                        weighted: Bool = false, seed: UInt64 = 5) throws -> (LinearSVRProblem, [[Double]]) {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 * 2 - 1 }
        let x = (0..<n).map { _ in (0..<p).map { _ in uniform() } }
        let y = x.map { row in 0.3 + row.enumerated().reduce(0) { $0 + $1.1 * (Double($1.0) - Double(p) / 2) / Double(max(p, 1)) } + uniform() }
        let weights = weighted ? (0..<n).map { _ in 0.5 + uniform() * 0.4 } : nil
        let matrix = p == 0 ? Matrix(rows: n, columns: 0) : try Matrix(rowMajor: x)
        return (LinearSVRProblem(features: matrix, targets: y, weights: weights, c: 1.7, epsilon: epsilon, loss: loss,
                                 rowMajor: false), x)
    }

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double) -> Bool {
        let scale = max(1, b.reduce(0) { max($0, abs($1)) })
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * scale }
    }

    // 9000 × 50 crosses the two-part threshold (n·p ≥ 400 000); 40 × 0 has no features.
    @Test("one pass: residuals, loss, slopes, curvatures and Σ slope·x̃ as row-by-row sums",
          arguments: [(37, 5), (9000, 50), (40, 0), (700, 9)], [0.0, 0.2])
    func lossPassMatchesRowByRowSums(shape: (Int, Int), smoothing: Double) throws {
        let (n, p) = shape
        for kind in LinearSupportVectorRegression.Loss.allCases {
            let (problem, x) = try Self.problem(rows: n, features: p, loss: kind, epsilon: 0.15, weighted: n == 700)
            let w = (0..<p).map { 0.1 * Double($0 % 7) - 0.25 }
            let (v, bias, offset) = (0.4, 1.5, -0.2)
            let pass = problem.lossPass(w: w, v: v, bias: bias, offset: offset, smoothing: smoothing,
                                        derivatives: kind == .squaredEpsilonInsensitive || smoothing > 0)
            var loss = 0.0, sum = [Double](repeating: 0, count: p + 1)
            var slopes = [Double](repeating: 0, count: n), curvatures = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let r = problem.y[i] - offset - zip(x[i], w).reduce(0) { $0 + $1.0 * $1.1 } - bias * v
                #expect(abs(pass.residuals[i] - r) <= 1e-12 * max(1, abs(r)))
                let e = abs(r) - problem.epsilon, c = problem.cost[i], sign = r > 0 ? 1.0 : -1.0
                guard e > 0 else { continue }
                if problem.loss == .squaredEpsilonInsensitive {
                    loss += c * e * e; slopes[i] = 2 * c * e * sign; curvatures[i] = 2 * c
                } else if smoothing > 0 {
                    loss += e <= smoothing ? c * e * e / (2 * smoothing) : c * (e - smoothing / 2)
                    slopes[i] = c * min(e / smoothing, 1) * sign
                    curvatures[i] = e <= smoothing ? c / smoothing : 0
                } else {
                    loss += c * e
                }
                for j in 0..<p { sum[j] += slopes[i] * x[i][j] }
                sum[p] += slopes[i] * bias
            }
            #expect(abs(pass.loss - loss) <= 1e-11 * max(1, loss), "\(shape) \(problem.loss): \(pass.loss) vs \(loss)")
            if !pass.slopes.isEmpty {
                #expect(Self.close(pass.slopes, slopes, 1e-12) && Self.close(pass.curvatures, curvatures, 1e-12))
                #expect(Self.close(pass.slopeSum, sum, 1e-11), "\(shape) \(problem.loss)")
            } else {
                #expect(pass.slopeSum.isEmpty && pass.curvatures.isEmpty)
            }
        }
    }

    @Test("Hessian–vector products: the pass, the Gram matrix (built and updated) and row-by-row sums agree",
          arguments: [(60, 4), (9000, 50), (30, 0)])
    func curvatureProductsAgree(shape: (Int, Int)) throws {
        let (n, p) = shape
        let (problem, x) = try Self.problem(rows: n, features: p, loss: .squaredEpsilonInsensitive, epsilon: 0.3, weighted: true)
        let bias = 1.3
        let d = (0...p).map { Double(($0 * 5) % 11) / 7 - 0.6 }
        func rowByRow(_ curvatures: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: p + 1)
            for i in 0..<n where curvatures[i] != 0 {
                let t = curvatures[i] * (zip(x[i], d).reduce(0) { $0 + $1.0 * $1.1 } + bias * d[p])
                for j in 0..<p { out[j] += t * x[i][j] }
                out[p] += t * bias
            }
            return out
        }
        let first = problem.lossPass(w: [Double](repeating: 0.05, count: p), v: 0.1, bias: bias, offset: 0, smoothing: 0,
                                     derivatives: true).curvatures
        #expect(first.contains(0) && first.contains { $0 != 0 })
        let expected = rowByRow(first)
        #expect(Self.close(problem.curvatureTimes(d, curvatures: first, bias: bias), expected, 1e-11))
        let gram = LinearSVRGramHessian(problem: problem, bias: bias)
        gram.update(to: first)
        #expect(Self.close(gram.times(d), expected, 1e-11))
        // A few rows leave, a few enter, one changes its weight: updated, not rebuilt.
        var second = first
        for i in stride(from: 0, to: n, by: 7) { second[i] = second[i] == 0 ? 2 * problem.cost[i] : 0 }
        second[1] = 0.5
        gram.update(to: second)
        #expect(Self.close(gram.times(d), rowByRow(second), 1e-10))
        // Every row changes: rebuilt.
        let third = second.map { $0 == 0 ? 1.25 : 0 }
        gram.update(to: third)
        #expect(Self.close(gram.times(d), rowByRow(third), 1e-10))
        #expect(Self.close(problem.transposeTimes(third), (0..<p).map { j in (0..<n).reduce(0) { $0 + third[$1] * x[$1][j] } },
                           1e-11))
    }

    @Test("L2 loss, penalized intercept: Newton with either Hessian form reaches scikit-learn's objective to 1e-6",
          arguments: LinearSVRFixture.allCases)
    func bothHessianFormsMatchScikitLearn(name: String, index: Int) throws {
        let f = try LinearSVRFixture.load(name)
        let c = f.cases[index]
        guard c.loss == "l2" else { return }
        let problem = LinearSVRProblem(features: try Matrix(rowMajor: f.x), targets: f.y, weights: c.weighted ? f.weights : nil,
                                       c: c.C, epsilon: c.epsilon, loss: c.svrLoss, rowMajor: false)
        for form in [LinearSVRTrustRegionNewton.HessianForm.gram, .products] {
            let newton = LinearSVRTrustRegionNewton(problem: problem, bias: c.interceptScaling, regularizeBias: true,
                                                    hessian: form)
            let result = newton.solve(tolerance: 1e-10, maxIterations: 1000)
            #expect(result.converged)
            let ours = LinearSupportVectorRegressionTests.objective(f, c, coefficients: result.w,
                                                                    intercept: c.interceptScaling * result.v, penalized: true)
            #expect(abs(ours - c.primalObjective) <= 1e-6 * c.primalObjective, "\(c) \(form): \(ours) vs \(c.primalObjective)")
        }
    }

    @Test("more unknowns than the Gram limit: Newton (Hessian by passes) is stationary and agrees with the Gram form")
    func manyFeaturesNewtonIsStationary() throws {
        let p = LinearSVRTrustRegionNewton.gramDimensionLimit + 12
        let (_, x) = try Self.problem(rows: 400, features: p, loss: .squaredEpsilonInsensitive, epsilon: 0.1)
        var rng = SplitMix64(seed: 11)
        let y = x.map { $0[0] - 0.5 * $0[3] + Double(rng.next() >> 11) * 0x1p-53 }
        let data = try RegressionData(features: Matrix(rowMajor: x), targets: y)
        let (cost, epsilon) = (0.5, 0.1)
        for penalized in [true, false] {
            let settings = LinearSupportVectorRegression(loss: .squaredEpsilonInsensitive, C: cost, epsilon: epsilon,
                                                         penalizeIntercept: penalized, tolerance: 1e-10)
            #expect(settings.resolvedSolver(rows: 400, features: p) == .trustRegionNewton)
            let model = try settings.fit(data)
            #expect(model.converged)
            // ∇P = (w, [penalized] b) − Σ 2C sign(r)(|r| − ε)₊ (x, 1), summed here row by row, relative
            // to its size at w = 0, b = 0 (the stopping rule's reference).
            func gradient(_ w: [Double], _ b: Double) -> [Double] {
                var g = w + [penalized ? b : 0]
                for i in 0..<x.count {
                    let r = y[i] - b - zip(x[i], w).reduce(0) { $0 + $1.0 * $1.1 }
                    let e = abs(r) - epsilon
                    guard e > 0 else { continue }
                    let slope = 2 * cost * e * (r > 0 ? 1 : -1)
                    for j in 0..<p { g[j] -= slope * x[i][j] }
                    g[p] -= slope
                }
                return g.map(abs)
            }
            let reference = gradient([Double](repeating: 0, count: p), 0).reduce(0) { $0 + $1 * $1 }.squareRoot()
            let largest = gradient(model.coefficients, model.intercept).max() ?? .nan
            #expect(largest <= 1e-8 * reference, "penalized \(penalized): \(largest) vs ‖∇P(0)‖ = \(reference)")
            // The same problem with the Gram matrix forced.
            let problem = LinearSVRProblem(features: data.features, targets: y, weights: nil, c: cost, epsilon: epsilon,
                                           loss: .squaredEpsilonInsensitive, rowMajor: false)
            let gram = LinearSVRTrustRegionNewton(problem: problem, bias: 1, regularizeBias: penalized, hessian: .gram)
                .solve(tolerance: 1e-10, maxIterations: 1000)
            let objective = problem.primalObjective(w: gram.w, v: gram.v, residuals: gram.residuals, regularizeBias: penalized)
            #expect(gram.converged && abs(objective - model.primalObjective) <= 1e-10 * objective)
        }
    }
}

extension LinearSVRColumnPassesTests {
    @Test("a problem built for the primal solvers still solves by the dual (its row-major copy made then)")
    func dualOnAPrimalProblem() throws {
        let f = try LinearSVRFixture.load("small")
        let svr = LinearSupportVectorRegression(loss: .squaredEpsilonInsensitive, C: 1, epsilon: 0.1,
                                                solver: .dualCoordinateDescent, tolerance: 1e-8)
        let problem = LinearSVRProblem(features: try Matrix(rowMajor: f.x), targets: f.y, weights: nil, c: 1, epsilon: 0.1,
                                       loss: .squaredEpsilonInsensitive, rowMajor: false)
        #expect(problem.x.isEmpty)
        let solution = svr.solve(problem, progress: nil)
        let model = try svr.fit(RegressionData(features: Matrix(rowMajor: f.x), targets: f.y))
        #expect(solution.coefficients == model.coefficients && solution.intercept == model.intercept)
    }
}
