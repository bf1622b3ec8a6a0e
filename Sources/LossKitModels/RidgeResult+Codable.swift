import LossKitData
import LossKitNumerics

/// The model file of a ridge fit (docs/model-file-format.md): header,
/// `alpha`, `featureNames`, `fitIntercept`, `intercept`, `coefficients`, `training`.
extension RidgeResult: ModelFileRepresentable {
    public static let modelKind = "ridge"

    enum CodingKeys: String, CodingKey { case alpha, featureNames, fitIntercept, intercept, coefficients, training }

    struct Training: Codable {
        var observationCount: Int
        var totalWeight: Double
        var weighted: Bool
        var residualSumOfSquares: Double
        var rSquared: Double
        var effectiveDegreesOfFreedom: Double
        var rank: Int
        var conditionNumber: Double
        var solver: LeastSquaresSolver
    }

    public func encode(to encoder: Encoder) throws {
        try ModelFileHeader.encode(kind: Self.modelKind, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(featureNames, forKey: .featureNames)
        try c.encode(fitIntercept, forKey: .fitIntercept)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(coefficients, forKey: .coefficients)
        try c.encode(Training(
            observationCount: observationCount, totalWeight: totalWeight, weighted: weighted,
            residualSumOfSquares: residualSumOfSquares, rSquared: rSquared,
            effectiveDegreesOfFreedom: effectiveDegreesOfFreedom, rank: rank, conditionNumber: conditionNumber,
            solver: .svd), forKey: .training)
    }

    public init(from decoder: Decoder) throws {
        try ModelFileHeader.check(kind: Self.modelKind, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let names = try c.decode([String].self, forKey: .featureNames)
        let coefficients = try c.decode([Double].self, forKey: .coefficients)
        guard coefficients.count == names.count else {
            throw ModelFileError.invalidField(name: "coefficients", detail: "\(coefficients.count) values for \(names.count) features")
        }
        let alpha = try c.decode(Double.self, forKey: .alpha)
        guard alpha >= 0, alpha.isFinite else { throw ModelFileError.invalidField(name: "alpha", detail: "must be finite and >= 0") }
        let t = try c.decode(Training.self, forKey: .training)
        self.init(alpha: alpha, featureNames: names, fitIntercept: try c.decode(Bool.self, forKey: .fitIntercept),
                  intercept: try c.decode(Double.self, forKey: .intercept), coefficients: coefficients,
                  observationCount: t.observationCount, totalWeight: t.totalWeight, weighted: t.weighted,
                  residualSumOfSquares: t.residualSumOfSquares, rSquared: t.rSquared,
                  effectiveDegreesOfFreedom: t.effectiveDegreesOfFreedom, rank: t.rank, conditionNumber: t.conditionNumber)
    }
}
