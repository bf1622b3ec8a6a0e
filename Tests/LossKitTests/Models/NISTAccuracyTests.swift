import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The accuracy bar: NIST StRD linear regression, every set, every estimate.
/// ≥ 9 correct digits in every coefficient, ≥ 8 in every standard deviation
/// and in the residual SD; R² checked too. (The measured table is in
/// docs/accuracy.md.)
@Suite struct NISTAccuracyTests {
    struct Scores: CustomStringConvertible {
        var coefficients: [Double]
        var standardDeviations: [Double]
        var residualSD: Double
        var rSquared: Double
        var description: String {
            "coef \(coefficients.map { ($0 * 10).rounded() / 10 }) sd \(standardDeviations.map { ($0 * 10).rounded() / 10 }) rsd \(residualSD) r2 \(rSquared)"
        }
    }

    /// Fits the set the way a user would: the polynomial sets with
    /// `PolynomialRegression` (or a no-intercept `LinearRegression` for NoInt),
    /// Longley with `LinearRegression`.
    static func scores(_ set: NISTDataSet) throws -> Scores {
        let estimates: [Double], sds: [Double], rsd: Double, r2: Double
        if let degree = set.meta.degree, set.meta.intercept {
            let fit = try PolynomialRegression(degree: degree).fit(feature: set.features[0], targets: set.y)
            estimates = [fit.intercept] + fit.coefficients
            sds = [fit.interceptStatistics.standardError] + fit.standardErrors
            rsd = fit.residualStandardDeviation
            r2 = fit.rSquared
        } else {
            let x = try Matrix(columns: set.features)
            let fit = try LinearRegression(fitIntercept: set.meta.intercept).fit(features: x, targets: set.y)
            estimates = (fit.interceptStatistics.map { [$0.estimate] } ?? []) + fit.coefficients
            sds = (fit.interceptStatistics.map { [$0.standardError] } ?? []) + fit.standardErrors
            rsd = fit.residualStandardDeviation
            r2 = fit.rSquared
        }
        let cert = set.certifiedCoefficients, certSD = set.certifiedStandardDeviations
        return Scores(
            coefficients: zip(estimates, cert).map(NISTDataSet.lre),
            standardDeviations: zip(sds, certSD).map(NISTDataSet.lre),
            residualSD: NISTDataSet.lre(rsd, set.certifiedResidualSD),
            rSquared: NISTDataSet.lre(r2, set.certifiedRSquared))
    }

    @Test(arguments: NISTDataSet.names)
    func certifiedDigits(name: String) throws {
        let set = try NISTDataSet(name)
        #expect(set.certifiedCoefficients.count == set.meta.certified.coefficients.count)
        let s = try Self.scores(set)
        #expect(s.coefficients.count == set.certifiedCoefficients.count)
        #expect(s.coefficients.allSatisfy { $0 >= 9 }, "\(name): \(s)")
        #expect(s.standardDeviations.allSatisfy { $0 >= 8 }, "\(name): \(s)")
        #expect(s.residualSD >= 8, "\(name): \(s)")
        #expect(s.rSquared >= 8, "\(name): \(s)")
        print("NIST \(name): min coefficient LRE \(s.coefficients.min() ?? 0), min SD LRE \(s.standardDeviations.min() ?? 0), residual SD LRE \(s.residualSD), R² LRE \(s.rSquared)")
    }
}
