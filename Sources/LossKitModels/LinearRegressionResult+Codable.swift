import LossKitData
import LossKitNumerics

/// The model file of a linear regression (docs/model-file-format.md):
/// header, `featureNames`, `fitIntercept`, `intercept`, `coefficients`,
/// `confidenceLevel`, `statistics` (the coefficient table) and `training`.
extension LinearRegressionResult: ModelFileRepresentable {
    public static let modelKind = "linear-regression"

    enum CodingKeys: String, CodingKey {
        case featureNames, fitIntercept, intercept, coefficients, confidenceLevel, statistics, training
    }

    struct Statistics: Codable {
        var intercept: RegressionCoefficient?
        var coefficients: [RegressionCoefficient]
    }

    public func encode(to encoder: Encoder) throws {
        try ModelFileHeader.encode(kind: Self.modelKind, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(featureNames, forKey: .featureNames)
        try c.encode(hasIntercept, forKey: .fitIntercept)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(coefficients, forKey: .coefficients)
        try c.encode(confidenceLevel, forKey: .confidenceLevel)
        try c.encode(Statistics(intercept: interceptStatistics, coefficients: coefficientStatistics), forKey: .statistics)
        try c.encode(training, forKey: .training)
    }

    public init(from decoder: Decoder) throws {
        try ModelFileHeader.check(kind: Self.modelKind, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let names = try c.decode([String].self, forKey: .featureNames)
        let fitIntercept = try c.decode(Bool.self, forKey: .fitIntercept)
        let intercept = try c.decode(Double.self, forKey: .intercept)
        let coefficients = try c.decode([Double].self, forKey: .coefficients)
        let statistics = try c.decode(Statistics.self, forKey: .statistics)
        guard coefficients.count == names.count, statistics.coefficients.count == names.count else {
            throw ModelFileError.invalidField(
                name: "coefficients", detail: "\(coefficients.count) coefficients and \(statistics.coefficients.count) table rows for \(names.count) features")
        }
        guard fitIntercept == (statistics.intercept != nil) else {
            throw ModelFileError.invalidField(name: "statistics.intercept", detail: "must be present exactly when fitIntercept is true")
        }
        var table = statistics.coefficients
        for j in table.indices { table[j].estimate = coefficients[j] }
        var interceptRow = statistics.intercept
        interceptRow?.estimate = intercept
        self.init(
            featureNames: names, interceptStatistics: interceptRow, coefficientStatistics: table,
            confidenceLevel: try c.decode(Double.self, forKey: .confidenceLevel),
            training: try c.decode(TrainingSummary.self, forKey: .training))
    }
}
