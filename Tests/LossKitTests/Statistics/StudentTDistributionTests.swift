import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// Student t against SciPy (Fixtures/models/distributions.json).
@Suite struct StudentTDistributionTests {
    struct TCase: Decodable { let df: Double; let t: Double; let cdf: Double; let sf: Double; let two_sided: Double }
    struct QCase: Decodable { let df: Double; let p: Double; let quantile: Double }
    struct File: Decodable { let student_t: [TCase]; let student_t_quantile: [QCase] }

    /// Relative agreement, with an absolute floor for values that are exactly 0 in SciPy.
    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        if b == 0 { return abs(a) < 1e-300 }
        return abs(a - b) <= tolerance * abs(b)
    }

    @Test func cdfAndTailsMatchSciPy() throws {
        let file = try ModelFixtures.decode(File.self, "distributions")
        #expect(file.student_t.count > 50)
        for c in file.student_t {
            let d = try StudentTDistribution(degreesOfFreedom: c.df)
            #expect(Self.close(d.cdf(c.t), c.cdf, 1e-12), "cdf df=\(c.df) t=\(c.t): \(d.cdf(c.t)) vs \(c.cdf)")
            #expect(Self.close(d.survival(c.t), c.sf, 1e-11), "sf df=\(c.df) t=\(c.t): \(d.survival(c.t)) vs \(c.sf)")
            #expect(Self.close(d.twoSidedPValue(c.t), c.two_sided, 1e-11),
                    "p df=\(c.df) t=\(c.t): \(d.twoSidedPValue(c.t)) vs \(c.two_sided)")
        }
    }

    @Test func quantileMatchesSciPy() throws {
        let file = try ModelFixtures.decode(File.self, "distributions")
        for c in file.student_t_quantile {
            let d = try StudentTDistribution(degreesOfFreedom: c.df)
            let q = try d.quantile(c.p)
            #expect(Self.close(q, c.quantile, 1e-11) || abs(q - c.quantile) < 1e-14,
                    "quantile df=\(c.df) p=\(c.p): \(q) vs \(c.quantile)")
        }
    }

    @Test func badParametersThrow() throws {
        #expect(throws: LossKitError.self) { try StudentTDistribution(degreesOfFreedom: 0) }
        #expect(throws: LossKitError.self) { try StudentTDistribution(degreesOfFreedom: .nan) }
        let d = try StudentTDistribution(degreesOfFreedom: 5)
        #expect(throws: LossKitError.self) { try d.quantile(1) }
        #expect(throws: LossKitError.self) { try d.quantile(.nan) }
        #expect(d.cdf(.nan).isNaN)
        #expect(d.cdf(.infinity) == 1)
        #expect(d.cdf(-.infinity) == 0)
    }
}
