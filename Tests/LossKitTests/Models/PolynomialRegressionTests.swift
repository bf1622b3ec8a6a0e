import Testing
@testable import LossKit

@Suite struct PolynomialRegressionTests {
    @Test(arguments: ["Norris", "Pontius", "Filip", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"])
    func nistPolynomialSets(name: String) throws {
        let set = try NISTDataSet(name)
        let fit = try PolynomialRegression(degree: set.meta.degree ?? 0).fit(x: set.features[0], y: set.y)
        let est = [fit.intercept] + fit.coefficients
        let sd = [fit.interceptStatistics.standardError] + fit.standardErrors
        let lre = zip(est, set.certifiedCoefficients).map(NISTDataSet.lre)
        let lreSD = zip(sd, set.certifiedStandardDeviations).map(NISTDataSet.lre)
        print(name, lre, lreSD, NISTDataSet.lre(fit.residualStandardDeviation, set.certifiedResidualSD), NISTDataSet.lre(fit.rSquared, set.certifiedRSquared))
        #expect(lre.allSatisfy { $0 >= 9 })
        #expect(lreSD.allSatisfy { $0 >= 8 })
    }
}
