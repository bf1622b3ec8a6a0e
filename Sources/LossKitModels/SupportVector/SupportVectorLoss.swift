/// The loss a support-vector regression puts on a residual beyond the ε tube,
/// one type for the linear (LIBLINEAR-style) and the kernel (libsvm-style)
/// solvers: `--svr-loss l1|l2` means the same for both.
public enum SupportVectorLoss: String, Sendable, CaseIterable, Codable {
    /// `max(0, |r| − ε)`: libsvm's ε-SVR, scikit-learn's `"epsilon_insensitive"`,
    /// LIBLINEAR's L1-loss SVR.
    case epsilonInsensitive = "l1"
    /// `max(0, |r| − ε)²`: scikit-learn's `"squared_epsilon_insensitive"`,
    /// LIBLINEAR's L2-loss SVR.
    case squaredEpsilonInsensitive = "l2"
}
