import LossKitData
import LossKitNumerics

/// Validated inputs of a linear regression `y ≈ b + X w`: the design matrix
/// `A = [1 | X]` (or `X` without intercept), column-major, and `y`.
///
/// Internal to the robust stage; it checks the inputs once so the solvers can
/// assume finite values and consistent shapes.
struct RegressionDesign: Sendable {
    let rows: Int
    let features: Int
    let fitIntercept: Bool
    /// `features + 1` with an intercept, `features` without.
    let parameters: Int
    /// `A`, `rows × parameters`, column-major; column 0 is all ones with an intercept.
    let storage: [Double]
    let y: [Double]

    /// - Throws: `LossKitError.countMismatch` (rows of `x` vs `y`),
    ///   `.nonFiniteValue` naming the array, row and column (0-based),
    ///   `.insufficientRows` when there are fewer than `parameters + minimumExtraRows` rows.
    init(x: Matrix, y: [Double], fitIntercept: Bool, minimumExtraRows: Int) throws {
        guard x.rows == y.count else {
            throw LossKitError.countMismatch(name: "x rows", count: x.rows, otherName: "y", otherCount: y.count)
        }
        let n = y.count, p = x.columns
        try ModelInput.checkTargets(y)
        let offset = fitIntercept ? 1 : 0
        var a = [Double](repeating: 1, count: n * (p + offset))
        try x.withUnsafeBufferPointer { xs in
            for j in 0..<p {
                for i in 0..<n {
                    let v = xs[i + j * n]
                    guard v.isFinite else {
                        throw LossKitError.nonFiniteValue(name: "x column \(j)", row: i, value: v)
                    }
                    a[i + (j + offset) * n] = v
                }
            }
        }
        guard p + offset > 0 else {
            throw LossKitError.invalidParameter(
                name: "x", value: "0 columns without intercept", requirement: "at least one parameter to fit")
        }
        guard n >= p + offset + minimumExtraRows else {
            throw LossKitError.insufficientRows(rows: n, parameters: p + offset)
        }
        rows = n
        features = p
        self.fitIntercept = fitIntercept
        parameters = p + offset
        storage = a
        self.y = y
    }

    /// `A` as a `Matrix`.
    var matrix: Matrix {
        Matrix(uncheckedRows: rows, columns: parameters, storage: storage)
    }

    /// `diag(√w)·A` for weighted least squares.
    func scaledRows(by sqrtWeights: [Double]) -> Matrix {
        var out = storage
        for j in 0..<parameters {
            let base = j * rows
            for i in 0..<rows { out[base + i] *= sqrtWeights[i] }
        }
        return Matrix(uncheckedRows: rows, columns: parameters, storage: out)
    }

    /// Row `i` of `A` (length `parameters`).
    func row(_ i: Int) -> [Double] {
        (0..<parameters).map { storage[i + $0 * rows] }
    }

    /// The residuals `y − A β`, accumulated column by column.
    func residuals(_ beta: [Double]) -> [Double] {
        var r = y
        storage.withUnsafeBufferPointer { a in
            r.withUnsafeMutableBufferPointer { rp in
                for j in 0..<parameters {
                    let b = beta[j]
                    if b == 0 { continue }
                    let base = j * rows
                    for i in 0..<rows { rp[i] -= a[base + i] * b }
                }
            }
        }
        return r
    }

    /// Whether `|rᵢ|` is at rounding level for row `i`: at most
    /// `8ε·(|yᵢ| + Σₖ|aᵢₖ βₖ|)`, the error of evaluating `yᵢ − aᵢβ` itself.
    func isRoundingLevel(_ residual: Double, row i: Int, beta: [Double]) -> Bool {
        var size = abs(y[i])
        for k in 0..<parameters { size += abs(storage[i + k * rows] * beta[k]) }
        return abs(residual) <= 8 * .ulpOfOne * size
    }

    /// Splits parameters into `(intercept, coefficients)`.
    func split(_ beta: [Double]) -> (intercept: Double, coefficients: [Double]) {
        fitIntercept ? (beta[0], Array(beta.dropFirst())) : (0, beta)
    }
}
