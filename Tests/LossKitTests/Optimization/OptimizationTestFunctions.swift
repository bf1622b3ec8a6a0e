import Foundation
import LossKitOptimization

/// The classic unconstrained test functions (Moré, Garbow and Hillstrom 1981)
/// with analytic gradients, as scripts/generate_optimizer_fixtures.py writes
/// them for SciPy: the same formulas, the same starting points.

/// f(x) = ½ Σ λᵢ xᵢ², λ log-spaced from 1 to κ (κ = L/μ), minimum 0 at 0.
struct DiagonalQuadratic: DifferentiableObjective {
    let eigenvalues: [Double]
    init(dimension: Int, conditionNumber kappa: Double) {
        eigenvalues = (0..<dimension).map { i in pow(kappa, Double(i) / Double(max(dimension - 1, 1))) }
    }
    var dimension: Int { eigenvalues.count }
    func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
        var f = 0.0
        for i in x.indices { gradient[i] = eigenvalues[i] * x[i]; f += 0.5 * eigenvalues[i] * x[i] * x[i] }
        return f
    }
    func hessian(at x: [Double]) -> [Double]? {
        let p = dimension
        var h = [Double](repeating: 0, count: p * p)
        for i in 0..<p { h[i + i * p] = eigenvalues[i] }
        return h
    }
}

/// The extended Rosenbrock function: Σ over pairs 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)²,
/// minimum 0 at (1, …, 1); start (−1.2, 1, −1.2, 1, …).
struct ExtendedRosenbrock: DifferentiableObjective {
    let dimension: Int
    static func start(_ p: Int) -> [Double] { (0..<p).map { $0 % 2 == 0 ? -1.2 : 1 } }
    func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
        var f = 0.0
        for i in stride(from: 0, to: dimension, by: 2) {
            let t1 = x[i + 1] - x[i] * x[i], t2 = 1 - x[i]
            f += 100 * t1 * t1 + t2 * t2
            gradient[i] = -400 * x[i] * t1 - 2 * t2
            gradient[i + 1] = 200 * t1
        }
        return f
    }
    func hessian(at x: [Double]) -> [Double]? {
        let p = dimension
        var h = [Double](repeating: 0, count: p * p)
        for i in stride(from: 0, to: p, by: 2) {
            h[i + i * p] = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
            h[i + (i + 1) * p] = -400 * x[i]
            h[(i + 1) + i * p] = -400 * x[i]
            h[(i + 1) + (i + 1) * p] = 200
        }
        return h
    }
}

/// Powell's singular function (extended): per block of four
/// (x₁ + 10x₂)² + 5(x₃ − x₄)² + (x₂ − 2x₃)⁴ + 10(x₁ − x₄)⁴, minimum 0 at 0
/// with a singular Hessian there; start (3, −1, 0, 1, …).
struct PowellSingular: DifferentiableObjective {
    let dimension: Int
    static func start(_ p: Int) -> [Double] { (0..<p).map { [3.0, -1, 0, 1][$0 % 4] } }
    func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
        var f = 0.0
        for i in stride(from: 0, to: dimension, by: 4) {
            let a = x[i] + 10 * x[i + 1], b = x[i + 2] - x[i + 3], c = x[i + 1] - 2 * x[i + 2], d = x[i] - x[i + 3]
            f += a * a + 5 * b * b + c * c * c * c + 10 * d * d * d * d
            gradient[i] = 2 * a + 40 * d * d * d
            gradient[i + 1] = 20 * a + 4 * c * c * c
            gradient[i + 2] = 10 * b - 8 * c * c * c
            gradient[i + 3] = -10 * b - 40 * d * d * d
        }
        return f
    }
}

/// Wood's function (4-D), minimum 0 at (1, 1, 1, 1); start (−3, −1, −3, −1).
struct Wood: DifferentiableObjective {
    var dimension: Int { 4 }
    static let start: [Double] = [-3, -1, -3, -1]
    func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
        let t1 = x[1] - x[0] * x[0], t2 = 1 - x[0], t3 = x[3] - x[2] * x[2], t4 = 1 - x[2]
        let t5 = x[1] + x[3] - 2, t6 = x[1] - x[3]
        gradient[0] = -400 * x[0] * t1 - 2 * t2
        gradient[1] = 200 * t1 + 20 * t5 + 0.2 * t6
        gradient[2] = -360 * x[2] * t3 - 2 * t4
        gradient[3] = 180 * t3 + 20 * t5 - 0.2 * t6
        return 100 * t1 * t1 + t2 * t2 + 90 * t3 * t3 + t4 * t4 + 10 * t5 * t5 + 0.1 * t6 * t6
    }
}

