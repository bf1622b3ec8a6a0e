import LossKitData
import LossKitNumerics

/// The model file of a polynomial regression (docs/model-file-format.md):
/// header, `degree`, `scaling` (`center`, `halfRange`), `scaledCoefficients`
/// (what `predict` evaluates), `intercept` and `coefficients` on raw powers,
/// `confidenceLevel`, `statistics`, `training`.
extension PolynomialRegressionResult: ModelFileRepresentable {
    public static let modelKind = "polynomial-regression"

    enum CodingKeys: String, CodingKey {
        case degree, scaling, scaledCoefficients, featureNames, intercept, coefficients, confidenceLevel, statistics, training
    }
    struct Scaling: Codable { var center: Double; var halfRange: Double }

    public func encode(to encoder: Encoder) throws {
        try ModelFileHeader.encode(kind: Self.modelKind, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(degree, forKey: .degree)
        try c.encode(Scaling(center: center, halfRange: halfRange), forKey: .scaling)
        try c.encode(scaledCoefficients, forKey: .scaledCoefficients)
        try c.encode(coefficientStatistics.map(\.name), forKey: .featureNames)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(coefficients, forKey: .coefficients)
        try c.encode(confidenceLevel, forKey: .confidenceLevel)
        try c.encode(LinearRegressionResult.Statistics(intercept: interceptStatistics, coefficients: coefficientStatistics),
                     forKey: .statistics)
        try c.encode(training, forKey: .training)
    }

    public init(from decoder: Decoder) throws {
        try ModelFileHeader.check(kind: Self.modelKind, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let degree = try c.decode(Int.self, forKey: .degree)
        let scaling = try c.decode(Scaling.self, forKey: .scaling)
        let scaled = try c.decode([Double].self, forKey: .scaledCoefficients)
        let statistics = try c.decode(LinearRegressionResult.Statistics.self, forKey: .statistics)
        guard degree >= 0, scaled.count == degree + 1, statistics.coefficients.count == degree else {
            throw ModelFileError.invalidField(name: "scaledCoefficients", detail: "degree \(degree) needs \(degree + 1) coefficients")
        }
        guard scaling.halfRange > 0, scaling.halfRange.isFinite, scaling.center.isFinite else {
            throw ModelFileError.invalidField(name: "scaling", detail: "halfRange must be finite and > 0, center finite")
        }
        guard let interceptRow = statistics.intercept else {
            throw ModelFileError.invalidField(name: "statistics.intercept", detail: "missing")
        }
        self.init(degree: degree, center: scaling.center, halfRange: scaling.halfRange, scaledCoefficients: scaled,
                  interceptStatistics: interceptRow, coefficientStatistics: statistics.coefficients,
                  confidenceLevel: try c.decode(Double.self, forKey: .confidenceLevel),
                  training: try c.decode(TrainingSummary.self, forKey: .training))
    }
}
