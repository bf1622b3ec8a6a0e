import CLossKitKernels
import Foundation
import Testing
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitOptimization

/// The fused per-sample SGD kernel (Sources/CLossKitKernels/sgd_kernels.c,
/// `losskit_sgd_pass_f64`/`_f32`) against the Swift loop of `SGDTrainer.pass`,
/// which stays the reference (and the path of every other loss, penalty and
/// averaging setting), on every instruction set this CPU runs, on sizes that
/// leave vector tails (p not a multiple of 4, 8 or 16).
@Suite struct SGDKernelsTests {
    static let featureCounts = [1, 3, 7, 9, 17, 33, 50, 65]

    /// Seeded rows (row-major), targets from a linear model plus noise, and weights.
    struct Problem<Scalar: SGDScalar> {
        let n: Int, p: Int
        var rows: [Scalar], targets: [Scalar], weights: [Scalar]
        var order: [Int]

        init(n: Int, p: Int, seed: UInt64) {
            self.n = n
            self.p = p
            var rng = SplitMix64(seed: seed)
            func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
            let x = (0..<(n * p)).map { _ in Scalar(3 * uniform()) }
            let beta = (0..<p).map { _ in uniform() }
            var y: [Scalar] = []
            for i in 0..<n {
                var z = 0.5 + 0.1 * uniform()
                for j in 0..<p { z += beta[j] * Double(x[i * p + j]) }
                y.append(Scalar(z))
            }
            var w: [Scalar] = []
            for _ in 0..<n { w.append(Scalar(1 + uniform() / 2)) }
            var shuffled = Array(0..<n)
            sgdShuffle(&shuffled, using: &rng)
            rows = x
            targets = y
            weights = w
            order = shuffled
        }
    }

    /// Three epochs of `SGDTrainer` with the given settings, on the fused kernel
    /// (at `isa`) or on the Swift loop (`isa` nil).
    static func train<Scalar: SGDScalar>(_ problem: Problem<Scalar>, _ configuration: SGDRegressor, weighted: Bool,
                                         isa: KernelInstructionSet?) throws -> (weights: [Scalar], intercept: Scalar, losses: [Double]) {
        var trainer = try SGDTrainer<Scalar>(featureCount: problem.p, configuration: configuration, initialIntercept: 0.25)
        #expect(trainer.usesFusedKernel)
        if let isa { trainer.kernelInstructionSet = isa.rawValue } else { trainer.usesFusedKernel = false }
        var losses: [Double] = []
        for _ in 0..<3 {
            let loss = problem.rows.withUnsafeBufferPointer { x in
                problem.targets.withUnsafeBufferPointer { y in
                    problem.weights.withUnsafeBufferPointer { w in
                        problem.order.withUnsafeBufferPointer { order in
                            trainer.pass(rows: x.baseAddress!, targets: y.baseAddress!, sampleWeights: weighted ? w.baseAddress! : nil, order: order)
                        }
                    }
                }
            }
            losses.append(loss)
        }
        return (trainer.weights, trainer.intercept, losses)
    }

    /// The settings the kernel takes: squared error, per-sample steps, L2 or none, no averaging.
    static func configurations() -> [SGDRegressor] {
        var l2 = SGDRegressor()
        l2.alpha = 0.01
        l2.learningRate = .invscaling
        l2.eta0 = 0.02
        var none = l2
        none.penalty = .none
        none.learningRate = .constant
        none.fitIntercept = false
        var optimal = l2
        optimal.learningRate = .optimal
        optimal.alpha = 0.5
        var elasticNetWithoutL1 = l2
        elasticNetWithoutL1.penalty = .elasticNet(l1Ratio: 0)
        return [l2, none, optimal, elasticNetWithoutL1]
    }

