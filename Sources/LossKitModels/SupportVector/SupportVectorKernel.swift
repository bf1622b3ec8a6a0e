import CLossKitKernels
import Dispatch
import Foundation
import LossKitData
import LossKitNumerics

/// The kernel `k(a, b)` of a kernel support-vector model, with libsvm's and
/// scikit-learn's definitions:
///
/// | kernel | `k(a, b)` |
/// |---|---|
/// | `linear` | `a·b` |
/// | `polynomial(degree: d, gamma: γ, coef0: r)` | `(γ a·b + r)^d` |
/// | `rbf(gamma: γ)` | `exp(−γ ‖a − b‖²)` |
/// | `sigmoid(gamma: γ, coef0: r)` | `tanh(γ a·b + r)` |
///
/// γ is a `KernelGamma`: a number, or scikit-learn's `scale` (`1/(p·Var(X))`)
/// or `auto` (`1/p`), resolved from the training data by `resolved(for:)`.
public enum SupportVectorKernel: Sendable, Equatable {
    case linear
    case polynomial(degree: Int, gamma: KernelGamma, coef0: Double)
    case rbf(gamma: KernelGamma)
    case sigmoid(gamma: KernelGamma, coef0: Double)

    /// `linear`, `poly`, `rbf` or `sigmoid`: the names `losskit fit --kernel` and model files use.
    public var name: String {
        switch self {
        case .linear: return "linear"
        case .polynomial: return "poly"
        case .rbf: return "rbf"
        case .sigmoid: return "sigmoid"
        }
    }

    /// γ as given (nil for the linear kernel).
    public var gamma: KernelGamma? {
        switch self {
        case .linear: return nil
        case let .polynomial(_, gamma, _), let .rbf(gamma), let .sigmoid(gamma, _): return gamma
        }
    }

    /// Checks γ > 0 (finite), degree ≥ 1 and a finite `coef0`.
    /// - Throws: `LossKitError.invalidParameter` naming `gamma`, `degree` or `coef0`.
    public func validate() throws {
        if case let .value(g)? = gamma, !(g > 0 && g.isFinite) {
            throw LossKitError.invalidParameter(name: "gamma", value: "\(g)", requirement: "must be a finite number > 0, or scale or auto")
        }
        switch self {
        case let .polynomial(degree, _, coef0):
            if degree < 1 { throw LossKitError.invalidParameter(name: "degree", value: "\(degree)", requirement: "the kernel degree must be at least 1") }
            if !coef0.isFinite { throw LossKitError.invalidParameter(name: "coef0", value: "\(coef0)", requirement: "must be finite") }
        case let .sigmoid(_, coef0):
            if !coef0.isFinite { throw LossKitError.invalidParameter(name: "coef0", value: "\(coef0)", requirement: "must be finite") }
        case .linear, .rbf: break
        }
    }

    /// The kernel with γ resolved to a number for the `n × p` training design
    /// `x`: `scale` is `1/(p·Var(X))` with `Var` the population variance of
    /// all `n·p` entries (1 when that variance is 0, as scikit-learn does),
    /// `auto` is `1/p`.
    /// - Complexity: O(n·p) for `scale`, O(1) otherwise.
    public func resolved(for x: Matrix) -> SupportVectorKernel {
        func value(_ g: KernelGamma) -> KernelGamma { .value(g.resolved(for: x)) }
        switch self {
        case .linear: return .linear
        case let .polynomial(d, g, r): return .polynomial(degree: d, gamma: value(g), coef0: r)
        case let .rbf(g): return .rbf(gamma: value(g))
        case let .sigmoid(g, r): return .sigmoid(gamma: value(g), coef0: r)
        }
    }
}

/// The γ of a kernel: a number, or a rule scikit-learn uses to pick one from the data.
public enum KernelGamma: Sendable, Equatable, CustomStringConvertible {
    /// `1/(p·Var(X))` (scikit-learn's default `gamma="scale"`).
    case scale
    /// `1/p` (scikit-learn's `gamma="auto"`).
    case auto
    /// This γ > 0.
    case value(Double)

