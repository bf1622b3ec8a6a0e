import Foundation
import LossKit
import Testing

/// Kernels whose values overflow on the data are refused before the solver
/// runs (they used to give a NaN intercept and "converged"), and γ = scale
/// follows the units: scaling x by 2^k scales γ by 4^−k exactly.
@Suite struct KernelRangeTests {
    static let x: [[Double]] = [[10, 1], [8, -2], [13, 0.5], [9, 3], [11, -1], [14, 2]]
    static let y: [Double] = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96]

    static func data(scale: Double = 1) throws -> RegressionData {
        try RegressionData(features: Matrix(rowMajor: x.map { $0.map { $0 * scale } }), targets: y)
    }

    static func refusal(_ estimator: KernelSupportVectorRegression, _ data: RegressionData) -> String? {
        do {
            _ = try estimator.fit(data)
            return nil
        } catch let LossKitError.invalidParameter(name, _, _) {
            return name
        } catch {
            return "other: \(error)"
        }
    }

    @Test func aPolynomialDegreeThatOverflowsNamesTheDegree() throws {
        let svr = KernelSupportVectorRegression(kernel: .polynomial(degree: 1_000_000_000, gamma: .value(0.1), coef0: 0))
        #expect(Self.refusal(svr, try Self.data()) == "degree")
    }

    @Test func aModestPolynomialDegreeStillFits() throws {
        let svr = KernelSupportVectorRegression(kernel: .polynomial(degree: 3, gamma: .scale, coef0: 1))
        let model = try svr.fit(try Self.data())
        #expect(model.intercept.isFinite)
        #expect(model.dualObjective.isFinite)
    }

    @Test func aLinearKernelBeyondTheFloatingPointRangeIsRefused() throws {
        #expect(Self.refusal(KernelSupportVectorRegression(kernel: .linear), try Self.data(scale: 0x1p600)) == "kernel")
    }

    @Test func anRBFGammaThatOverflowsIsRefused() throws {
        let svr = KernelSupportVectorRegression(kernel: .rbf(gamma: .value(1e300)))
        #expect(Self.refusal(svr, try Self.data(scale: 1e10)) == "gamma")
    }

    @Test(arguments: [-500, -300, -40, -1, 1, 40, 300, 500])
    func scaleGammaFollowsPowerOfTwoUnitsExactly(k: Int) throws {
        let base = KernelGamma.scale.resolved(for: try Self.data().features)
        let scaled = KernelGamma.scale.resolved(for: try Self.data(scale: Double(sign: .plus, exponent: k, significand: 1)).features)
        let expected = base * Double(sign: .plus, exponent: -k, significand: 1) * Double(sign: .plus, exponent: -k, significand: 1)
        #expect(scaled == expected, "k = \(k)")
        #expect(scaled > 0)
    }

    @Test func rbfWithScaleGammaGivesTheSameFitAtAnyPowerOfTwoUnit() throws {
        let svr = KernelSupportVectorRegression(kernel: .rbf(gamma: .scale), tolerance: 1e-9)
        let base = try svr.fit(try Self.data())
        let scaled = try svr.fit(try Self.data(scale: 0x1p200))
        #expect(scaled.dualObjective == base.dualObjective)
        #expect(scaled.intercept == base.intercept)
    }
}
