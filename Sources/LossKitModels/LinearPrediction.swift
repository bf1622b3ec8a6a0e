import LossKitData
import LossKitNumerics

/// `ŷ = b + X·w`, the prediction of every linear model, with the column check
/// shared by their `predict` methods.
/// - Throws: `LossKitError.shapeMismatch` when `x` has the wrong number of columns.
/// - Complexity: O(n·p).
func linearPrediction(_ x: Matrix, coefficients: [Double], intercept: Double) throws -> [Double] {
    guard x.columns == coefficients.count else {
        throw LossKitError.shapeMismatch(
            name: "x", expected: "\(coefficients.count) columns", actual: "\(x.rows) × \(x.columns)")
    }
    var out = try x.times(coefficients)
    for i in out.indices { out[i] += intercept }
    return out
}
