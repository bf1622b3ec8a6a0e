/// The errors LossKit's library APIs throw for bad input.
///
/// Every case names what the caller has to fix: the parameter, the row, the
/// column. Library code never traps on user data; it throws one of these (or a
/// more specific error type of its own stage, such as the data readers' errors,
/// which also conform to `LocalizedError`-style `description`).
///
/// Rows and indices in messages are **1-based for data rows** (as a person
/// counts lines of a file, header excluded) and **0-based for array indices**
/// (as Swift counts); each message says which one it uses.
public enum LossKitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two inputs that must have the same number of elements do not.
    /// Example: `predictions` has 5 values but `targets` has 4.
    case countMismatch(name: String, count: Int, otherName: String, otherCount: Int)
    /// An input that needs at least `minimum` elements has fewer.
    case tooFewValues(name: String, count: Int, minimum: Int)
    /// A scalar parameter is out of its domain, e.g. `delta` must be > 0.
    case invalidParameter(name: String, value: String, requirement: String)
    /// A sample weight is negative, NaN or infinite (0-based index).
    case invalidWeight(index: Int, value: Double)
    /// All sample weights are zero, so a weighted mean is undefined.
    case zeroTotalWeight
    /// A value that must be finite is NaN or infinite.
    /// `row` is 0-based in arrays, and 1-based data rows when `column` names a file column.
    case nonFiniteValue(name: String, row: Int, value: Double)
    /// A model needs more rows than it was given (e.g. n < p without regularization).
    case insufficientRows(rows: Int, parameters: Int)
    /// A matrix that must be positive definite or nonsingular is not.
    case singularMatrix(name: String, detail: String)
    /// A shape problem in a matrix argument.
    case shapeMismatch(name: String, expected: String, actual: String)
    /// An estimator cannot honour an input or option (e.g. sample weights);
    /// `reason` says why and what to do instead.
    case unsupported(name: String, model: String, reason: String)

    public var description: String {
        switch self {
        case let .countMismatch(name, count, otherName, otherCount):
            return "\(name) has \(count) values but \(otherName) has \(otherCount); they must have the same count"
        case let .tooFewValues(name, count, minimum):
            return "\(name) has \(count) values; at least \(minimum) are needed"
        case let .invalidParameter(name, value, requirement):
            return "invalid \(name) = \(value): \(requirement)"
        case let .invalidWeight(index, value):
            return "sample weight at index \(index) is \(value); weights must be finite and >= 0"
        case .zeroTotalWeight:
            return "the sample weights sum to zero; at least one weight must be positive"
        case let .nonFiniteValue(name, row, value):
            return "\(name) at row \(row) is \(value); a finite number is required"
        case let .insufficientRows(rows, parameters):
            return "\(rows) rows are too few to estimate \(parameters) parameters"
        case let .singularMatrix(name, detail):
            return "\(name) is singular: \(detail)"
        case let .shapeMismatch(name, expected, actual):
            return "\(name) has shape \(actual) but \(expected) is required"
        case let .unsupported(name, model, reason):
            return "\(model) does not support \(name): \(reason)"
        }
    }
}
