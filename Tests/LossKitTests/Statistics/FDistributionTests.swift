import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// F distribution against SciPy (Fixtures/models/distributions.json).
@Suite struct FDistributionTests {
    struct FCase: Decodable { let d1: Double; let d2: Double; let f: Double; let cdf: Double; let sf: Double }
    struct File: Decodable { let f: [FCase] }

    @Test func cdfAndSurvivalMatchSciPy() throws {
        let file = try ModelFixtures.decode(File.self, "distributions")
        #expect(file.f.count > 20)
        for c in file.f {
            let d = try FDistribution(numeratorDegreesOfFreedom: c.d1, denominatorDegreesOfFreedom: c.d2)
            #expect(StudentTDistributionTests.close(d.cdf(c.f), c.cdf, 1e-12), "cdf \(c): \(d.cdf(c.f))")
            #expect(StudentTDistributionTests.close(d.survival(c.f), c.sf, 1e-10), "sf \(c): \(d.survival(c.f))")
        }
    }

    @Test func badParametersThrow() {
        #expect(throws: LossKitError.self) { try FDistribution(numeratorDegreesOfFreedom: -1, denominatorDegreesOfFreedom: 3) }
        #expect(throws: LossKitError.self) { try FDistribution(numeratorDegreesOfFreedom: 1, denominatorDegreesOfFreedom: .infinity) }
    }
}
