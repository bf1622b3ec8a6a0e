import LossKitData
import LossKitNumerics

/// Iterative refinement of a least-squares solution with residuals computed in
/// double-double (`ExtendedPrecision.residuals`) from the **original** X and y.
///
/// Each step forms `r = y − b₀ − Xβ`, `r̄ = Σwr/Σw`, and a correction `δ`:
/// - `.seminormal` (corrected semi-normal equations, Björck): the gradient
///   `g = X̃ᵀW(r − r̄)` is accumulated with compensated dot products
///   (`ExtendedPrecision.dot`) and `δ = (X̃ᵀWX̃)⁺g` is applied through the
///   existing factorization. Its fixed point is the exact least-squares
///   solution of the data (`X̃ᵀW r = 0`), also for large residuals, and it
///   contracts by about `cond²·ε` per step, so it is used when `cond ≲ 1e6`.
/// - `.orthogonal`: `δ = R⁻¹Qᵀ√w(r − r̄)` (classical refinement), for
///   worse-conditioned problems; it removes the error of the initial solve
///   but keeps a `cond²·ε·‖r‖` term for large-residual fits.
///
/// Then `β ← β + δ`, `b₀ ← b₀ + r̄ − x̄ᵀδ`, repeated while `‖δ‖` keeps
/// shrinking, at most `maximumSteps` times, stopping once `ρ·‖δ‖ ≤ ε‖β‖`
/// (norms weighted by the column scales), where `ρ` is the caller's estimate
/// of the contraction factor (`10·cond²·ε` for semi-normal corrections): the
/// error left after a step is about `ρ` times its correction, so a further
/// step could not change β. A step costs two passes over X (O(n·p)).
enum IterativeRefinement {
    enum Correction {
        /// Maps the gradient `X̃ᵀW(r − r̄)` to `δ`.
        case seminormal(([Double]) throws -> [Double])
        /// Maps `√w ⊙ (r − r̄)` to `δ`.
        case orthogonal(([Double]) throws -> [Double])
    }

    struct Outcome {
        var beta: [Double]
        var intercept: DoubleDouble?
        /// `Σ wᵢ rᵢ²` at the returned solution.
        var residualSumOfSquares: Double
        /// Steps applied; negative when the last applied correction was still
        /// above 1e-8 relative (not converged).
        var steps: Int
    }

    static func refine(
        x: Matrix, y: [Double], design: CenteredDesign, beta initial: [Double], fitIntercept: Bool,
        columnScale: [Double], contraction: Double, maximumSteps: Int = 4, correction: Correction
    ) throws -> Outcome {
        var beta = initial
        var b0 = fitIntercept ? design.intercept(for: beta) : nil
        func norm(_ v: [Double]) -> Double {
            Summation.scaledNorm(count: v.count) { v[$0] * columnScale[$0] }
        }
        var residuals = try ExtendedPrecision.residuals(y: y, x: x, coefficients: beta, intercept: b0?.value ?? 0)
        // After the last step of a semi-normal refinement the RSS follows without
        // another pass: Σw(r − r̄ − X̃δ)² = Σw(r − r̄)² − 2δᵀg + δᵀGδ = Σw(r − r̄)² − δᵀg
        // (δ = G⁻¹g), exact to first order in the tiny final δ.
        var updatedRSS: Double? = nil
        var previous = Double.infinity
        var steps = 0
        var lastRelative = 0.0
        while steps < maximumSteps {
            let rbar = fitIntercept ? design.weightedMean(residuals) : 0
            var c = residuals
            for i in c.indices { c[i] = (c[i] - rbar) * (design.sqrtWeights?[i] ?? 1) }
            let delta: [Double]
            var gradient: [Double]? = nil
            switch correction {
            case .orthogonal(let solve):
                delta = try solve(c)
            case .seminormal(let solve):
                let centeredRSS = Summation.compensatedSum(count: c.count) { c[$0] * c[$0] }
                if let sw = design.sqrtWeights { for i in c.indices { c[i] *= sw[i] } }
                // g = Σᵢ (xᵢⱼ − x̄ⱼ)cᵢ = Xᵀc − x̄·Σc: Σc is not exactly 0 after rounding, and
                // x̄ⱼ may be large, so the centering term is kept (in double-double).
                let sumC = DoubleDouble(Summation.compensatedSum(count: c.count) { c[$0] })
                let g: [Double] = x.withUnsafeBufferPointer { xp in
                    c.withUnsafeBufferPointer { cp in
                        (0..<x.columns).map { j in
                            let dot = ExtendedPrecision.dot(UnsafeBufferPointer(rebasing: xp[(j * x.rows)..<((j + 1) * x.rows)]), cp)
                            return (dot - sumC * design.means[j]).value
                        }
                    }
                }
                gradient = g
                delta = try solve(g)
                updatedRSS = max(0, centeredRSS - zip(delta, g).reduce(0) { $0 + $1.0 * $1.1 })
            }
            let size = norm(delta)
            if !(size < previous) || !size.isFinite { updatedRSS = nil; break }   // not shrinking: at the noise floor
            for j in beta.indices { beta[j] += delta[j] }
            if fitIntercept, let current = b0 {
                var next = current + DoubleDouble(rbar)
                for j in delta.indices { next -= DoubleDouble(design.means[j]) * delta[j] }
                b0 = next
            }
            steps += 1
            previous = size
            let betaNorm = norm(beta)
            lastRelative = betaNorm > 0 ? size / betaNorm : size
            if min(contraction, 1) * lastRelative <= Double.ulpOfOne, gradient != nil { break }
            updatedRSS = nil
            residuals = try ExtendedPrecision.residuals(y: y, x: x, coefficients: beta, intercept: b0?.value ?? 0)
            if min(contraction, 1) * lastRelative <= Double.ulpOfOne { break }
        }
        return Outcome(beta: beta, intercept: b0,
                       residualSumOfSquares: updatedRSS ?? design.weightedSumOfSquares(residuals),
                       steps: lastRelative > 1e-8 ? -steps : steps)
    }
}
