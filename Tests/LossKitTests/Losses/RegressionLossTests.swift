import Testing
import LossKit
import RealModule

/// The behaviour every loss shares through the protocol extensions: derivatives
/// (checked by finite differences), weights, reductions, NaN policy, bad input.
@Suite struct RegressionLossTests {
    static let parameters = LossCatalog.Parameters(delta: 1, beta: 0.5, quantile: 0.3, epsilon: 0.25)

    /// Every catalog loss, plus the degenerate parameter values.
    static let losses: [AnyRegressionLoss] = {
        var all = (try? LossCatalog.all(parameters)) ?? []
        if let l1Like = try? SmoothL1Loss(beta: 0) { all.append(AnyRegressionLoss(l1Like)) }
        if let tube0 = try? EpsilonInsensitiveLoss(epsilon: 0) { all.append(AnyRegressionLoss(tube0)) }
        if let sq0 = try? SquaredEpsilonInsensitiveLoss(epsilon: 0) { all.append(AnyRegressionLoss(sq0)) }
        return all
    }()

    @Test func everyLossIsUnderTest() {
        #expect(Self.losses.count == LossCatalog.names.count + 3)
    }

    /// Where the first derivative jumps (the documented kinks), and nowhere else.
    static func expectedKinks(_ loss: AnyRegressionLoss) -> Set<Double> {
        switch loss.description {
        case "absolute_error", "pinball(quantile: 0.3)", "smooth_l1(beta: 0.0)", "epsilon_insensitive(epsilon: 0.0)":
            return [0]
        case "epsilon_insensitive(epsilon: 0.25)": return [0.25, -0.25]
        default: return []
        }
    }

    /// Residuals at, and 1e-3 either side of, every kink of every loss, plus
    /// ordinary and large ones.
    static let residuals: [Double] = {
        let kinks: [Double] = [0, 1, 0.5, 0.25]
        var r: [Double] = []
        for k in kinks {
            for s in [1.0, -1.0] { r += [s * k, s * (k + 1e-3), s * (k - 1e-3)] }
        }
        return r + [0.1, -0.37, 2.5, -3.75, 20, -40]
    }()