    /// γ for the `n × p` design `x`.
    public func resolved(for x: Matrix) -> Double {
        switch self {
        case let .value(g): return g
        case .auto: return 1 / Double(max(x.columns, 1))
        case .scale:
            // The moments of x / 2^e, 2^e ≤ max|x| < 2^(e+1): the division is
            // exact, nothing overflows, and scaling x by 2^k scales γ by 4^−k
            // exactly (until γ leaves the floating-point range).
            let (variance, e) = x.withUnsafeBufferPointer { values -> (Double, Int) in
                var largest = 0.0
                for v in values { largest = max(largest, abs(v)) }
                guard !values.isEmpty, largest > 0, largest.isFinite else { return (0, 0) }
                let e = Int(largest.exponent)
                let unit = Double(sign: .plus, exponent: -e, significand: 1)
                var sum = 0.0
                for v in values { sum += v * unit }
                let mean = sum / Double(values.count)
                var squares = 0.0
                for v in values { squares += (v * unit - mean) * (v * unit - mean) }
                return (squares / Double(values.count), e)
            }
            guard variance > 0 else { return 1 }
            let down = Double(sign: .plus, exponent: -e, significand: 1)
            return 1 / (Double(max(x.columns, 1)) * variance) * down * down
        }
    }

    public var description: String {
        switch self {
        case .scale: return "scale"
        case .auto: return "auto"
        case let .value(g): return NumberFormat.significant(g, digits: 6)
        }
    }
}

/// A kernel with every parameter a number: what the solver and a fitted
/// model evaluate.
struct ResolvedKernel: Sendable, Equatable {
    enum Kind: String, Sendable {
        case linear, poly, rbf, sigmoid

        /// The kernel's code for the C kernels (`LOSSKIT_KERNEL_*`).
        var code: Int32 {
            switch self {
            case .linear: return Int32(LOSSKIT_KERNEL_LINEAR)
            case .poly: return Int32(LOSSKIT_KERNEL_POLY)
            case .rbf: return Int32(LOSSKIT_KERNEL_RBF)
            case .sigmoid: return Int32(LOSSKIT_KERNEL_SIGMOID)
            }
        }
    }
    var kind: Kind
    var gamma: Double
    var coef0: Double
    var degree: Int

    /// - Precondition: `kernel` was resolved (γ is a `.value`).
    init(_ kernel: SupportVectorKernel) {
        func number(_ g: KernelGamma) -> Double { if case let .value(v) = g { return v } else { return 1 } }
        switch kernel {
        case .linear: self.init(kind: .linear, gamma: 0, coef0: 0, degree: 1)
        case let .polynomial(d, g, r): self.init(kind: .poly, gamma: number(g), coef0: r, degree: d)
        case let .rbf(g): self.init(kind: .rbf, gamma: number(g), coef0: 0, degree: 1)
        case let .sigmoid(g, r): self.init(kind: .sigmoid, gamma: number(g), coef0: r, degree: 1)
        }
    }

    init(kind: Kind, gamma: Double, coef0: Double, degree: Int) {
        self.kind = kind
        self.gamma = gamma
        self.coef0 = coef0
        self.degree = degree
    }

    var kernel: SupportVectorKernel {
        switch kind {
        case .linear: return .linear
        case .poly: return .polynomial(degree: degree, gamma: .value(gamma), coef0: coef0)
        case .rbf: return .rbf(gamma: .value(gamma))
        case .sigmoid: return .sigmoid(gamma: .value(gamma), coef0: coef0)
        }
    }

    /// `k` from the dot product `a·b` and, for RBF, the squared norms:
    /// `exp(−γ(‖a‖² + ‖b‖² − 2 a·b))` as libsvm computes its training kernel.
    @inline(__always)
    func value(dot: Double, squaredNormA: Double, squaredNormB: Double) -> Double {
        switch kind {
        case .linear: return dot
        case .poly: return integerPower(gamma * dot + coef0, degree)
        case .rbf: return fastExp(-gamma * (squaredNormA + squaredNormB - 2 * dot))
        case .sigmoid: return tanh(gamma * dot + coef0)
        }
    }
}

