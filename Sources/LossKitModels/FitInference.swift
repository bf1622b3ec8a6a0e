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

        var table: [RegressionCoefficient] = []
        for (i, estimate) in estimates.enumerated() {
            let se = sigma * variances[i].squareRoot()
            let b = estimate.value
            let t = b / se
            let p = tDist?.twoSidedPValue(t) ?? .nan
            table.append(RegressionCoefficient(
                name: names[i], estimate: b, standardError: se, tStatistic: t, pValue: p,
                lower: b - multiplier * se, upper: b + multiplier * se))
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

        let condition = solution.conditionNumber
        var warnings: [ModelWarning] = []
        for j in solution.constantColumns where hasIntercept {
            warnings.append(.constantFeature(name: featureNames[j]))
        }
        let parameters = featureNames.count + k
        if rank < parameters {
            warnings.append(.rankDeficient(rank: rank, parameters: parameters,
                                           dependentFeatures: solution.deficientColumns.map { featureNames[$0] }))
        }
        if rss == 0 { warnings.append(.exactFit) }
        if condition > 1e10 { warnings.append(.illConditioned(conditionNumber: condition)) }
        if solution.refinementSteps < 0 {
            warnings.append(.refinementDidNotConverge(steps: -solution.refinementSteps))
        }

        let training = TrainingSummary(
            observationCount: n, totalWeight: solution.totalWeight, weighted: weighted,
            solver: solution.solver, rank: rank, degreesOfFreedom: df,
            residualSumOfSquares: rss, residualStandardDeviation: sigma,
            rSquared: rSquared, adjustedRSquared: adjusted, fStatistic: fStatistic, fPValue: fPValue,
            conditionNumber: condition, refinementSteps: abs(solution.refinementSteps), warnings: warnings)
        return (table, training)
    }
}
