import Testing
@testable import LossKitOptimization

/// The step rules against PyTorch's documented update formulas, written out
/// independently here step by step (torch.optim.Adam / AdamW / SGD docs).
@Suite struct AdamStepTests {
    /// Three Adam steps on f(θ) = ½‖θ‖² by hand: g = θ.
    @Test func adamMatchesTheDocumentedFormulaStepByStep() throws {
        var rule = try AdamStep<Double>(parameterCount: 2)
        var theta: [Double] = [1, -2]
        var m = [0.0, 0.0], v = [0.0, 0.0], expected = theta
        let eta = 0.1
        for t in 1...3 {
            let g = theta
            rule.step(parameters: &theta, gradient: g, learningRate: eta)
            for i in 0..<2 {
                let gi = expected[i]
                m[i] = 0.9 * m[i] + 0.1 * gi
                v[i] = 0.999 * v[i] + 0.001 * gi * gi
                let mHat = m[i] / (1 - pow(0.9, Double(t))), vHat = v[i] / (1 - pow(0.999, Double(t)))
                expected[i] -= eta * mHat / (vHat.squareRoot() + 1e-8)
            }
            for i in 0..<2 { #expect(abs(theta[i] - expected[i]) <= 1e-14 * max(1, abs(expected[i]))) }
        }
    }

    @Test func adamWShrinksBeforeTheStepAndAdamAddsToTheGradient() throws {
        var w = try AdamStep<Double>(parameterCount: 1, weightDecay: 0.5, decoupled: true)
        var a = try AdamStep<Double>(parameterCount: 1, weightDecay: 0.5, decoupled: false)
        var tw: [Double] = [2], ta: [Double] = [2]
        w.step(parameters: &tw, gradient: [0], learningRate: 0.1)
        a.step(parameters: &ta, gradient: [0], learningRate: 0.1)
        // AdamW with g = 0: θ·(1 − 0.05) and a zero Adam step.
        #expect(tw[0] == 2 * (1 - 0.1 * 0.5))
        // Adam with g = 0: g_eff = λθ = 1 > 0, first step ≈ −η.
        #expect(abs(ta[0] - (2 - 0.1 * 1 / (1 + 1e-8))) < 1e-12)
    }

    /// The flat (vectorized) Float pass against the same update written one
    /// element at a time, bit for bit: 37 parameters (vector body and tail),
    /// five steps, Adam with an L2 gradient term and AdamW.
    @Test(arguments: [false, true])
    func floatStepIsTheElementwiseFormulaBitForBit(decoupled: Bool) throws {
        let count = 37
        var rule = try AdamStep<Float>(parameterCount: count, weightDecay: 0.01, decoupled: decoupled)
        var theta = (0..<count).map { Float($0) * 0.37 - 5 }
        var expected = theta
        var m = [Float](repeating: 0, count: count), v = m
        let eta: Float = 0.003
        for t in 1...5 {
            let g = (0..<count).map { i in Float((i * 7 + t * 3) % 11) - 5.5 + theta[i] * 0.1 }
            let ge = (0..<count).map { i in Float((i * 7 + t * 3) % 11) - 5.5 + expected[i] * 0.1 }
            rule.step(parameters: &theta, gradient: g, learningRate: eta)
            let stepSize = Float(Double(eta) / (1 - pow(Double(Float(0.9)), Double(t))))
            let root = Float((1 - pow(Double(Float(0.999)), Double(t))).squareRoot())
            for i in 0..<count {
                var gi = ge[i]
                if decoupled { expected[i] *= 1 - eta * 0.01 } else { gi += 0.01 * expected[i] }
                m[i] = 0.9 * m[i] + (1 - 0.9) * gi
                v[i] = 0.999 * v[i] + (1 - 0.999) * gi * gi
                expected[i] -= stepSize * m[i] / (v[i].squareRoot() / root + 1e-8)
            }
            #expect(theta.map(\.bitPattern) == expected.map(\.bitPattern), "step \(t)")
        }
    }

    @Test func invalidSettingsAreRejectedByName() {
        #expect(throws: OptimizationError.invalidParameter(name: "beta1", value: "1.0", requirement: "must be in [0, 1)")) {
            _ = try AdamStep<Double>(parameterCount: 1, beta1: 1)
        }
        #expect(throws: (any Error).self) { _ = try MomentumStep<Float>(parameterCount: 1, momentum: 0, nesterov: true) }
    }

    @Test func nesterovMomentumMatchesTorchSGD() throws {
        var rule = try MomentumStep<Float>(parameterCount: 1, momentum: 0.9, nesterov: true)
        var theta: [Float] = [1]
        var b: Float = 0, expected: Float = 1
        for t in 0..<4 {
            let g = theta[0]
            rule.step(parameters: &theta, gradient: [g], learningRate: 0.05)
            let ge = expected
            b = t == 0 ? ge : 0.9 * b + ge
            expected -= 0.05 * (ge + 0.9 * b)
            #expect(theta[0] == expected)
        }
    }

    @Test func schedulesFollowScikitLearn() {
        #expect(LearningRateSchedule.invscaling(eta0: 0.01, power: 0.25).rate(atUpdate: 16) == 0.01 / 2)
        #expect(LearningRateSchedule.constant(eta0: 0.3).rate(atUpdate: 99) == 0.3)
        #expect(LearningRateSchedule.optimal(alpha: 0.5, offset: 3).rate(atUpdate: 2) == 1 / (0.5 * 4))
        var adaptive = LearningRateScheduler(.adaptive(eta0: 1), patience: 2)
        #expect(adaptive.next() == 1)
        let goOn1 = adaptive.endEpoch(improved: false)
        #expect(goOn1 && adaptive.current == 1)
        let goOn2 = adaptive.endEpoch(improved: false)
        #expect(goOn2 && adaptive.current == 0.2)
    }
}

#if canImport(Glibc)
import Glibc
#endif