/// `base^exponent` by repeated squaring (libsvm's `powi`), exponent ≥ 0.
@inline(__always)
func integerPower(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0, square = base, e = exponent
    while e > 0 {
        if e & 1 == 1 { result *= square }
        square *= square
        e >>= 1
    }
    return result
}

/// `exp(t)` as the kernel rows compute it (`losskit_exp_double`): `t = k·ln2 + r`
/// with `|r| ≤ ln2/2`, a degree-12 Taylor polynomial in r by Horner with fused
/// multiply-adds (truncation < 2·10⁻¹⁶ relative) and `2^k` from the exponent
/// bits. Within a few ulp of `Foundation.exp` for t in [−708, 709]; t below
/// −708 gives about 3·10⁻³⁰⁸ instead of a subnormal or 0, t above 709 about
/// 8·10³⁰⁷ instead of ∞ (the kernels only pass t ≤ ~0); NaN gives NaN.
@inline(__always)
func fastExp(_ t: Double) -> Double { losskit_exp_double(t) }

/// The training design in the layouts kernel rows want: row-major (each
/// sample's p values contiguous) for the support vectors and the diagonal,
/// and packed in panels of eight rows (`losskit_pack_panels`) for the rows of
/// Q, with the squared norms for RBF.
///
/// A kernel row `k(x_r, x_j)` is computed by the fused C kernel
/// `losskit_kernel_panels` (dot products, kernel function and rounding to
/// single precision in one pass, AVX-512 or AVX2 when the CPU has them),
/// either for all n rows or only for the rows of the solver's active set
/// (`setActive(rows:)`, libsvm's `get_Q(i, active_size)`), or only for the
/// rows outside it, each packed contiguously. Every entry is the same bits
/// whichever way it was computed. Rows of a large design are split over the cores.
final class KernelRows: @unchecked Sendable {
    /// Which entries of a kernel row to compute.
    enum Coverage { case all, active, inactive }

    /// Rows packed in panels, with their norms and their indices in the design.
    private struct Packed {
        var count = 0
        var rows: UnsafeMutablePointer<Int32>
        var panels: UnsafeMutablePointer<Double>
        var norms: UnsafeMutablePointer<Double>
    }

    let rowCount: Int
    let featureCount: Int
    let kernel: ResolvedKernel
    /// `n × p`, row-major.
    let x: UnsafeMutablePointer<Double>
    /// `‖x_i‖²` (RBF only; zeros otherwise), summed as the kernel rows sum their dot products.
    let squaredNorms: UnsafeMutablePointer<Double>
    private let all: UnsafeMutablePointer<Double>
    private var active: Packed
    private var inactive: Packed
    private let parts: Int

    /// Work (rows·p) above which a row is split over the cores.
    static let parallelThreshold = 60_000

