import Foundation
import LossKit
import RealModule

/// The reference values written by `scripts/generate_loss_fixtures.py`
/// (PyTorch, scikit-learn, mpmath), loaded from the test bundle.
struct LossFixtures: Decodable {
    struct Case: Decodable {
        var loss: String
        var parameters: [String: Double]
        var source: String
        var values: [Double]
        var derivatives: [Double]
        var sum: Double
        var mean: Double
        var weighted_sum: Double
        var weighted_mean: Double
        var gradient_sum: [Double]
        var gradient_mean: [Double]
        var gradient_weighted_sum: [Double]
        var gradient_weighted_mean: [Double]
        var sklearn_mean: Double?
        var sklearn_weighted_mean: Double?

        /// `huber(delta=1.0)` style key, used as the test argument.
        var key: String {
            parameters.isEmpty ? loss
                : loss + "(" + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + ")"
        }

        func makeLoss() throws -> AnyRegressionLoss {
            var p = LossCatalog.Parameters()
            if let d = parameters["delta"] { p.delta = d }
            if let b = parameters["beta"] { p.beta = b }
            if let q = parameters["quantile"] { p.quantile = q }
            if let e = parameters["epsilon"] { p.epsilon = e }
            return try LossCatalog.loss(named: loss, p)
        }
    }

    var generated_by: String
    var predictions: [Double]
    var targets: [Double]
    var weights: [Double]
    var cases: [Case]

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static func load() throws -> LossFixtures {
        guard let url = Bundle.module.url(forResource: "losses", withExtension: "json", subdirectory: "Fixtures/losses")
        else { throw Missing(description: "Fixtures/losses/losses.json is not in the test bundle") }
        return try JSONDecoder().decode(LossFixtures.self, from: Data(contentsOf: url))
    }

    func `case`(_ key: String) throws -> Case {
        guard let c = cases.first(where: { $0.key == key }) else {
            throw Missing(description: "no fixture case \(key); have \(cases.map(\.key))")
        }
        return c
    }

    /// The case keys the parity tests run over (checked against the file).
    static let keys = [
        "squared_error", "absolute_error", "huber(delta=1.0)", "huber(delta=0.25)",
        "smooth_l1(beta=0.5)", "smooth_l1(beta=0.0)", "log_cosh", "pinball(quantile=0.3)",
        "pinball(quantile=0.9)", "epsilon_insensitive(epsilon=0.25)",
        "squared_epsilon_insensitive(epsilon=0.25)",
    ]
}

/// The two precisions every numerical test runs in, with the accuracy promised.
enum Precision: String, CaseIterable, CustomStringConvertible, Sendable {
    case float, double
    var description: String { rawValue }

    /// Relative tolerance against a float64 reference: a few Double ulps
    /// (1e-12, the brief's promise) or a few Float ulps (Float arithmetic per element).
    var relativeTolerance: Double { self == .double ? 1e-12 : 2e-6 }
}

/// `actual ≈ expected` elementwise within `relative` of each value, or of
/// `relative · max|expected|` for values near zero (gradients cross zero).
func approximatelyEqual(_ actual: [Double], _ expected: [Double], relative: Double) -> Bool {
    guard actual.count == expected.count else { return false }
    let scale = expected.map { abs($0) }.max() ?? 0
    return zip(actual, expected).allSatisfy { a, e in
        a.isApproximatelyEqual(to: e, absoluteTolerance: relative * scale, relativeTolerance: relative)
    }
}

/// The first index where two arrays disagree (for failure messages).
func firstMismatch(_ actual: [Double], _ expected: [Double], relative: Double) -> String {
    let scale = expected.map { abs($0) }.max() ?? 0
    for (i, (a, e)) in zip(actual, expected).enumerated()
    where !a.isApproximatelyEqual(to: e, absoluteTolerance: relative * scale, relativeTolerance: relative) {
        return "index \(i): got \(a), expected \(e)"
    }
    return actual.count == expected.count ? "none" : "counts \(actual.count) vs \(expected.count)"
}
