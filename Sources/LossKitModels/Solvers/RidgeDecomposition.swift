import LossKitData
import LossKitNumerics

/// The SVD of the centered, √w-scaled design `X̃ = U·diag(s)·Vᵀ`, computed
/// once and shared by every alpha of a ridge path and by the leave-one-out
/// curve of `RidgeCV`.
///
/// For penalty α: `β = V·diag(sₖ/(sₖ² + α))·Uᵀỹ`, `ỹ = √w⊙(y − ȳ)`, and
/// `b₀ = ȳ − x̄ᵀβ` (the intercept is not penalized). With α = 0 the
/// singular values below `max(n, p)·ε·s₀` are treated as 0 (minimum-norm
/// least squares, numpy's `lstsq` cutoff).
struct RidgeDecomposition {
    let design: CenteredDesign
    let svd: SingularValueDecomposition
    /// `Uᵀỹ`.
    let uty: [Double]
    let fitIntercept: Bool

    init(x: Matrix, y: [Double], weights: [Double]?, fitIntercept: Bool) throws {
        let design = CenteredDesign(x: x, y: y, weights: weights, fitIntercept: fitIntercept)
        let svd = try SingularValueDecomposition(design.scaledCentered(x))
        self.design = design
        self.svd = svd
        self.uty = try svd.u.transposeTimes(design.scaledCentered(y))
        self.fitIntercept = fitIntercept
    }

    /// `sₖ/(sₖ² + α)` (the filter factors divided by sₖ), with the α = 0 cutoff.
    func shrinkage(_ alpha: Double) -> [Double] {
        let s = svd.singularValues
        let cutoff = Double(max(design.rows, design.columns)) * Double.ulpOfOne * (s.first ?? 0)
        return s.map { sk in
            if alpha == 0 { return sk > cutoff ? 1 / sk : 0 }
            return sk / (sk * sk + alpha)
        }
    }

    func coefficients(_ alpha: Double) throws -> [Double] {
        let f = shrinkage(alpha)
        return try svd.v.times((0..<f.count).map { f[$0] * uty[$0] })
    }

    /// Effective degrees of freedom of the penalized slopes, `Σ sₖ²/(sₖ² + α)`.
    func effectiveDegreesOfFreedom(_ alpha: Double) -> Double {
        let f = shrinkage(alpha)
        return zip(svd.singularValues, f).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Diagonal of the hat matrix in the √w-scaled space:
    /// `hᵢᵢ = wᵢ/Σw (intercept) + Σₖ Uᵢₖ² sₖ²/(sₖ² + α)`.
    func leverages(_ alpha: Double) -> [Double] {
        let n = design.rows
        let k = svd.singularValues.count
        let f = zip(svd.singularValues, shrinkage(alpha)).map { $0 * $1 }
        var h = [Double](repeating: 0, count: n)
        if fitIntercept {
            for i in 0..<n {
                let sw = design.sqrtWeights?[i] ?? 1
                h[i] = sw * sw / design.totalWeight
            }
        }
        svd.u.withUnsafeBufferPointer { up in
            for l in 0..<k where f[l] != 0 {
                for i in 0..<n { let u = up[i + l * n]; h[i] += f[l] * u * u }
            }
        }
        return h
    }
}
