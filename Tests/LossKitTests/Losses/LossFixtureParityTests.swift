import Testing
import LossKit
import RealModule

/// Every loss × reduction × weights against PyTorch / scikit-learn / mpmath,
/// in Float and Double.
@Suite struct LossFixtureParityTests {
    static let fixtures = Result { try LossFixtures.load() }

    @Test func fixtureHasEveryCaseTheTestsRunOver() throws {
        let fixtures = try Self.fixtures.get()
        #expect(fixtures.generated_by == "scripts/generate_loss_fixtures.py")
        #expect(Set(fixtures.cases.map(\.key)) == Set(LossFixtures.keys))
        #expect(Set(fixtures.cases.map(\.loss)) == Set(LossCatalog.names))
    }

    @Test(arguments: LossFixtures.keys, Precision.allCases)
    func parity(key: String, precision: Precision) throws {
        let fixtures = try Self.fixtures.get()
        let c = try fixtures.case(key)
        switch precision {
        case .float: try check(Float.self, c, fixtures, precision.relativeTolerance)
        case .double: try check(Double.self, c, fixtures, precision.relativeTolerance)
        }
    }

    private func check<T: LossScalar>(_: T.Type, _ c: LossFixtures.Case, _ f: LossFixtures, _ tol: Double) throws {
        let loss = try c.makeLoss()
        let p = f.predictions.map { T($0) }, y = f.targets.map { T($0) }, w = f.weights.map { T($0) }
        func d(_ a: [T]) -> [Double] { a.map { Double($0) } }
        func close(_ a: T, _ e: Double) -> Bool { Double(a).isApproximatelyEqual(to: e, relativeTolerance: tol) }

        // Per element: value and derivative w.r.t. the prediction.
        let values = d(zip(p, y).map { loss.value(prediction: $0, target: $1) })
        #expect(approximatelyEqual(values, c.values, relative: tol), "\(firstMismatch(values, c.values, relative: tol))")
        let derivs = d(zip(p, y).map { loss.derivative(prediction: $0, target: $1) })
        #expect(approximatelyEqual(derivs, c.derivatives, relative: tol), "\(firstMismatch(derivs, c.derivatives, relative: tol))")

        // Reduction .none
        let none = d(try loss.values(predictions: p, targets: y))
        #expect(approximatelyEqual(none, c.values, relative: tol))
        let weightedNone = d(try loss.values(predictions: p, targets: y, weights: w))
        let expectedWeighted = zip(f.weights, c.values).map { $0 * $1 }
        #expect(approximatelyEqual(weightedNone, expectedWeighted, relative: tol))

        // .sum and .mean, unweighted and weighted.
        #expect(close(try loss.loss(predictions: p, targets: y, reduction: .sum), c.sum))
        #expect(close(try loss.loss(predictions: p, targets: y), c.mean))
        #expect(close(try loss.loss(predictions: p, targets: y, weights: w, reduction: .sum), c.weighted_sum))
        #expect(close(try loss.loss(predictions: p, targets: y, weights: w), c.weighted_mean))
        if let m = c.sklearn_mean, let wm = c.sklearn_weighted_mean {
            #expect(close(try loss.loss(predictions: p, targets: y), m))
            #expect(close(try loss.loss(predictions: p, targets: y, weights: w), wm))
        }

        // Gradients of the reduced loss, alone and fused with the value.
        let cases: [(weights: [T]?, reduction: Reduction, value: Double, gradient: [Double])] = [
            (nil, .sum, c.sum, c.gradient_sum),
            (nil, .mean, c.mean, c.gradient_mean),
            (w, .sum, c.weighted_sum, c.gradient_weighted_sum),
            (w, .mean, c.weighted_mean, c.gradient_weighted_mean),
        ]
        for e in cases {
            let g = d(try loss.gradient(predictions: p, targets: y, weights: e.weights, reduction: e.reduction))
            #expect(approximatelyEqual(g, e.gradient, relative: tol),
                    "\(e.reduction) weighted=\(e.weights != nil): \(firstMismatch(g, e.gradient, relative: tol))")
            let (v, g2) = try loss.valueAndGradient(predictions: p, targets: y, weights: e.weights, reduction: e.reduction)
            #expect(close(v, e.value))
            #expect(approximatelyEqual(d(g2), e.gradient, relative: tol))
        }
        // .none gradient: per-element (weighted) derivatives.
        let gNone = d(try loss.gradient(predictions: p, targets: y, weights: w, reduction: .none))
        #expect(approximatelyEqual(gNone, c.gradient_weighted_sum, relative: tol))
    }
}