    @Test(arguments: losses)
    func derivativeMatchesFiniteDifferences(loss: AnyRegressionLoss) {
        let kinks = Self.expectedKinks(loss)
        let h = 1e-6
        for r in Self.residuals {
            let f = { (x: Double) in loss.value(residual: x) }
            let g = loss.derivative(residual: r)
            let right = (f(r + h) - f(r)) / h, left = (f(r) - f(r - h)) / h
            if kinks.contains(r) {
                // Not differentiable: a subgradient lies between the one-sided slopes (convex).
                #expect(left - 1e-6 <= g && g <= right + 1e-6, "\(loss) at r = \(r): \(left) ≤ \(g) ≤ \(right)")
                #expect(loss.secondDerivative(residual: r).isNaN, "\(loss) at kink \(r)")
                #expect(right - left > 1e-3, "\(loss): r = \(r) is not a kink after all")
            } else {
                let central = (f(r + h) - f(r - h)) / (2 * h)
                #expect(g.isApproximatelyEqual(to: central, absoluteTolerance: 1e-6 * max(1, abs(r)), relativeTolerance: 1e-6),
                        "\(loss) at r = \(r): \(g) vs \(central)")
                #expect(!loss.secondDerivative(residual: r).isNaN, "\(loss) at \(r)")
            }
            // With respect to the prediction: the opposite sign.
            let y = 0.75, p = y - r
            #expect(loss.derivative(prediction: p, target: y) == -loss.derivative(residual: y - p))
            #expect(loss.value(prediction: p, target: y) == f(y - p))
            #expect(loss.secondDerivative(prediction: p, target: y).isNaN
                    ? loss.secondDerivative(residual: y - p).isNaN
                    : loss.secondDerivative(prediction: p, target: y) == loss.secondDerivative(residual: y - p))
        }
    }

    @Test(arguments: losses)
    func secondDerivativeMatchesFiniteDifferences(loss: AnyRegressionLoss) {
        let h = 1e-6
        for r in Self.residuals {
            let d2 = loss.secondDerivative(residual: r)
            if d2.isNaN { continue }  // a kink: checked above
            let d = { (x: Double) in loss.derivative(residual: x) }
            let right = (d(r + h) - d(r)) / h, left = (d(r) - d(r - h)) / h
            // At a point where only the second derivative jumps, it must be one side's value.
            let matchesLeft = d2.isApproximatelyEqual(to: left, absoluteTolerance: 1e-4, relativeTolerance: 1e-4)
            let matchesRight = d2.isApproximatelyEqual(to: right, absoluteTolerance: 1e-4, relativeTolerance: 1e-4)
            #expect(matchesLeft || matchesRight, "\(loss) at r = \(r): \(d2) vs \(left) | \(right)")
            #expect(d2 >= 0, "convex loss")
        }
    }

    /// The array gradient of the reduced loss is its derivative with respect to
    /// each prediction (perturb one prediction, recompute the weighted mean).
    @Test(arguments: losses)
    func reducedGradientMatchesFiniteDifferences(loss: AnyRegressionLoss) throws {
        let y: [Double] = (0..<40).map { Double($0 % 9) * 0.7 - 2 }
        let p: [Double] = (0..<40).map { Double($0 % 5) * 0.45 - 0.93 }
        let w: [Double] = (0..<40).map { Double($0 % 4) * 0.5 + 0.25 }
        for reduction in [Reduction.mean, .sum] {
            let g = try loss.gradient(predictions: p, targets: y, weights: w, reduction: reduction)
            for i in stride(from: 0, to: 40, by: 3) {
                var up = p, down = p
                let h = 1e-6
                up[i] += h
                down[i] -= h
                let fd = (try loss.loss(predictions: up, targets: y, weights: w, reduction: reduction)
                    - loss.loss(predictions: down, targets: y, weights: w, reduction: reduction)) / (2 * h)
                #expect(g[i].isApproximatelyEqual(to: fd, absoluteTolerance: 1e-6, relativeTolerance: 1e-5),
                        "\(loss) \(reduction) at \(i): \(g[i]) vs \(fd)")
            }
        }
    }

    @Test(arguments: losses)
    func nonNegativeAndZeroAtZero(loss: AnyRegressionLoss) {
        #expect(loss.value(residual: 0.0) == 0)
        #expect(loss.value(residual: Float(0)) == 0)
        for r in Self.residuals + [1e10, -1e10, 1e300, -1e300] {
            #expect(loss.value(residual: r) >= 0, "\(loss) at \(r)")
        }
        #expect(loss.value(residual: Double.nan).isNaN)
        #expect(loss.derivative(residual: Double.nan).isNaN)
        #expect(loss.secondDerivative(residual: Double.nan).isNaN)
        #expect(loss.value(residual: Double.infinity) == .infinity)
        #expect(loss.value(residual: -Double.infinity) == .infinity)
    }

    /// All weights 1 is the same as no weights, for every reduction.
    @Test(arguments: losses)
    func unitWeightsEqualNoWeights(loss: AnyRegressionLoss) throws {
        let y: [Float] = (0..<77).map { Float($0 % 13) * 0.31 - 1.5 }
        let p: [Float] = (0..<77).map { Float($0 % 7) * 0.52 - 1.1 }
        let ones = [Float](repeating: 1, count: 77)
        for reduction in [Reduction.mean, .sum] {
            #expect(try loss.loss(predictions: p, targets: y, weights: ones, reduction: reduction)
                    == loss.loss(predictions: p, targets: y, reduction: reduction))
            #expect(try loss.gradient(predictions: p, targets: y, weights: ones, reduction: reduction)
                    == loss.gradient(predictions: p, targets: y, reduction: reduction))
        }
        #expect(try loss.values(predictions: p, targets: y, weights: ones) == loss.values(predictions: p, targets: y))
    }

    /// Σ values == loss(.sum); gradient(.none) == gradient(.sum); fused == separate.
    @Test(arguments: losses)
    func reductionsAgree(loss: AnyRegressionLoss) throws {
        let y: [Double] = (0..<70).map { Double($0 % 11) * 0.4 - 2 }
        let p: [Double] = (0..<70).map { Double($0 % 3) * 0.9 - 1 }
        let w: [Double] = (0..<70).map { Double($0 % 5) }
        let values = try loss.values(predictions: p, targets: y, weights: w)
        let sum = try loss.loss(predictions: p, targets: y, weights: w, reduction: .sum)
        #expect(Summation.compensatedSum(count: 70) { values[$0] }.isApproximatelyEqual(to: sum, relativeTolerance: 1e-14))
        let mean = try loss.loss(predictions: p, targets: y, weights: w)
        #expect(mean.isApproximatelyEqual(to: sum / w.reduce(0, +), relativeTolerance: 1e-14))
        #expect(try loss.gradient(predictions: p, targets: y, weights: w, reduction: .none)
                == loss.gradient(predictions: p, targets: y, weights: w, reduction: .sum))
        let (v, g) = try loss.valueAndGradient(predictions: p, targets: y, weights: w)
        #expect(v == mean)
        #expect(g == (try loss.gradient(predictions: p, targets: y, weights: w)))
        // The buffer form with an output buffer.
        var out = [Double](repeating: .nan, count: 70)
        let v2 = try p.withUnsafeBufferPointer { pb in
            try y.withUnsafeBufferPointer { yb in
                try out.withUnsafeMutableBufferPointer { ob in
                    try loss.valueAndGradient(predictions: pb, targets: yb, into: ob)
                }
            }
        }
        #expect(v2 == (try loss.loss(predictions: p, targets: y)))
        #expect(out == (try loss.gradient(predictions: p, targets: y)))
    }

    // MARK: Bad input

    @Test func countMismatchNamesBothInputs() {
        let loss = SquaredError()
        #expect(throws: LossKitError.countMismatch(name: "predictions", count: 3, otherName: "targets", otherCount: 2)) {
            try loss.loss(predictions: [1.0, 2, 3], targets: [1, 2])
        }
        #expect(throws: LossKitError.countMismatch(name: "weights", count: 1, otherName: "predictions", otherCount: 2)) {
            try loss.gradient(predictions: [1.0, 2], targets: [1, 2], weights: [1])
        }
        #expect(throws: LossKitError.countMismatch(name: "predictions", count: 1, otherName: "targets", otherCount: 0)) {
            try loss.values(predictions: [Float(1)], targets: [])
        }
        var out = [Double](repeating: 0, count: 1)
        #expect(throws: LossKitError.countMismatch(name: "gradient", count: 1, otherName: "predictions", otherCount: 2)) {
            try [1.0, 2].withUnsafeBufferPointer { p in
                try out.withUnsafeMutableBufferPointer { o in
                    try loss.valueAndGradient(predictions: p, targets: p, into: o)
                }
            }
        }
        let description = LossKitError.countMismatch(name: "predictions", count: 3, otherName: "targets", otherCount: 2).description
        #expect(description.contains("predictions has 3") && description.contains("targets has 2"))
    }

    @Test(arguments: [(-1.0, 2), (Double.nan, 1), (Double.infinity, 0), (-Double.infinity, 3)])
    func invalidWeightsThrowWithTheirIndex(bad: Double, index: Int) throws {
        var w: [Double] = [1, 2, 3, 4]
        w[index] = bad
        for loss in Self.losses {
            #expect(throws: LossKitError.self) {
                try loss.loss(predictions: [1.0, 2, 3, 4], targets: [0, 0, 0, 0], weights: w)
            }
            do {
                _ = try loss.gradient(predictions: [1.0, 2, 3, 4], targets: [0, 0, 0, 0], weights: w, reduction: .sum)
                Issue.record("\(loss) accepted weight \(bad)")
            } catch let error as LossKitError {
                guard case let .invalidWeight(i, value) = error else { Issue.record("\(error)"); continue }
                #expect(i == index)
                #expect(value.isNaN ? bad.isNaN : value == bad)
            }
        }
        // NaN weights are only skipped under .skip; the others still throw.
        if bad.isNaN {
            let skipped = try SquaredError().loss(predictions: [1.0, 2, 3, 4], targets: [0, 0, 0, 0], weights: w, nanPolicy: .skip)
            // Sample 1 (NaN weight) dropped: (1·1 + 3·9 + 4·16) / (1 + 3 + 4).
            let expected: Double = (1 * 1 + 3 * 9 + 4 * 16) / 8
            #expect(skipped == expected)
        } else {
            #expect(throws: LossKitError.invalidWeight(index: index, value: bad)) {
                try SquaredError().values(predictions: [1.0, 2, 3, 4], targets: [0, 0, 0, 0], weights: w, nanPolicy: .skip)
            }
        }
    }

    @Test func invalidWeightsInLongBuffersAreFoundPastTheFastPass() {
        var w = [Float](repeating: 0.5, count: 5000)
        w[4321] = -0.0001
        #expect(throws: LossKitError.invalidWeight(index: 4321, value: Double(Float(-0.0001)))) {
            try SquaredError().loss(predictions: w, targets: w, weights: w)
        }
        // -0.0 is a valid (zero) weight.
        w[4321] = -0.0
        #expect((try? SquaredError().loss(predictions: w, targets: w, weights: w)) == 0)
    }

    @Test func zeroTotalWeightAndEmptyInput() throws {
        let loss = try HuberLoss(delta: 1)
        #expect(throws: LossKitError.zeroTotalWeight) {
            try loss.loss(predictions: [1.0, 2], targets: [0, 0], weights: [0, 0])
        }
        #expect(throws: LossKitError.zeroTotalWeight) {
            try loss.gradient(predictions: [1.0, 2], targets: [0, 0], weights: [0, 0])
        }
        #expect(try loss.loss(predictions: [1.0, 2], targets: [0, 0], weights: [0, 0], reduction: .sum) == 0)
        let empty = LossKitError.tooFewValues(name: "predictions", count: 0, minimum: 1)
        #expect(throws: empty) { try loss.loss(predictions: [Double](), targets: []) }
        #expect(throws: empty) { try SquaredError().valueAndGradient(predictions: [Float](), targets: []) }
        #expect(try loss.loss(predictions: [Double](), targets: [], reduction: .sum) == 0)
        #expect(try loss.values(predictions: [Double](), targets: []) == [])
        #expect(try loss.gradient(predictions: [Double](), targets: [], reduction: .sum) == [])
    }

    @Test func reductionNoneIsForValuesOnly() {
        #expect(throws: LossKitError.self) {
            try SquaredError().loss(predictions: [1.0], targets: [2], reduction: .none)
        }
        #expect(throws: LossKitError.self) {
            try SquaredError().valueAndGradient(predictions: [1.0], targets: [2], reduction: .none)
        }
    }

    // MARK: NaN policy

    @Test(arguments: losses)
    func nanPropagatesOrIsSkipped(loss: AnyRegressionLoss) throws {
        // 40 elements so SquaredError's SIMD body sees the NaN too.
        var p: [Double] = (0..<40).map { Double($0) * 0.1 }
        let y: [Double] = (0..<40).map { Double($0 % 6) * 0.5 }
        var w: [Double] = (0..<40).map { Double($0 % 3) + 1 }
        p[7] = .nan
        w[33] = .nan
        #expect(try loss.loss(predictions: p, targets: y).isNaN)
        #expect(try loss.values(predictions: p, targets: y)[7].isNaN)
        // Reference: the same with samples 7 and 33 removed.
        let keep = (0..<40).filter { $0 != 7 && $0 != 33 }
        let kp = keep.map { p[$0] }, ky = keep.map { y[$0] }, kw = keep.map { w[$0] }
        let skipped = try loss.loss(predictions: p, targets: y, weights: w, nanPolicy: .skip)
        #expect(skipped.isApproximatelyEqual(to: try loss.loss(predictions: kp, targets: ky, weights: kw), relativeTolerance: 1e-14))
        let g = try loss.gradient(predictions: p, targets: y, weights: w, nanPolicy: .skip)
        let kg = try loss.gradient(predictions: kp, targets: ky, weights: kw)
        #expect(g[7] == 0 && g[33] == 0)
        for (j, i) in keep.enumerated() {
            #expect(g[i].isApproximatelyEqual(to: kg[j], absoluteTolerance: 1e-15, relativeTolerance: 1e-14))
        }
        let values = try loss.values(predictions: p, targets: y, weights: w, nanPolicy: .skip)
        #expect(values[7] == 0 && values[33] == 0)
        let unweighted = try loss.loss(predictions: p, targets: y, nanPolicy: .skip)
        #expect(unweighted.isApproximatelyEqual(
            to: try loss.loss(predictions: (0..<40).filter { $0 != 7 }.map { p[$0] },
                              targets: (0..<40).filter { $0 != 7 }.map { y[$0] }),
            relativeTolerance: 1e-14))
        // Everything skipped: the mean is NaN, the sum 0.
        let allNaN = [Double](repeating: .nan, count: 3)
        #expect(try loss.loss(predictions: allNaN, targets: [1, 2, 3], nanPolicy: .skip).isNaN)
        #expect(try loss.loss(predictions: allNaN, targets: [1, 2, 3], reduction: .sum, nanPolicy: .skip) == 0)
    }
}

#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
/// Float16 works wherever the platform has it (a bonus, not a promise of speed):
/// the generic loop, sums in Double.
@Suite struct Float16LossTests {
    @Test func huberAndSquaredErrorInFloat16() throws {
        let p: [Float16] = (0..<100).map { Float16(Double($0 % 9) * 0.25 - 1) }
        let y: [Float16] = (0..<100).map { Float16(Double($0 % 4) * 0.5) }
        let pd = p.map(Double.init), yd = y.map(Double.init)
        for loss in try LossCatalog.all() {
            let half = Double(try loss.loss(predictions: p, targets: y))
            let double = try loss.loss(predictions: pd, targets: yd)
            #expect(half.isApproximatelyEqual(to: double, relativeTolerance: 2e-3), "\(loss)")
        }
        let rmse = try SquaredError().rootMeanSquaredError(predictions: p, targets: y)
        #expect(Double(rmse).isApproximatelyEqual(
            to: try SquaredError().rootMeanSquaredError(predictions: pd, targets: yd), relativeTolerance: 2e-3))
    }
}
#endif