    /// Every variant agrees with the Swift loop to rounding: the dot products
    /// are summed in another order (and the next row's through
    /// w'·x' = shrink·(w·x') + g·(x·x')), nothing else differs.
    static func check<Scalar: SGDScalar>(_: Scalar.Type, p: Int, tolerance: Double) throws {
        let problem = Problem<Scalar>(n: 37, p: p, seed: UInt64(p))
        for (c, configuration) in configurations().enumerated() {
            for weighted in [false, true] {
                let reference = try train(problem, configuration, weighted: weighted, isa: nil)
                let scale = reference.weights.reduce(Double(abs(reference.intercept))) { max($0, Double(abs($1))) }
                for isa in [KernelInstructionSet.portable, .avx2, .avx512] {
                    let fused = try train(problem, configuration, weighted: weighted, isa: isa)
                    let label = "\(Scalar.self) p \(p) settings \(c) weighted \(weighted) \(isa)"
                    for j in 0..<p {
                        #expect(abs(Double(fused.weights[j]) - Double(reference.weights[j])) <= tolerance * scale, "\(label) w[\(j)]")
                    }
                    #expect(abs(Double(fused.intercept) - Double(reference.intercept)) <= tolerance * scale, "\(label) intercept")
                    for (a, b) in zip(fused.losses, reference.losses) {
                        #expect(abs(a - b) <= tolerance * max(1, abs(b)), "\(label) loss \(a) vs \(b)")
                    }
                }
            }
        }
    }

    @Test(arguments: featureCounts)
    func doubleKernelAgreesWithTheSwiftLoop(p: Int) throws {
        try Self.check(Double.self, p: p, tolerance: 1e-11)
    }

    @Test(arguments: featureCounts)
    func floatKernelAgreesWithTheSwiftLoop(p: Int) throws {
        try Self.check(Float.self, p: p, tolerance: 2e-4)
    }

