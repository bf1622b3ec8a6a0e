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
    enum Kind: String, Sendable { case linear, poly, rbf, sigmoid }
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

/// `exp(t)` without a library call, so that a loop over a kernel row
/// vectorizes: `t = k·ln2 + r` with `|r| ≤ ln2/2`, a degree-12 Taylor
/// polynomial in r (truncation < 2·10⁻¹⁶ relative) and `2^k` from the
/// exponent bits. Within a few ulp of `Foundation.exp` for t in [−708, 709];
/// t below −708 gives about 3·10⁻³⁰⁸ instead of a subnormal or 0, t above
/// 709 gives about 8·10³⁰⁷ instead of ∞ (the kernels only pass t ≤ ~0);
/// NaN gives NaN.
@inline(__always)
func fastExp(_ t: Double) -> Double {
    let x = Swift.min(Swift.max(t, -708), 709)
    let shifter = 6_755_399_441_055_744.0          // 1.5·2⁵², rounds x/ln2 to an integer
    let shifted = x * 1.4426950408889634 + shifter
    let k = shifted - shifter
    let r = (x - k * 0.693147180369123816490) - k * 1.90821492927058770002e-10
    var p = 1.0 / 479_001_600
    p = p * r + 1.0 / 39_916_800
    p = p * r + 1.0 / 3_628_800
    p = p * r + 1.0 / 362_880
    p = p * r + 1.0 / 40_320
    p = p * r + 1.0 / 5_040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let scale = Double(bitPattern: (shifted.bitPattern &+ 1023) << 52)
    return p * scale
}

/// The training design in the layout kernel rows want: row-major (each
/// sample's p values contiguous), with the squared norms for RBF.
///
/// A kernel row `k(x_r, x_j), j = 0..<n` is n dot products of length p read
/// from one contiguous block, four samples at a time, then one
/// vectorizable pass of the kernel function; rows of a large design are
/// split over the cores.
final class KernelRows: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    let kernel: ResolvedKernel
    /// `n × p`, row-major.
    let x: UnsafeMutablePointer<Double>
    /// `‖x_i‖²` (RBF only; zeros otherwise).
    let squaredNorms: UnsafeMutablePointer<Double>
    /// Scratch for the dot products of one row, one region per worker.
    private let scratch: UnsafeMutablePointer<Double>
    private let parts: Int

    /// Work (n·p) above which a row is split over the cores.
    static let parallelThreshold = 60_000

    init(features: Matrix, kernel: ResolvedKernel) {
        let n = features.rows, p = features.columns
        rowCount = n
        featureCount = p
        self.kernel = kernel
        x = .allocate(capacity: max(n * p, 1))
        squaredNorms = .allocate(capacity: max(n, 1))
        scratch = .allocate(capacity: max(n, 1))
        parts = n * p >= Self.parallelThreshold ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) : 1
        features.withUnsafeBufferPointer { columns in
            for j in 0..<p {
                for i in 0..<n { x[i * p + j] = columns[j * n + i] }
            }
        }
        for i in 0..<n {
            var s = 0.0
            for j in 0..<p { s += x[i * p + j] * x[i * p + j] }
            squaredNorms[i] = kernel.kind == .rbf ? s : 0
        }
    }

    deinit {
        x.deallocate()
        squaredNorms.deallocate()
        scratch.deallocate()
    }

    /// `k(x_a, x_b)` in double precision (the solver's diagonal).
    func value(_ a: Int, _ b: Int) -> Double {
        let p = featureCount
        var dot = 0.0
        for k in 0..<p { dot += x[a * p + k] * x[b * p + k] }
        return kernel.value(dot: dot, squaredNormA: squaredNorms[a], squaredNormB: squaredNorms[b])
    }

    /// Writes `Float(k(x_r, x_j))` for every j in `0..<n` to `out`.
    /// - Complexity: O(n·p), on all cores above `parallelThreshold`.
    func row(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        let n = rowCount
        if parts == 1 {
            fill(r, range: 0..<n, out: out)
            return
        }
        let step = (n + parts - 1) / parts
        let target = UncheckedPointer(out)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lo = part * step, hi = min(n, lo + step)
            if lo < hi { self.fill(r, range: lo..<hi, out: target.pointer) }
        }
    }

    private func fill(_ r: Int, range: Range<Int>, out: UnsafeMutablePointer<Float>) {
        let p = featureCount
        let dots = scratch
        dotProducts(of: x + r * p, with: x + range.lowerBound * p, count: range.count, featureCount: p,
                    into: dots + range.lowerBound)
        let kernel = self.kernel
        switch kernel.kind {
        case .linear:
            for j in range { out[j] = Float(dots[j]) }
        case .rbf:
            let g = kernel.gamma, nr = squaredNorms[r], norms = squaredNorms
            for j in range { out[j] = Float(fastExp(-g * (nr + norms[j] - 2 * dots[j]))) }
        case .poly, .sigmoid:
            for j in range { out[j] = Float(kernel.value(dot: dots[j], squaredNormA: 0, squaredNormB: 0)) }
        }
    }
}

/// `out[j] = a·b_j` for the `count` vectors `b_j` stored row-major (p values
/// each) from `block`: the C kernel `losskit_dot_rows` (AVX2 + FMA when the
/// CPU has it, four rows at a time; a fixed summation order per instruction set).
@inline(__always)
func dotProducts(of a: UnsafePointer<Double>, with block: UnsafePointer<Double>, count: Int, featureCount p: Int,
                 into out: UnsafeMutablePointer<Double>) {
    losskit_dot_rows(Int32(LOSSKIT_ISA_BEST), count, p, block, a, out)
}

/// A pointer handed to workers that each write a disjoint range.
struct UncheckedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
