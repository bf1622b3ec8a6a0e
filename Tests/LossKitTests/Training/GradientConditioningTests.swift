import Foundation
import Testing
@testable import LossKitModels
@testable import LossKitNumerics

/// κ of the least-squares Hessian, raw and standardized, against the
/// closed-form eigenvalues of small designs (derived in each test's comment).
@Suite struct GradientConditioningTests {
    /// Two uncorrelated ±1 features with scales 1 and 1000 and zero means:
    /// H = diag(1, 1, 10⁶) with the intercept, so κ_raw = 10⁶; standardized
    /// diag(1, 1, 1), κ = 1.
    @Test func scaledOrthogonalFeatures() throws {
        let a: [Double] = [1, -1, 1, -1], b: [Double] = [1000, 1000, -1000, -1000]
        let data = try RegressionData(features: Matrix(columns: [a, b]), targets: [0, 1, 2, 3])
        let c = try GradientConditioning(data: data)
        #expect(abs(c.rawConditionNumber - 1e6) <= 1e-9 * 1e6)
        #expect(abs(c.standardizedConditionNumber - 1) <= 1e-12)
        #expect(abs(c.rawEigenvalues.largest - 1e6) <= 1e-9 * 1e6 && abs(c.rawEigenvalues.smallest - 1) <= 1e-9)
        #expect(abs(c.standardizedEigenvalues.largest - 1) <= 1e-12 && abs(c.standardizedEigenvalues.smallest - 1) <= 1e-12)
        #expect(c.warning != nil)
        #expect(c.warning!.contains("standardizes"))
    }

    /// One feature with mean m and variance 1: H = [[1, m], [m, 1 + m²]],
    /// eigenvalues (2 + m² ± m√(m² + 4))/2, κ ≈ m⁴ + … for large m. Units
    /// and offsets matter raw, never after standardizing.
    @Test(arguments: [0.0, 3.0, 100.0])
    func offsetFeature(mean m: Double) throws {
        let x: [Double] = [m - 1, m + 1, m - 1, m + 1]
        let data = try RegressionData(features: Matrix(columns: [x]), targets: [1, 2, 3, 4])
        let c = try GradientConditioning(data: data)
        let root = (m * m + 4).squareRoot()
        let expected = (2 + m * m + m * root) / (2 + m * m - m * root)
        #expect(abs(c.rawConditionNumber - expected) <= 1e-8 * expected)
        #expect(c.standardizedConditionNumber == 1)
        #expect((c.warning != nil) == (3.45 * expected > 1e4))
    }

    @Test func collinearFeaturesAreInfinitelyIllConditioned() throws {
        let x: [Double] = [1, 2, 3, 4, 5]
        let data = try RegressionData(features: Matrix(columns: [x, x.map { 2 * $0 }]), targets: [1, 2, 3, 4, 6])
        let c = try GradientConditioning(data: data)
        #expect(c.rawConditionNumber == .infinity)
        #expect(c.standardizedConditionNumber == .infinity)
    }

    @Test func ratesFollowTheClassicalBounds() {
        #expect(GradientConditioning.gradientDescentRate(conditionNumber: 9) == 0.8)
        #expect(GradientConditioning.nesterovRate(conditionNumber: 9) == 0.5)
        // ln(1e6)/(2 ln(11/9)) for κ = 10.
        #expect(abs(GradientConditioning.iterations(10) - log(1e6) / (2 * log(11.0 / 9))) < 1e-9)
    }
}