    /// A pass cut into calls (as the trainer cuts it into blocks of rates) is
    /// the same pass: only the first dot product of each call is taken
    /// directly instead of through the look-ahead identity.
    @Test(arguments: [KernelInstructionSet.portable, .avx2, .avx512])
    func aPassCutIntoCallsIsThePassInOneCall(isa: KernelInstructionSet) {
        let problem = Problem<Double>(n: 101, p: 13, seed: 7)
        let rates = (0..<problem.n).map { 0.05 / Double($0 + 1).squareRoot() }
        func run(cuts: [Int]) -> ([Double], Double, Double) {
            var w = [Double](repeating: 0, count: problem.p), b = 0.1, loss = 0.0
            var start = 0
            for end in cuts + [problem.n] {
                rates.withUnsafeBufferPointer { eta in
                    loss += losskit_sgd_pass_f64(isa.rawValue, problem.p, problem.rows, problem.targets, problem.weights, problem.order,
                                                 start, end, problem.n, eta.baseAddress! + start, 1e-3, 1, &w, &b)
                }
                start = end
            }
            return (w, b, loss)
        }
        let whole = run(cuts: []), cut = run(cuts: [1, 2, 40, 41, 99])
        for j in 0..<problem.p { #expect(abs(whole.0[j] - cut.0[j]) <= 1e-12 * max(1, abs(whole.0[j])), "w[\(j)]") }
        #expect(abs(whole.1 - cut.1) <= 1e-12)
        #expect(abs(whole.2 - cut.2) <= 1e-12 * whole.2)
        // An empty range changes nothing.
        var w = whole.0, b = whole.1
        let none = losskit_sgd_pass_f64(isa.rawValue, problem.p, problem.rows, problem.targets, nil, problem.order, 5, 5, problem.n,
                                        rates, 1e-3, 1, &w, &b)
        #expect(none == 0 && w == whole.0 && b == whole.1)
    }

    /// The settings the kernel does not take keep the Swift loop.
    @Test func otherSettingsKeepTheSwiftLoop() throws {
        var variants: [SGDRegressor] = []
        var e = SGDRegressor()
        e.loss = .huber(epsilon: 1); variants.append(e)
        e = SGDRegressor(); e.penalty = .l1; variants.append(e)
        e = SGDRegressor(); e.average = true; variants.append(e)
        e = SGDRegressor(); e.batchSize = 4; variants.append(e)
        for v in variants {
            #expect(try !SGDTrainer<Double>(featureCount: 3, configuration: v, initialIntercept: 0).usesFusedKernel)
        }
        #expect(try SGDTrainer<Float>(featureCount: 3, configuration: SGDRegressor(), initialIntercept: 0).usesFusedKernel)
    }

    /// The rates a block asks for are the rates of one update after another.
    @Test func ratesInBlocksAreTheRatesOneByOne() {
        let schedules: [LearningRateSchedule] = [
            .constant(eta0: 0.3), .invscaling(eta0: 0.01, power: 0.25), .invscaling(eta0: 0.01, power: 0.5),
            .invscaling(eta0: 0.01, power: 0.3), .optimal(alpha: 1e-4, offset: 17), .adaptive(eta0: 0.1),
        ]
        for schedule in schedules {
            var one = LearningRateScheduler(schedule), block = one
            _ = one.next(); _ = block.next()
            let expected = (0..<300).map { _ in one.next() }
            var rates = [Double](repeating: 0, count: 300)
            rates.withUnsafeMutableBufferPointer { block.next(into: $0) }
            #expect(rates == expected, "\(schedule)")
            #expect(block.updates == one.updates)
            // t^¼ and t^½ are square roots: within an ulp or two of pow.
            if case let .invscaling(eta0, power) = schedule {
                for (i, rate) in rates.enumerated() {
                    let exact = eta0 / pow(Double(i + 2), power)
                    #expect(abs(rate - exact) <= 4 * exact.ulp, "\(schedule) t \(i + 2)")
                }
            }
        }
    }

    /// The shuffled row-major copy holds data row i at position[i], scaled
    /// exactly as the plain transpose scales it.
    @Test func theShuffledCopyIsThePermutedTranspose() throws {
        let n = 301, p = 7
        var rng = SplitMix64(seed: 3)
        let columns = (0..<p).map { _ in (0..<n).map { _ in Double(rng.next() >> 11) / Double(1 << 40) - 2000 } }
        let x = try Matrix(columns: columns)
        var position = Array(0..<n)
        sgdShuffle(&position, using: &rng)
        for scaling in [SGDFeatureScaling.identity(p), SGDFeatureScaling(means: (0..<p).map { Double($0) }, scales: (0..<p).map { 0.5 + Double($0) })] {
            let natural = scaling.rowMajor(x, as: Double.self)
            let shuffled = scaling.rowMajor(x, as: Double.self, positions: position)
            let single = scaling.rowMajor(x, as: Float.self, positions: position)
            for i in 0..<n {
                for j in 0..<p {
                    #expect(natural[i * p + j] == (columns[j][i] - scaling.means[j]) * (1 / scaling.scales[j]))
                    #expect(shuffled[position[i] * p + j] == natural[i * p + j])
                    #expect(single[position[i] * p + j] == Float(natural[i * p + j]))
                }
            }
        }
    }

    /// The moments summed chunk by chunk are the two-pass moments to rounding.
    @Test(arguments: [false, true])
    func chunkedMomentsAreTheTwoPassMoments(weighted: Bool) throws {
        let n = 70_001, p = 3
        var rng = SplitMix64(seed: 11)
        let columns = (0..<p).map { j in (0..<n).map { _ in 1e3 * Double(j) + Double(rng.next() >> 11) / Double(1 << 53) } }
        let targets = (0..<n).map { _ in Double(rng.next() >> 11) / Double(1 << 53) }
        let weights: [Double]? = weighted ? (0..<n).map { _ in 0.5 + Double(rng.next() >> 11) / Double(1 << 53) } : nil
        var moments = SGDMoments(featureCount: p)
        moments.add(features: try Matrix(columns: columns), targets: targets, weights: weights)
        let w = weights ?? [Double](repeating: 1, count: n)
        let total = w.reduce(0, +)
        #expect(abs(moments.weight - total) <= 1e-12 * total)
        for j in 0..<p {
            let mean = zip(w, columns[j]).reduce(0) { $0 + $1.0 * $1.1 } / total
            let ss = zip(w, columns[j]).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
            #expect(abs(moments.means[j] - mean) <= 1e-13 * max(1, abs(mean)), "mean \(j)")
            #expect(abs(moments.squares[j] - ss) <= 1e-10 * ss, "squares \(j)")
        }
        let targetMean = zip(w, targets).reduce(0) { $0 + $1.0 * $1.1 } / total
        #expect(abs(moments.targetMean - targetMean) <= 1e-13)
    }
}
