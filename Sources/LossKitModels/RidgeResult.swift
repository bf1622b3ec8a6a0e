import LossKitData
import LossKitNumerics

/// A fitted ridge regression for one α. Codable as a LossKit model file
/// (`"kind": "ridge"`).
public struct RidgeResult: Sendable, Equatable {
    public var alpha: Double
    public var featureNames: [String]
    public var fitIntercept: Bool
    /// `b₀` (0 without an intercept); not penalized.
    public var intercept: Double
    public var coefficients: [Double]
    public var observationCount: Int
    /// `Σ wᵢ` (n without weights).
    public var totalWeight: Double
    public var weighted: Bool
    /// `Σ wᵢ rᵢ²` on the training data (the penalty not included).
    public var residualSumOfSquares: Double
    /// `1 − RSS/TSS`, centered with an intercept, uncentered without.
    public var rSquared: Double
    /// `Σ sₖ²/(sₖ² + α)`: the trace of the slopes' hat matrix.
    public var effectiveDegreesOfFreedom: Double
    /// Numerical rank of the centered design.
    public var rank: Int
    /// `s₀/s_min` of the centered, √w-scaled design (not column-scaled; +∞ when singular).
    public var conditionNumber: Double

    /// `ŷ = b₀ + Xβ`; bit-identical after a model-file round trip.
    /// - Throws: `LossKitError.shapeMismatch` for the wrong number of columns.
    /// - Complexity: O(n·p).
    public func predict(_ x: Matrix) throws -> [Double] {
        try linearPrediction(x, coefficients: coefficients, intercept: intercept)
    }
}
