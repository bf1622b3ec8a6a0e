import Foundation
import LossKit
import Testing

/// One data set of Fixtures/svr/linear-*.json, written by
/// scripts/generate_linear_svr_fixtures.py from scikit-learn's `LinearSVR`.
struct LinearSVRFixture: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        let loss: String
        let dual: Bool
        let C: Double
        let epsilon: Double
        let interceptScaling: Double
        let weighted: Bool
        let coefficients: [Double]
        let intercept: Double
        /// `½(‖w‖² + (b/scaling)²) + C Σ sᵢ ℓ(rᵢ)` at scikit-learn's solution.
        let primalObjective: Double
        /// The L2-loss optimum with an unpenalized intercept (scipy L-BFGS-B); nil for the L1 loss.
        let unpenalizedObjective: Double?

        var testDescription: String {
            "\(loss) \(dual ? "dual" : "primal") C=\(C) ε=\(epsilon) scaling=\(interceptScaling)\(weighted ? " weighted" : "")"
        }

        var svrLoss: LinearSupportVectorRegression.Loss { loss == "l1" ? .epsilonInsensitive : .squaredEpsilonInsensitive }
        var solver: LinearSupportVectorRegression.Solver { dual ? .dualCoordinateDescent : .trustRegionNewton }

        /// The estimator with this case's settings, tight tolerance, a large iteration limit.
        func estimator(penalizeIntercept: Bool = true, solver: LinearSupportVectorRegression.Solver? = nil) -> LinearSupportVectorRegression {
            LinearSupportVectorRegression(loss: svrLoss, C: C, epsilon: epsilon, penalizeIntercept: penalizeIntercept,
                                          interceptScaling: interceptScaling, solver: solver ?? self.solver,
                                          tolerance: 1e-10, maxIterations: 1_000_000)
        }
    }

    let name: String
    let x: [[Double]]
    let y: [Double]
    let weights: [Double]
    let cases: [Case]

    static let names = ["small", "outliers"]

    static func load(_ name: String) throws -> LinearSVRFixture {
        guard let url = Bundle.module.url(forResource: "linear-\(name)", withExtension: "json", subdirectory: "Fixtures/svr") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/svr/linear-\(name).json"])
        }
        return try JSONDecoder().decode(LinearSVRFixture.self, from: Data(contentsOf: url))
    }

    /// Every (data set, case) pair, for `@Test(arguments:)`.
    static var allCases: [(String, Int)] {
        names.flatMap { name in (0..<((try? load(name))?.cases.count ?? 0)).map { (name, $0) } }
    }

    func data(for c: Case) throws -> RegressionData {
        try RegressionData(features: Matrix(rowMajor: x), targets: y, weights: c.weighted ? weights : nil)
    }
}
