import Testing
@testable import LossKitModels
@testable import LossKitNumerics

/// The backward pass against central finite differences, in Double: every
/// layer's weights and biases, for every activation and every loss, with
/// sample weights and the L2 penalty.
@Suite struct MLPNetworkTests {
    enum LossCase: String, CaseIterable { case squared, huber, absolute }

    /// A small problem: 3 inputs, hidden layers of 4 and 5, 2 outputs, 7 samples.
    struct Problem {
        let sizes = [3, 4, 5, 2]
        let batch = 7
        let inputs: [Double]
        let targets: [Double]
        let weights: [Double]
        let alpha = 0.3

        init() {
            var generator = SplitMix64(seed: 42)
            func draw() -> Double { Double(generator.next() >> 11) * 0x1p-53 * 4 - 2 }
            inputs = (0..<(3 * 7)).map { _ in draw() }
            targets = (0..<(2 * 7)).map { _ in draw() }
            weights = (0..<7).map { _ in 0.5 + abs(draw()) }
        }
    }

    /// J(θ) and, when asked, ∂J/∂θ from the network's backward pass.
    static func objective(_ network: MLPNetwork<Double>, _ problem: Problem, _ loss: LossCase, gradient: UnsafeMutablePointer<Double>?) -> Double {
        let workspace = MLPWorkspace<Double>(sizes: network.sizes, capacity: problem.batch)
        problem.inputs.withUnsafeBufferPointer { network.forward($0.baseAddress!, batch: problem.batch, workspace: workspace) }
        let total = problem.weights.reduce(0, +)
        var sums = [0.0, 0.0]
        let delta = gradient == nil ? nil : workspace.deltaA
        problem.targets.withUnsafeBufferPointer { t in
            problem.weights.withUnsafeBufferPointer { w in
                let output = UnsafePointer(workspace.output)
                switch loss {
                case .squared:
                    MLPTraining<Double>.lossTerms([SquaredError(), SquaredError()], output: output, targets: t.baseAddress!, weights: w.baseAddress!,
                                                  count: problem.batch, total: total, delta: delta, sums: &sums)
                case .huber:
                    let h = try! HuberLoss(delta: 0.4)
                    MLPTraining<Double>.lossTerms([h, h], output: output, targets: t.baseAddress!, weights: w.baseAddress!,
                                                  count: problem.batch, total: total, delta: delta, sums: &sums)
                case .absolute:
                    MLPTraining<Double>.lossTerms([AbsoluteError(), AbsoluteError()], output: output, targets: t.baseAddress!, weights: w.baseAddress!,
                                                  count: problem.batch, total: total, delta: delta, sums: &sums)
                }
            }
        }
        let penalty = problem.alpha / Double(2 * problem.batch)
        if let gradient {
            problem.inputs.withUnsafeBufferPointer {
                network.backward($0.baseAddress!, batch: problem.batch, workspace: workspace, penalty: 2 * penalty, gradient: gradient)
            }
        }
        return sums.reduce(0, +) / (2 * total) + penalty * network.squaredWeightNorm()
    }

    @Test(arguments: MLPActivation.allCases, LossCase.allCases)
    func everyLayersGradientMatchesCentralDifferences(activation: MLPActivation, loss: LossCase) {
        let problem = Problem()
        var generator = SplitMix64(seed: 7)
        let network = MLPNetwork<Double>.initialized(sizes: problem.sizes, activation: activation, initialization: .glorotUniform, generator: &generator)
        var analytic = [Double](repeating: 0, count: network.parameters.count)
        _ = analytic.withUnsafeMutableBufferPointer { Self.objective(network, problem, loss, gradient: $0.baseAddress!) }
        let h = 1e-6
        var worst = 0.0
        for l in 0..<network.layerCount {
            // Layer l's weights and biases, one block of the gradient.
            let start = network.weightOffsets[l], end = network.biasOffset(l) + network.sizes[l + 1]
            for i in start..<end {
                var plus = network, minus = network
                plus.parameters[i] += h
                minus.parameters[i] -= h
                let numeric = (Self.objective(plus, problem, loss, gradient: nil) - Self.objective(minus, problem, loss, gradient: nil)) / (2 * h)
                let error = abs(numeric - analytic[i]) / max(1e-3, abs(numeric))
                worst = max(worst, error)
                #expect(error < 1e-5, "layer \(l), parameter \(i - start): backprop \(analytic[i]), finite difference \(numeric)")
            }
        }
        #expect(worst < 1e-5)
    }

    /// Each activation's derivative (written in terms of its output) against
    /// a central difference of the activation itself.
    @Test(arguments: MLPActivation.allCases)
    func activationDerivativesMatchCentralDifferences(activation: MLPActivation) {
        let z: [Double] = [-3, -0.7, -0.1, 0.2, 0.9, 2.5]
        let h = 1e-6
        for value in z {
            var a = [value], plus = [value + h], minus = [value - h], g = [1.0]
            activation.apply(&a, count: 1)
            activation.apply(&plus, count: 1)
            activation.apply(&minus, count: 1)
            activation.multiplyByDerivative(&g, activations: a, count: 1)
            let numeric = (plus[0] - minus[0]) / (2 * h)
            #expect(abs(g[0] - numeric) < 1e-8, "\(activation) at \(value): \(g[0]) vs \(numeric)")
        }
    }

    @Test func parameterLayoutIsScikitLearnsCoefsThenIntercepts() {
        #expect(MLPNetwork<Float>.parameterCount(sizes: [3, 4, 5, 2]) == 3 * 4 + 4 + 4 * 5 + 5 + 5 * 2 + 2)
        #expect(MLPNetwork<Float>.parameterCount(sizes: [20, 1]) == 21)
        let network = MLPNetwork<Float>(sizes: [3, 4, 1], activation: .relu, parameters: Array(repeating: 0, count: 21))
        #expect(network.weightOffsets == [0, 16])
        #expect(network.biasOffset(0) == 12 && network.biasOffset(1) == 20)
    }

    /// The Float product (the portable loop until SGEMM lands) against the
    /// Double kernel, in every transpose combination.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func floatProductMatchesDoubleKernel(transA: Bool, transB: Bool) {
        let m = 5, n = 7, k = 6
        var generator = SplitMix64(seed: 3)
        func draw(_ count: Int) -> [Float] { (0..<count).map { _ in Float(Int(generator.next() % 17)) - 8 } }
        let a = draw(m * k), b = draw(k * n)
        var cf = draw(m * n)
        var cd = cf.map(Double.init)
        let lda = transA ? k : m, ldb = transB ? n : k
        neuralMatrixProduct(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 2, a: a, lda: lda, b: b, ldb: ldb,
                            beta: 0.5, c: &cf, ldc: m)
        neuralMatrixProduct(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 2, a: a.map(Double.init), lda: lda,
                            b: b.map(Double.init), ldb: ldb, beta: 0.5, c: &cd, ldc: m)
        // Small integers: both are exact.
        #expect(cf.map(Double.init) == cd)
    }
}
