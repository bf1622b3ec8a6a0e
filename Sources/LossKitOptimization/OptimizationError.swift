/// Errors from setting up an optimizer: a parameter outside its range. (A run
/// that does not converge or diverges is a result, not an error: see
/// `OptimizationStopReason`.)
public enum OptimizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `name` = `value` is not allowed: `requirement` says what is.
    case invalidParameter(name: String, value: String, requirement: String)
    /// The starting point's count is not the objective's dimension.
    case dimensionMismatch(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement): "\(name) = \(value): \(requirement)"
        case let .dimensionMismatch(expected, actual): "the starting point has \(actual) values; the objective has \(expected) parameters"
        }
    }
}
