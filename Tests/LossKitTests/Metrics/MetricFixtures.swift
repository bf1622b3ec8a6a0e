import Foundation
import Testing

/// The scikit-learn reference values written by
/// scripts/generate_metric_fixtures.py (Fixtures/metrics/sklearn_regression_metrics.json).
struct MetricFixtures: Decodable {
    struct Versions: Decodable {
        let numpy: String
        let scikitLearn: String
        enum CodingKeys: String, CodingKey {
            case numpy
            case scikitLearn = "scikit-learn"
        }
    }

    /// A JSON number, or one of the strings "nan", "inf", "-inf".
    struct Number: Decodable {
        let value: Double
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
                return
            }
            switch try container.decode(String.self) {
            case "nan": value = .nan
            case "inf": value = .infinity
            case "-inf": value = -.infinity
            case let other:
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(other)")
            }
        }
    }

    struct Scores: Decodable {
        let rawValues: [Number]
        let uniformAverage: Number
        let varianceWeighted: Number?
        enum CodingKeys: String, CodingKey {
            case rawValues = "raw_values"
            case uniformAverage = "uniform_average"
            case varianceWeighted = "variance_weighted"
        }
    }

    struct PinballScores: Decodable {
        let alpha: Double
        let rawValues: [Number]
        let uniformAverage: Number
        enum CodingKeys: String, CodingKey {
            case alpha
            case rawValues = "raw_values"
            case uniformAverage = "uniform_average"
        }
    }

    struct Expected: Decodable {
        let mse, rmse, mae, mape, r2, explainedVariance: Scores
        let medianAbsoluteError, r2NotForced, explainedVarianceNotForced: Scores
        let pooledRmse: Number
        let meanPinballLoss: [PinballScores]
        let maxError: Number?
        enum CodingKeys: String, CodingKey {
            case mse, rmse, mae, mape, r2
            case explainedVariance = "explained_variance"
            case medianAbsoluteError = "median_absolute_error"
            case r2NotForced = "r2_not_forced"
            case explainedVarianceNotForced = "explained_variance_not_forced"
            case pooledRmse = "pooled_rmse"
            case meanPinballLoss = "mean_pinball_loss"
            case maxError = "max_error"
        }
    }

    /// Values from exact rational arithmetic, rounded once to Double.
    struct Exact: Decodable {
        let mse, rmse, mae, mape, r2, explainedVariance: [Number]
        let meanPinballLoss: [String: [Number]]
        enum CodingKeys: String, CodingKey {
            case mse, rmse, mae, mape, r2
            case explainedVariance = "explained_variance"
            case meanPinballLoss = "mean_pinball_loss"
        }
    }

    struct Case: Decodable {
        let name: String
        let exact: Exact
        let targets: [[Number]]
        let predictions: [[Number]]
        let sampleWeights: [Number]?
        let expected: Expected
        enum CodingKeys: String, CodingKey {
            case name, targets, predictions, expected, exact
            case sampleWeights = "sample_weights"
        }

        var targetColumns: [[Double]] { targets.map { $0.map(\.value) } }
        var predictionColumns: [[Double]] { predictions.map { $0.map(\.value) } }
        var weights: [Double]? { sampleWeights?.map(\.value) }
    }

    let generatedBy: String
    let versions: Versions
    let cases: [Case]
    enum CodingKeys: String, CodingKey {
        case generatedBy = "generated_by"
        case versions, cases
    }

    static func load() throws -> MetricFixtures {
        let url = try #require(
            Bundle.module.url(
                forResource: "sklearn_regression_metrics", withExtension: "json", subdirectory: "Fixtures/metrics"))
        return try JSONDecoder().decode(MetricFixtures.self, from: Data(contentsOf: url))
    }

    /// The case names, for `@Test(arguments:)` (empty if the file cannot be read,
    /// which `fixturesLoad` then reports).
    static let caseNames: [String] = (try? load().cases.map(\.name)) ?? []

    static func `case`(named name: String) throws -> Case {
        try #require(try load().cases.first { $0.name == name })
    }
}

/// `actual` equals `expected` to `relativeTolerance`; NaN matches NaN, ±∞ must
/// match exactly, and an expected 0 must be exactly 0.
func expectClose(
    _ actual: Double, _ expected: Double, relativeTolerance: Double = 1e-12, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    if expected.isNaN {
        #expect(actual.isNaN, "\(label): expected NaN, got \(actual)", sourceLocation: sourceLocation)
    } else if !expected.isFinite || expected == 0 {
        #expect(actual == expected, "\(label): expected \(expected), got \(actual)", sourceLocation: sourceLocation)
    } else {
        let error = abs(actual - expected) / abs(expected)
        #expect(
            error <= relativeTolerance,
            "\(label): expected \(expected), got \(actual) (relative error \(error))", sourceLocation: sourceLocation)
    }
}