/// Beale's function, minimum 0 at (3, 0.5); start (1, 1).
struct Beale: DifferentiableObjective {
    var dimension: Int { 2 }
    static let start: [Double] = [1, 1]
    func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
        let c = [1.5, 2.25, 2.625]
        var f = 0.0
        gradient[0] = 0; gradient[1] = 0
        for i in 0..<3 {
            let k = Double(i + 1)
            let yk = pow(x[1], k)
            let t = c[i] - x[0] * (1 - yk)
            f += t * t
            gradient[0] += 2 * t * -(1 - yk)
            gradient[1] += 2 * t * x[0] * k * pow(x[1], k - 1)
        }
        return f
    }
}

/// The helical valley function, minimum 0 at (1, 0, 0); start (−1, 0, 0).
struct HelicalValley: DifferentiableObjective {
    var dimension: Int { 3 }
    static let start: [Double] = [-1, 0, 0]
    func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
        let theta = atan2(x[1], x[0]) / (2 * Double.pi)
        let r = (x[0] * x[0] + x[1] * x[1]).squareRoot()
        let f1 = 10 * (x[2] - 10 * theta), f2 = 10 * (r - 1), f3 = x[2]
        let r2 = x[0] * x[0] + x[1] * x[1]
        let dtheta0 = -x[1] / (2 * Double.pi * r2), dtheta1 = x[0] / (2 * Double.pi * r2)
        gradient[0] = 2 * f1 * (-100 * dtheta0) + 2 * f2 * 10 * x[0] / r
        gradient[1] = 2 * f1 * (-100 * dtheta1) + 2 * f2 * 10 * x[1] / r
        gradient[2] = 2 * f1 * 10 + 2 * f3
        return f1 * f1 + f2 * f2 + f3 * f3
    }
}

/// Mean-squared least squares f(w) = (1/2n) Σ (yᵢ − xᵢᵀw)², a stochastic
/// objective over rows; X row-major n × p. Minimizer: the normal equations.
struct LeastSquaresObjective: StochasticObjective {
    let x: [Double]
    let y: [Double]
    let dimension: Int
    var sampleCount: Int { y.count }
    func valueAndGradient(at w: [Double], batch: ArraySlice<Int>, gradient: inout [Double]) -> Double {
        for j in 0..<dimension { gradient[j] = 0 }
        var f = 0.0
        for i in batch {
            var r = y[i]
            for j in 0..<dimension { r -= x[i * dimension + j] * w[j] }
            f += 0.5 * r * r
            for j in 0..<dimension { gradient[j] -= r * x[i * dimension + j] }
        }
        let scale = 1 / Double(batch.count)
        for j in 0..<dimension { gradient[j] *= scale }
        return f * scale
    }

    /// A reproducible problem: X with entries from SplitMix64-based uniforms
    /// in [−1, 1), y = X·w* + small noise.
    static func make(rows n: Int, columns p: Int, seed: UInt64) -> LeastSquaresObjective {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1p-53 * 2 - 1
        }
        var x = [Double](repeating: 0, count: n * p)
        for i in x.indices { x[i] = uniform() }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<p { s += x[i * p + j] * Double(j + 1) }
            y[i] = s + 0.1 * uniform()
        }
        return LeastSquaresObjective(x: x, y: y, dimension: p)
    }

    /// The exact minimizer by the normal equations (Gaussian elimination with
    /// partial pivoting on XᵀX, fine for the small well-conditioned tests).
    func exactSolution() -> [Double] {
        let p = dimension, n = sampleCount
        var a = [Double](repeating: 0, count: p * p), b = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for j in 0..<p {
                b[j] += x[i * p + j] * y[i]
                for k in 0..<p { a[j * p + k] += x[i * p + j] * x[i * p + k] }
            }
        }
        for c in 0..<p {
            let pivot = (c..<p).max { abs(a[$0 * p + c]) < abs(a[$1 * p + c]) } ?? c
            if pivot != c { for k in 0..<p { a.swapAt(c * p + k, pivot * p + k) }; b.swapAt(c, pivot) }
            for r in (c + 1)..<p {
                let m = a[r * p + c] / a[c * p + c]
                for k in c..<p { a[r * p + k] -= m * a[c * p + k] }
                b[r] -= m * b[c]
            }
        }
        var w = [Double](repeating: 0, count: p)
        for r in stride(from: p - 1, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<p { s -= a[r * p + k] * w[k] }
            w[r] = s / a[r * p + r]
        }
        return w
    }
}

/// max |aᵢ − bᵢ| / max(1, |bᵢ|).
func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}
