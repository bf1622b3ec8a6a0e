import Testing
import LossKit
import RealModule

@Suite struct LossCatalogTests {
    @Test func everyNameBuildsTheLossOfThatName() throws {
        let losses = try LossCatalog.all()
        #expect(losses.map(\.name) == LossCatalog.names)
        #expect(LossCatalog.names == [
            "squared_error", "absolute_error", "huber", "smooth_l1", "log_cosh",
            "pinball", "epsilon_insensitive", "squared_epsilon_insensitive",
        ])
    }

    @Test func parametersReachTheLosses() throws {
        let parameters = LossCatalog.Parameters(delta: 2, beta: 0.25, quantile: 0.8, epsilon: 0.5)
        #expect(try LossCatalog.loss(named: "huber", parameters).description == "huber(delta: 2.0)")
        #expect(try LossCatalog.loss(named: "smooth_l1", parameters).description == "smooth_l1(beta: 0.25)")
        #expect(try LossCatalog.loss(named: "pinball", parameters).description == "pinball(quantile: 0.8)")
        #expect(try LossCatalog.loss(named: "epsilon_insensitive", parameters).value(residual: 1.5) == 1)
        #expect(try LossCatalog.loss(named: "squared_epsilon_insensitive", parameters).value(residual: 1.5) == 1)
    }

    @Test func unknownNamesAndBadParametersThrow() {
        do {
            _ = try LossCatalog.loss(named: "mse")
            Issue.record("accepted an unknown name")
        } catch let LossKitError.invalidParameter(name, value, requirement) {
            #expect(name == "loss" && value == "mse")
            #expect(requirement.contains("squared_error"))
        } catch { Issue.record("\(error)") }
        #expect(throws: LossKitError.invalidParameter(name: "delta", value: "-1.0", requirement: "must be finite and > 0")) {
            try LossCatalog.all(LossCatalog.Parameters(delta: -1))
        }
    }

    /// The type-erased loss reaches the wrapped loss's kernels: same bits.
    @Test func typeErasureKeepsTheFastPathAndDoesNotNest() throws {
        let p: [Float] = (0..<1000).map { Float($0 % 17) * 0.1 }, y: [Float] = (0..<1000).map { Float($0 % 5) * 0.3 }
        let erased = AnyRegressionLoss(AnyRegressionLoss(SquaredError()))
        #expect(erased.base is SquaredError)
        #expect(try erased.loss(predictions: p, targets: y) == SquaredError().loss(predictions: p, targets: y))
        #expect(try erased.valueAndGradient(predictions: p, targets: y).gradient
                == SquaredError().gradient(predictions: p, targets: y))
    }

    /// Every loss of the catalog, erased, gives the bits of the loss called as
    /// its own type (the erased one dispatches to loops compiled for each
    /// loss and scalar type): values and gradients, Double and Float, with and
    /// without weights.
    @Test func everyErasedLossMatchesItsConcreteLoss() throws {
        func check<L: RegressionLoss, T: LossScalar>(_ loss: L, _ scalar: T.Type) throws {
            let n = 1003
            let p = (0..<n).map { T(Double(($0 * 37) % 101) * 0.07 - 3) }
            let y = (0..<n).map { T(Double(($0 * 11) % 89) * 0.05 - 2) }
            let w = (0..<n).map { T(Double($0 % 7) + 0.5) }
            let erased = AnyRegressionLoss(loss)
            for weights in [nil, w] {
                let concreteValue = try loss.loss(predictions: p, targets: y, weights: weights)
                let erasedValue = try erased.loss(predictions: p, targets: y, weights: weights)
                #expect(erasedValue == concreteValue, "\(loss.name) \(T.self) value")
                let concrete = try loss.valueAndGradient(predictions: p, targets: y, weights: weights)
                let viaErased = try erased.valueAndGradient(predictions: p, targets: y, weights: weights)
                #expect(viaErased.value == concrete.value && viaErased.gradient == concrete.gradient,
                        "\(loss.name) \(T.self) gradient")
            }
        }
        for erased in try LossCatalog.all(LossCatalog.Parameters(delta: 0.7, beta: 0.4, quantile: 0.3, epsilon: 0.2)) {
            try check(erased.base, Double.self)
            try check(erased.base, Float.self)
        }
    }
}
