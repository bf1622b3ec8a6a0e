/// A smooth (or subdifferentiable) objective `f: ℝᵖ → ℝ` that the full-batch
/// optimizers minimize: gradient descent, Nesterov, L-BFGS and Newton.
///
/// ```swift
/// struct Quadratic: DifferentiableObjective {
///     let scale: [Double]
///     var dimension: Int { scale.count }
///     func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
///         var f = 0.0
///         for i in x.indices { f += 0.5 * scale[i] * x[i] * x[i]; gradient[i] = scale[i] * x[i] }
///         return f
///     }
/// }
/// let result = LBFGS().minimize(Quadratic(scale: [1, 100]), from: [1, 1])
/// ```
///
/// **Contract.** `valueAndGradient` returns `f(x)` and writes `∇f(x)` into
/// `gradient`, whose count the caller has set to `dimension` (a conformer
/// must not resize it: the optimizers reuse one buffer, so an evaluation
/// allocates nothing). At a kink the gradient is a documented subgradient.
/// A non-finite value (NaN, ±∞) is allowed: the optimizers treat it as
/// "this point is outside the domain or the run diverged" — a line search
/// backs off, a fixed-step method stops with `.diverged` and keeps the last
/// finite iterate. Objectives do not throw: validate data before building one.
///
/// The second-order members are optional; the defaults return `false` /
/// `nil`, and Newton's method falls back to what is available.
public protocol DifferentiableObjective {
    /// The number of parameters p.
    var dimension: Int { get }

    /// `f(x)`, and `∇f(x)` written into `gradient` (`gradient.count == dimension`).
    func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double

    /// `f(x)` alone. The default calls `valueAndGradient` with a scratch buffer;
    /// conform when the value is much cheaper than the gradient (line searches
    /// call it).
    func value(at x: [Double]) -> Double

    /// `H(x)·v` written into `product`; returns `false` when the objective
    /// does not provide Hessian-vector products (the default).
    func hessianVectorProduct(at x: [Double], vector v: [Double], product: inout [Double]) -> Bool

    /// The dense Hessian `H(x)`, column-major `p × p`, for Newton's method at
    /// small p; `nil` when not provided (the default).
    func hessian(at x: [Double]) -> [Double]?
}

extension DifferentiableObjective {
    public func value(at x: [Double]) -> Double {
        var scratch = [Double](repeating: 0, count: dimension)
        return valueAndGradient(at: x, gradient: &scratch)
    }

    public func hessianVectorProduct(at x: [Double], vector v: [Double], product: inout [Double]) -> Bool { false }

    public func hessian(at x: [Double]) -> [Double]? { nil }
}
