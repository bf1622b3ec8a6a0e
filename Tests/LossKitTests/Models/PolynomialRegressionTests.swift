import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

@Suite struct PolynomialRegressionTests {
    /// The NIST polynomial sets through `PolynomialRegression` (the bar itself
    /// is `NISTAccuracyTests`; this also checks the scaled-basis prediction).
    @Test(arguments: ["Norris", "Pontius", "Filip", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"])
    func nistPolynomialSets(name: String) throws {
        let set = try NISTDataSet(name)
        let fit = try PolynomialRegression(degree: set.meta.degree ?? 0).fit(feature: set.features[0], targets: set.y)
        let est = [fit.intercept] + fit.coefficients
        #expect(zip(est, set.certifiedCoefficients).map(NISTDataSet.lre).allSatisfy { $0 >= 9 })
        #expect(fit.coefficientStatistics.map(\.name) == (1...(set.meta.degree ?? 0)).map { "x^\($0)" })
        // Fitted values from the scaled basis agree with the raw-power polynomial
        // evaluated with the certified coefficients, up to the 15-digit rounding
        // of those coefficients and the rounding of the scaled evaluation, relative
        // to the size of the terms, Σ|Bₖxᵏ| + Σ|aₖtᵏ|.
        let cert = set.certifiedCoefficients
        let yHat = fit.predict(set.features[0])
        for (i, x) in set.features[0].enumerated() {
            let raw = cert.reversed().reduce(0.0) { $0 * x + $1 }
            let size = cert.enumerated().reduce(0.0) { $0 + abs($1.element) * Foundation.pow(abs(x), Double($1.offset)) }
            let t = (x - fit.center) / fit.halfRange
            let scaledSize = fit.scaledCoefficients.enumerated().reduce(0.0) {
                $0 + abs($1.element) * Foundation.pow(abs(t), Double($1.offset))
            }
            #expect(abs(yHat[i] - raw) <= 1e-14 * (size + scaledSize), "\(name) row \(i): \(yHat[i]) vs \(raw)")
        }
    }

    @Test func degreeZeroIsTheWeightedMean() throws {
        let fit = try PolynomialRegression(degree: 0).fit(feature: [1, 2, 3, 4], targets: [1, 2, 4, 9], weights: [1, 1, 2, 4])
        #expect(fit.intercept.isApproximatelyEqual(to: (1 + 2 + 8 + 36) / 8.0, relativeTolerance: 1e-15))
        #expect(fit.coefficients.isEmpty)
        #expect(fit.predict([100]) == [fit.intercept])
    }

    @Test func constantXIsRankDeficientNotATrap() throws {
        let fit = try PolynomialRegression(degree: 2).fit(feature: [3, 3, 3, 3, 3], targets: [1, 2, 3, 4, 5])
        #expect(fit.training.rank == 1)
        #expect(fit.training.warnings.contains { if case .rankDeficient = $0 { return true } else { return false } })
        #expect(fit.intercept.isApproximatelyEqual(to: 3, relativeTolerance: 1e-15))
        #expect(fit.coefficients == [0, 0])
    }

    @Test func badInputThrows() {
        #expect(throws: LossKitError.invalidParameter(name: "degree", value: "-1", requirement: "must be >= 0")) {
            try PolynomialRegression(degree: -1).fit(feature: [1, 2, 3], targets: [1, 2, 3])
        }
        #expect(throws: LossKitError.nonFiniteValue(name: "x", row: 1, value: .infinity)) {
            try PolynomialRegression(degree: 1).fit(feature: [1, .infinity, 3], targets: [1, 2, 3])
        }
        #expect(throws: LossKitError.insufficientRows(rows: 3, parameters: 3)) {
            try PolynomialRegression(degree: 2).fit(feature: [1, 2, 3], targets: [1, 2, 3])
        }
        #expect(throws: LossKitError.self) { try PolynomialRegression(degree: 1).fit(feature: [1, 2], targets: [1, 2, 3]) }
    }
}