    init(features: Matrix, kernel: ResolvedKernel) {
        let n = features.rows, p = features.columns
        rowCount = n
        featureCount = p
        self.kernel = kernel
        x = .allocate(capacity: max(n * p, 1))
        squaredNorms = .allocate(capacity: max(n, 1))
        let padded = (n + 7) / 8 * 8
        all = .allocate(capacity: max(padded * p, 1))
        func packed() -> Packed {
            Packed(rows: .allocate(capacity: max(n, 1)), panels: .allocate(capacity: max(padded * p, 1)),
                   norms: .allocate(capacity: max(n, 1)))
        }
        active = packed()
        inactive = packed()
        parts = n * p >= Self.parallelThreshold ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) : 1
        features.withUnsafeBufferPointer { columns in
            for j in 0..<p {
                for i in 0..<n { x[i * p + j] = columns[j * n + i] }
            }
        }
        for i in 0..<n {
            squaredNorms[i] = kernel.kind == .rbf ? losskit_panel_dot(p, x + i * p, x + i * p) : 0
        }
        losskit_pack_panels(n, p, x, nil, all)
    }

    deinit {
        x.deallocate()
        squaredNorms.deallocate()
        all.deallocate()
        for packed in [active, inactive] {
            packed.rows.deallocate(); packed.panels.deallocate(); packed.norms.deallocate()
        }
    }

    /// `k(x_a, x_b)` in double precision (the solver's diagonal; `k(x, x) = 1` exactly for RBF).
    func value(_ a: Int, _ b: Int) -> Double {
        let p = featureCount
        let dot = losskit_panel_dot(p, x + a * p, x + b * p)
        return kernel.value(dot: dot, squaredNormA: squaredNorms[a], squaredNormB: squaredNorms[b])
    }

    /// Packs the design rows flagged in `isActive` (n flags) for `.active`
    /// rows, and the others for `.inactive` ones.
    /// - Complexity: O(n·p).
    func setActive(_ isActive: UnsafePointer<Bool>) {
        active.count = 0
        inactive.count = 0
        for j in 0..<rowCount {
            if isActive[j] {
                active.rows[active.count] = Int32(j); active.count += 1
            } else {
                inactive.rows[inactive.count] = Int32(j); inactive.count += 1
            }
        }
        for packed in [active, inactive] {
            losskit_pack_panels(packed.count, featureCount, x, packed.rows, packed.panels)
            for m in 0..<packed.count { packed.norms[m] = squaredNorms[Int(packed.rows[m])] }
        }
    }

    /// Writes `Float(k(x_r, x_j))` to `out[j]` for every j in `0..<n`
    /// (`.all`), or for the j of the active or the inactive rows only; the
    /// other entries are not touched.
    /// - Complexity: O(rows·p), on all cores above `parallelThreshold`.
    func row(_ r: Int, _ coverage: Coverage, into out: UnsafeMutablePointer<Float>) {
        switch coverage {
        case .all: fill(r, count: rowCount, panels: all, norms: squaredNorms, scatter: nil, out: out)
        case .active: fill(r, count: active.count, panels: active.panels, norms: active.norms, scatter: active.rows, out: out)
        case .inactive: fill(r, count: inactive.count, panels: inactive.panels, norms: inactive.norms, scatter: inactive.rows, out: out)
        }
    }

    private func fill(_ r: Int, count: Int, panels: UnsafeMutablePointer<Double>, norms: UnsafeMutablePointer<Double>,
                      scatter: UnsafeMutablePointer<Int32>?, out: UnsafeMutablePointer<Float>) {
        let p = featureCount
        let kind = kernel.kind.code
        let v = x + r * p, vNorm = squaredNorms[r], gamma = kernel.gamma, coef0 = kernel.coef0, degree = Int32(kernel.degree)
        let split = count * p >= Self.parallelThreshold ? parts : 1
        if split == 1 {
            losskit_kernel_panels(Int32(LOSSKIT_ISA_BEST), kind, count, p, panels, norms, v, vNorm, gamma, coef0, degree,
                                  scatter, out)
            return
        }
        // Pieces start at a panel boundary.
        let step = ((count + split - 1) / split + 7) / 8 * 8
        let target = UncheckedPointer(out), source = UncheckedPointer(panels), normsPointer = UncheckedPointer(norms)
        let scatterPointer = scatter.map { UncheckedPointer($0) }, scattered = scatter != nil
        DispatchQueue.concurrentPerform(iterations: split) { part in
            let lo = part * step, hi = min(count, lo + step)
            guard lo < hi else { return }
            losskit_kernel_panels(Int32(LOSSKIT_ISA_BEST), kind, hi - lo, p, source.pointer + lo * p, normsPointer.pointer + lo,
                                  UnsafePointer(self.x + r * p), vNorm, gamma, coef0, degree,
                                  scatterPointer.map { $0.pointer + lo }, scattered ? target.pointer : target.pointer + lo)
        }
    }
}

/// A pointer handed to workers that each write a disjoint range.
struct UncheckedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
