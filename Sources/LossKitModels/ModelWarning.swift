import LossKitData
import LossKitNumerics

/// Something about a fit that the caller should know but that did not stop it.
/// Results carry these instead of trapping or throwing.
public enum ModelWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The design (intercept included) has numerical rank `rank` < `parameters`.
    /// The coefficients are the minimum-norm solution; the features listed are
    /// the ones the pivoted QR found dependent on the others.
    case rankDeficient(rank: Int, parameters: Int, dependentFeatures: [String])
    /// A feature is constant; with an intercept it is collinear with it (its
    /// coefficient is 0 and its standard error 0).
    case constantFeature(name: String)
    /// The fit is exact (residual sum of squares 0): standard errors are 0 and
    /// t statistics infinite.
    case exactFit
    /// The scaled design's condition number exceeds 1e10: coefficients are
    /// sensitive to the data's last digits, whatever the solver.
    case illConditioned(conditionNumber: Double)
    /// Iterative refinement stopped after `steps` steps without its correction
    /// shrinking below ε relative; the solution is the best iterate.
    case refinementDidNotConverge(steps: Int)
    /// The fit was computed in scaled units (`Equilibration`) without trouble,
    /// but these quantities overflow Double in the data's own units and are
    /// reported as ±∞ (the answer itself is outside Double's range).
    case notRepresentable(quantities: [String])

    public var description: String {
        switch self {
        case let .rankDeficient(rank, parameters, features):
            return "rank-deficient design: rank \(rank) < \(parameters) parameters (dependent: \(features.joined(separator: ", "))); minimum-norm solution returned"
        case let .constantFeature(name):
            return "feature \(name) is constant; it is collinear with the intercept and gets coefficient 0"
        case .exactFit:
            return "exact fit: the residual sum of squares is 0, so standard errors are 0"
        case let .illConditioned(c):
            return "ill-conditioned design (condition number \(c) of the centered, column-scaled design)"
        case let .refinementDidNotConverge(steps):
            return "iterative refinement did not converge in \(steps) steps"
        case let .notRepresentable(quantities):
            return "not representable in Double in the data's units (reported as infinite): \(quantities.joined(separator: ", "))"
        }
    }
}
