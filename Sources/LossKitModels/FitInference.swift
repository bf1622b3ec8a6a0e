import LossKitData
import LossKitNumerics

/// Turns a solver's `LeastSquaresSolution` into the public coefficient table
/// and training summary. Shared by every least-squares model so that all of
/// them report inference the same way (statsmodels' OLS/WLS conventions).
enum FitInference {
    /// - Parameters:
    ///   - estimates: parameters in extended precision, intercept first when fitted.
    ///   - variances: the diagonal of `(XᵀWX)⁺` for those parameters (σ² not applied).
    ///   - names: one per estimate.
    ///
    /// Everything is computed in the units the solver worked in
    /// (`solution.scaling`, powers of two) and then unscaled exactly: estimates,
    /// standard errors and interval bounds by `2^(e_y − eⱼ)` (the intercept by
    /// `2^(e_y)`), the residual sum of squares by `2^(2e_y + e_w)`, σ̂ by
    /// `2^(e_y + e_w/2)` (√2 rounded once for an odd `e_w`), `Σw` by `2^(e_w)`; t, p, R², F and the condition
    /// number are scale-free and unchanged. A quantity that is finite in the
    /// scaled problem but overflows in the caller's units is reported as ±∞
    /// with `ModelWarning.notRepresentable` naming it — never silently.
    /// The condition number of a rank-deficient design is +∞ (its smallest
    /// singular value is 0), with the rank-deficiency warning.
    static func summarize(
        estimates: [DoubleDouble], variances: [Double], names: [String], solution: LeastSquaresSolution,
        observationCount n: Int, hasIntercept: Bool, weighted: Bool, confidenceLevel: Double,
        featureNames: [String]
    ) throws -> (coefficients: [RegressionCoefficient], training: TrainingSummary) {
        let rank = solution.rank
        let df = n - rank
        let rss = solution.residualSumOfSquares
        let sigma = df > 0 ? (rss / Double(df)).squareRoot() : .nan
        let tDist = df > 0 ? try StudentTDistribution(degreesOfFreedom: Double(df)) : nil
        let multiplier = try tDist?.quantile(1 - (1 - confidenceLevel) / 2) ?? .nan

        let scaling = solution.scaling
        let exponents = scaling.map { s in
            // Polynomial fits report raw powers of an unscaled basis: only y is scaled.
            s.columnExponents.count + (hasIntercept ? 1 : 0) == estimates.count
                ? s.parameterExponents(hasIntercept: hasIntercept)
                : Array(repeating: s.targetExponent, count: estimates.count)
        } ?? Array(repeating: 0, count: estimates.count)
        var overflowed: [String] = []
        var table: [RegressionCoefficient] = []
        for (i, estimate) in estimates.enumerated() {
            let se = sigma * variances[i].squareRoot()
            let b = estimate.value
            let t = b / se
            let p = tDist?.twoSidedPValue(t) ?? .nan
            let e = exponents[i]
            let unscaled = RegressionCoefficient(
                name: names[i], estimate: estimate.timesPowerOfTwo(e).value, standardError: se.timesPowerOfTwo(e),
                tStatistic: t, pValue: p,
                lower: (b - multiplier * se).timesPowerOfTwo(e), upper: (b + multiplier * se).timesPowerOfTwo(e))
            if b.isFinite && !unscaled.estimate.isFinite { overflowed.append("coefficient \(names[i])") }
            else if se.isFinite && !unscaled.standardError.isFinite { overflowed.append("standard error of \(names[i])") }
            table.append(unscaled)
        }

        let tss = solution.totalSumOfSquares
        let rSquared: Double = tss > 0 ? 1 - rss / tss : (rss == 0 ? 1 : 0)
        let k = hasIntercept ? 1 : 0
        let adjusted = df > 0 ? 1 - (1 - rSquared) * Double(n - k) / Double(df) : .nan
        let modelDF = rank - k
        var fStatistic = Double.nan, fPValue = Double.nan
        if modelDF > 0, df > 0 {
            fStatistic = ((tss - rss) / Double(modelDF)) / (rss / Double(df))
            let fDist = try FDistribution(numeratorDegreesOfFreedom: Double(modelDF),
                                          denominatorDegreesOfFreedom: Double(df))
            fPValue = fDist.survival(fStatistic)
        }

        let parameters = featureNames.count + k
        let condition = rank < parameters ? Double.infinity : solution.conditionNumber
        let ey = scaling?.targetExponent ?? 0, ew = scaling?.weightExponent ?? 0
        let unscaledRSS = rss.timesPowerOfTwo(2 * ey + ew)
        if rss.isFinite && !unscaledRSS.isFinite { overflowed.append("residual sum of squares") }
        // σ̂ scales by 2^(e_y + e_w/2): for an odd e_w one factor √2 (one rounding).
        let halfWeight = ew >= 0 ? ew / 2 : -((-ew + 1) / 2)
        let oddFactor = ew - 2 * halfWeight == 1 ? Double(2).squareRoot() : 1
        let unscaledSigma = (sigma * oddFactor).timesPowerOfTwo(ey + halfWeight)
        if sigma.isFinite && !unscaledSigma.isFinite { overflowed.append("residual standard deviation") }
        var warnings: [ModelWarning] = []
        for j in solution.constantColumns where hasIntercept {
            warnings.append(.constantFeature(name: featureNames[j]))
        }
        if rank < parameters {
            warnings.append(.rankDeficient(rank: rank, parameters: parameters,
                                           dependentFeatures: solution.deficientColumns.map { featureNames[$0] }))
        }
        if rss == 0 { warnings.append(.exactFit) }
        if rank == parameters, condition > 1e10 { warnings.append(.illConditioned(conditionNumber: condition)) }
        if solution.refinementSteps < 0 {
            warnings.append(.refinementDidNotConverge(steps: -solution.refinementSteps))
        }
        if !overflowed.isEmpty { warnings.append(.notRepresentable(quantities: overflowed)) }

        let training = TrainingSummary(
            observationCount: n, totalWeight: solution.totalWeight.timesPowerOfTwo(ew), weighted: weighted,
            solver: solution.solver, rank: rank, degreesOfFreedom: df,
            residualSumOfSquares: unscaledRSS, residualStandardDeviation: unscaledSigma,
            rSquared: rSquared, adjustedRSquared: adjusted, fStatistic: fStatistic, fPValue: fPValue,
            conditionNumber: condition, refinementSteps: abs(solution.refinementSteps), warnings: warnings)
        return (table, training)
    }
}
