import LossKitData
import LossKitNumerics

/// Weighted least squares by Double Householder QR with column pivoting of
/// the centered, √w-scaled, column-equilibrated design (`HouseholderQR`),
/// followed by iterative refinement with double-double residuals
/// (`IterativeRefinement`: semi-normal corrections when `cond ≤ 1e6`).
///
/// Accuracy: for `cond ≤ 1e6` the refinement converges to the least-squares
/// solution of the data up to about `cond·ε` relative, whatever the residual
/// size; above, about `cond·ε` for small-residual fits plus a `cond²·ε·‖r‖`
/// term. `cond` is the scaled design's condition number; standard errors come
/// from the Double R, to about `cond·ε`.
/// - Complexity: O(n·p²) for the factorization, O(n·p) per refinement step,
///   O(n·p) extra memory (the centered copy).
enum RefinedQRLeastSquares {
    static func solve(x: Matrix, y: [Double], weights: [Double]?, fitIntercept: Bool) throws -> LeastSquaresSolution {
        try prepare(x: x, weights: weights, fitIntercept: fitIntercept)(y)
    }

    /// Factors the design once; the returned function fits one target.
    static func prepare(x: Matrix, weights: [Double]?, fitIntercept: Bool) throws -> ([Double]) throws -> LeastSquaresSolution {
        let n = x.rows, p = x.columns
        let shared = CenteredDesign(x: x, weights: weights, fitIntercept: fitIntercept)
        var a = shared.scaledCentered(x).storage
        var scale = [Double](repeating: 1, count: p)
        var constantColumns: [Int] = []
        for j in 0..<p {
            let norm = Summation.scaledNorm(count: n) { a[$0 + j * n] }
            if norm == 0 { constantColumns.append(j); continue }
            scale[j] = norm
            let inv = 1 / norm
            for i in 0..<n { a[i + j * n] *= inv }
        }
        let qr = HouseholderQR(try Matrix(rows: n, columns: p, columnMajor: a))
        let rMatrix = qr.r
        let r: [[DoubleDouble]] = (0..<rMatrix.rows).map { i in (0..<p).map { j in DoubleDouble(rMatrix[row: i, column: j]) } }
        let triangular = TriangularLeastSquares(
            r: r, permutation: qr.permutation, scale: qr.permutation.map { DoubleDouble(scale[$0]) }, rows: n)
        func solveCentered(_ c: [Double]) throws -> [Double] {
            let qtc = try qr.qTransposeTimes(c)
            return triangular.solve(qtc.map(DoubleDouble.init)).map(\.value)
        }
        // (X̃ᵀWX̃)⁺ g = K Kᵀ g with K the pseudo-inverse factor.
        func solveGradient(_ g: [Double]) -> [Double] {
            let k = triangular.pseudoInverse
            let width = k.first?.count ?? 0
            var t = [DoubleDouble](repeating: .zero, count: width)
            for j in 0..<p { for l in 0..<width { t[l] += k[j][l] * g[j] } }
            return triangular.solve(t).map(\.value)
        }
        let condition = ConditionNumber.ofUpperTriangular(triangular.leadingR)
        let means = fitIntercept ? shared.means.map(DoubleDouble.init) : nil
        let factor = LeastSquaresSolution.parameterFactor(
            slopeFactor: triangular.pseudoInverse, means: means, totalWeight: DoubleDouble(shared.totalWeight))
        let variances = LeastSquaresSolution.diagonal(of: factor)

        return { y in
            let design = shared.withTarget(y)
            let initial = try solveCentered(design.scaledCentered(y))
            let refined = try IterativeRefinement.refine(
                x: x, y: y, design: design, beta: initial, fitIntercept: fitIntercept, columnScale: scale,
                contraction: 10 * Double.ulpOfOne * (condition <= 1e6 ? condition * condition : condition),
                correction: condition <= 1e6 ? .seminormal(solveGradient) : .orthogonal(solveCentered))
            return LeastSquaresSolution(
                intercept: refined.intercept, coefficients: refined.beta.map(DoubleDouble.init),
                unscaledVariances: variances, covarianceFactor: factor,
                rank: triangular.rank + (fitIntercept ? 1 : 0),
                residualSumOfSquares: refined.residualSumOfSquares,
                totalSumOfSquares: design.totalSumOfSquares(y), totalWeight: design.totalWeight,
                conditionNumber: condition,
                deficientColumns: triangular.deficientColumns, constantColumns: constantColumns,
                solver: .householderQR, refinementSteps: refined.steps)
        }
    }
}
