import LossKitData
import LossKitNumerics

/// Input checks shared by the model fits: every rule throws a `LossKitError`
/// that names the offending argument, row (0-based) and column.
enum ModelInput {
    /// Every target finite.
    static func checkTargets(_ y: [Double], name: String = "y") throws {
        for (i, v) in y.enumerated() where !v.isFinite {
            throw LossKitError.nonFiniteValue(name: name, row: i, value: v)
        }
    }

    /// Weights: as many as rows, each finite and strictly positive (a zero
    /// weight would silently drop a row and change n and the degrees of
    /// freedom; remove such rows instead).
    static func checkWeights(_ w: [Double]?, rows: Int) throws {
        guard let w else { return }
        guard w.count == rows else {
            throw LossKitError.countMismatch(name: "sampleWeights", count: w.count, otherName: "rows", otherCount: rows)
        }
        for (i, v) in w.enumerated() where !(v > 0) || !v.isFinite {
            throw LossKitError.invalidWeight(index: i, value: v)
        }
    }

    static func checkLevel(_ level: Double) throws {
        guard level > 0, level < 1 else {
            throw LossKitError.invalidParameter(
                name: "confidenceLevel", value: "\(level)", requirement: "must satisfy 0 < level < 1")
        }
    }

    /// More rows than parameters (`n > p`), so the residual variance is defined.
    static func checkRows(_ n: Int, parameters: Int) throws {
        guard n > parameters else { throw LossKitError.insufficientRows(rows: n, parameters: parameters) }
    }
}
