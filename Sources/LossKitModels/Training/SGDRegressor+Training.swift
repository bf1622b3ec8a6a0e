import CLossKitKernels
import LossKitData
import LossKitNumerics
import LossKitOptimization

/// The scalar types the SGD training loop runs in: Float and Double.
public typealias SGDScalar = LossScalar & SIMDScalar & Sendable

/// `ℓ(r)` and `dℓ/dr` of the SGD losses, from LossKit's loss types (the half
/// squared error is `SquaredError` halved, as scikit-learn's `squared_error`).
struct SGDLossKernel: Sendable {
    enum Kind: Sendable { case squared, huber(HuberLoss), epsilon(EpsilonInsensitiveLoss), squaredEpsilon(SquaredEpsilonInsensitiveLoss) }
    let kind: Kind

    init(_ loss: SGDRegressor.Loss) throws {
        switch loss {
        case .squaredError: kind = .squared
        // Huber's threshold must be > 0 for `HuberLoss`; ε = 0 makes it the
        // absolute error scaled by 0, which is never a useful fit.
        case let .huber(e): kind = .huber(try HuberLoss(delta: e))
        case let .epsilonInsensitive(e): kind = .epsilon(try EpsilonInsensitiveLoss(epsilon: e))
        case let .squaredEpsilonInsensitive(e): kind = .squaredEpsilon(try SquaredEpsilonInsensitiveLoss(epsilon: e))
        }
    }

    /// `(ℓ(r), dℓ/dr)` of one residual `r = y − ŷ`.
    @inline(__always)
    func evaluate<T: LossScalar>(_ r: T) -> (value: T, slope: T) {
        switch kind {
        case .squared:
            let loss = SquaredError()
            return (loss.value(residual: r) / 2, loss.derivative(residual: r) / 2)
        case let .huber(loss): return (loss.value(residual: r), loss.derivative(residual: r))
        case let .epsilon(loss): return (loss.value(residual: r), loss.derivative(residual: r))
        case let .squaredEpsilon(loss): return (loss.value(residual: r), loss.derivative(residual: r))
        }
    }
}

/// The parameters of a linear model under SGD and one pass of updates over
/// rows given in an order: the per-sample (or per-mini-batch) kernel of
/// `SGDRegressor`, shared by the in-memory fit and the streamed one.
///
/// Rows are row-major `Scalar`s (already standardized by the caller);
/// sample weights, when present, are already scaled to mean 1.
struct SGDTrainer<Scalar: SGDScalar>: Sendable {
    let featureCount: Int
    let loss: SGDLossKernel
    let alpha: Double
    let l1Ratio: Double
    let fitIntercept: Bool
    let averaging: Bool
    let batchSize: Int
    var scheduler: LearningRateScheduler
    var weights: [Scalar]
    var intercept: Scalar
    /// ASGD: the running mean of the iterates, over `averagedSteps` steps.
    var averageWeights: [Scalar]
    var averageIntercept: Scalar
    var averagedSteps = 0
    /// Tsuruoka's cumulative L1 penalty u (the most any weight may have been
    /// pulled towards 0 so far) and, per weight, the pull it received (q).
    var cumulativePenalty = 0.0
    var appliedPenalty: [Double]
    /// Whether per-sample passes run in the fused C kernel
    /// (`losskit_sgd_pass_f64`/`_f32`): the squared error with an L2 penalty
    /// or none, without averaging. Other settings take the Swift loop below;
    /// tests switch the kernel off to compare the two.
    var usesFusedKernel: Bool
    /// The instruction set the fused kernel runs with (`LOSSKIT_ISA_*`).
    var kernelInstructionSet = Int32(LOSSKIT_ISA_BEST)

    /// How many rows ahead of its use a row is prefetched.
    static var prefetchDistance: Int { 8 }

    /// scikit-learn's clip on `dℓ/dŷ` (its `MAX_DLOSS`).
    static var maximumSlope: Scalar { 1e12 }

    init(featureCount p: Int, configuration c: SGDRegressor, initialIntercept: Scalar) throws {
        featureCount = p
        loss = try SGDLossKernel(c.loss)
        alpha = c.penalty == .none ? 0 : c.alpha
        l1Ratio = c.penalty.l1Ratio
        fitIntercept = c.fitIntercept
        averaging = c.average
        batchSize = c.batchSize
        scheduler = LearningRateScheduler(c.schedule, patience: c.patience)
        weights = [Scalar](repeating: 0, count: p)
        intercept = c.fitIntercept ? initialIntercept : 0
        averageWeights = weights
        averageIntercept = intercept
        appliedPenalty = [Double](repeating: 0, count: l1Ratio > 0 ? p : 0)
        if case .squared = loss.kind {
            usesFusedKernel = c.batchSize == 1 && !c.average && (alpha == 0 || l1Ratio == 0)
                && (Scalar.self == Double.self || Scalar.self == Float.self)
        } else {
            usesFusedKernel = false
        }
    }

    /// The model's parameters: the averaged ones with ASGD.
    var modelWeights: [Scalar] { averaging && averagedSteps > 0 ? averageWeights : weights }
    var modelIntercept: Scalar { averaging && averagedSteps > 0 ? averageIntercept : intercept }

    /// `R(w) = (1 − ρ)/2‖w‖² + ρ‖w‖₁` of the model's weights, times α.
    var penaltyValue: Double {
        guard alpha > 0 else { return 0 }
        var squares = 0.0, absolutes = 0.0
        for v in modelWeights { let d = Double(v); squares += d * d; absolutes += abs(d) }
        return alpha * ((1 - l1Ratio) / 2 * squares + l1Ratio * absolutes)
    }

    /// Whether every parameter is finite.
    var isFinite: Bool {
        intercept.isFinite && averageIntercept.isFinite
            && weights.allSatisfy(\.isFinite) && averageWeights.allSatisfy(\.isFinite)
    }

    /// One pass of updates over `order`: returns `Σ ŵᵢ ℓ(rᵢ)` of the visited
    /// rows, each residual taken before its own update (scikit-learn's
    /// running training loss).
    /// - Complexity: O(order.count · p).
    mutating func pass(rows: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>,
                       sampleWeights: UnsafePointer<Scalar>?, order: UnsafeBufferPointer<Int>) -> Double {
        let p = featureCount
        var lossSum = 0.0
        var w = weights
        defer { weights = w }
        return w.withUnsafeMutableBufferPointer { wb -> Double in
            let w = wb.baseAddress!
            let rowBytes = p * MemoryLayout<Scalar>.stride
            let count = order.count
            if batchSize == 1, usesFusedKernel {
                return fusedPass(rows: rows, targets: targets, sampleWeights: sampleWeights, order: order, weights: w)
            }
            /// Visit i of the pass: its row, its clipped slope and its sample
            /// weight; adds its weighted loss to `lossSum`. The rows come in
            /// a random order: the one `prefetchDistance` ahead is asked for
            /// now, so it is in cache when used.
            @inline(__always) func visit(_ i: Int) -> (x: UnsafePointer<Scalar>, slope: Scalar, weight: Scalar) {
                if i + Self.prefetchDistance < count { losskit_prefetch(rows + order[i + Self.prefetchDistance] * p, rowBytes) }
                let k = order[i]
                let x = rows + k * p
                let r = targets[k] - (Self.dot(w, x, p) + intercept)
                let (value, slope) = loss.evaluate(r)
                let sw = sampleWeights?[k] ?? 1
                lossSum += Double(sw * value)
                return (x, min(max(slope, -Self.maximumSlope), Self.maximumSlope), sw)
            }
            if batchSize == 1 {
                for i in 0..<count {
                    let (x, clipped, sw) = visit(i)
                    let eta = scheduler.next()
                    let g = Scalar(eta) * clipped * sw
                    step(w, eta: eta, gradientScale: g, interceptStep: g) { shrink, w in
                        if shrink == 1 {
                            for j in 0..<p { w[j] += g * x[j] }
                        } else {
                            for j in 0..<p { w[j] = shrink * w[j] + g * x[j] }
                        }
                    }
                }
                return lossSum
            }
            var start = 0
            var batchGradient = [Scalar](repeating: 0, count: p)
            batchGradient.withUnsafeMutableBufferPointer { gb in
                let gradient = gb.baseAddress!
                while start < order.count {
                    let end = min(start + batchSize, order.count)
                    for j in 0..<p { gradient[j] = 0 }
                    var interceptGradient: Scalar = 0
                    for i in start..<end {
                        let (x, clipped, sw) = visit(i)
                        let c = clipped * sw
                        interceptGradient += c
                        for j in 0..<p { gradient[j] += c * x[j] }
                    }
                    let eta = scheduler.next()
                    let scale = Scalar(eta) / Scalar(end - start)
                    step(w, eta: eta, gradientScale: scale, interceptStep: scale * interceptGradient) { shrink, w in
                        for j in 0..<p { w[j] = shrink * w[j] + scale * gradient[j] }
                    }
                    start = end
                }
            }
            return lossSum
        }
    }

    /// `pass` in the fused C kernel, in blocks of `rateBlock` steps whose rates
    /// the scheduler gives at once. The same steps as the Swift loop (the
    /// squared error, the L2 shrink, no L1, no averaging); the dot product is
    /// summed in another order, so results agree to rounding.
    private mutating func fusedPass(rows: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>,
                                    sampleWeights: UnsafePointer<Scalar>?, order: UnsafeBufferPointer<Int>,
                                    weights w: UnsafeMutablePointer<Scalar>) -> Double {
        let count = order.count, p = featureCount
        guard count > 0, let orderBase = order.baseAddress else { return 0 }
        let rateBlock = 1024
        var rates = [Double](repeating: 0, count: min(count, rateBlock))
        var lossSum = 0.0, b = intercept
        let isa = kernelInstructionSet, alpha = alpha, fit: Int32 = fitIntercept ? 1 : 0
        rates.withUnsafeMutableBufferPointer { eta in
            var start = 0
            while start < count {
                let end = min(start + rateBlock, count)
                scheduler.next(into: UnsafeMutableBufferPointer(rebasing: eta[0..<(end - start)]))
                let e = eta.baseAddress!
                if Scalar.self == Double.self {
                    let cast = { (q: UnsafePointer<Scalar>?) in q.map { UnsafeRawPointer($0).assumingMemoryBound(to: Double.self) } }
                    withUnsafeMutablePointer(to: &b) { bp in
                        lossSum += losskit_sgd_pass_f64(
                            isa, p, cast(rows), cast(targets), cast(sampleWeights), orderBase, start, end, count, e, alpha, fit,
                            UnsafeMutableRawPointer(w).assumingMemoryBound(to: Double.self),
                            UnsafeMutableRawPointer(bp).assumingMemoryBound(to: Double.self))
                    }
                } else {
                    let cast = { (q: UnsafePointer<Scalar>?) in q.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) } }
                    withUnsafeMutablePointer(to: &b) { bp in
                        lossSum += losskit_sgd_pass_f32(
                            isa, p, cast(rows), cast(targets), cast(sampleWeights), orderBase, start, end, count, e, alpha, fit,
                            UnsafeMutableRawPointer(w).assumingMemoryBound(to: Float.self),
                            UnsafeMutableRawPointer(bp).assumingMemoryBound(to: Float.self))
                    }
                }
                start = end
            }
        }
        intercept = b
        return lossSum
    }

    /// One update at rate `eta`: the L2 shrink and the gradient step
    /// (`apply`), the intercept, Tsuruoka's L1 truncation, then the average.
    @inline(__always)
    private mutating func step(_ w: UnsafeMutablePointer<Scalar>, eta: Double, gradientScale: Scalar, interceptStep: Scalar,
                               apply: (Scalar, UnsafeMutablePointer<Scalar>) -> Void) {
        let p = featureCount
        // Never shrink through 0: a too-large ηα zeroes the weights instead.
        let shrink = alpha > 0 && l1Ratio < 1 ? Scalar(max(0, 1 - (1 - l1Ratio) * eta * alpha)) : 1
        if gradientScale != 0 || shrink != 1 { apply(shrink, w) }
        if fitIntercept { intercept += interceptStep }
        if alpha > 0, l1Ratio > 0 {
            cumulativePenalty += l1Ratio * eta * alpha
            let u = cumulativePenalty
            appliedPenalty.withUnsafeMutableBufferPointer { q in
                for j in 0..<p {
                    let z = Double(w[j])
                    var updated = z
                    if z > 0 { updated = max(0, z - (u + q[j])) } else if z < 0 { updated = min(0, z + (u - q[j])) }
                    let rounded = Scalar(updated)
                    w[j] = rounded
                    q[j] += Double(rounded) - z
                }
            }
        }
        if averaging {
            averagedSteps += 1
            let mu = 1 / Scalar(averagedSteps)
            averageWeights.withUnsafeMutableBufferPointer { a in
                for j in 0..<p { a[j] += (w[j] - a[j]) * mu }
            }
            averageIntercept += (intercept - averageIntercept) * mu
        }
    }

    /// `Σⱼ a[j]·b[j]` with two 8-lane accumulators.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ n: Int) -> Scalar {
        var acc0 = SIMD8<Scalar>(), acc1 = SIMD8<Scalar>()
        var j = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        let stride = MemoryLayout<Scalar>.stride
        while j + 16 <= n {
            acc0 += ra.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<Scalar>.self)
                * rb.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<Scalar>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<Scalar>.self)
                * rb.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<Scalar>.self)
            j += 16
        }
        if j + 8 <= n {
            acc0 += ra.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<Scalar>.self)
                * rb.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<Scalar>.self)
            j += 8
        }
        var s = (acc0 + acc1).sum()
        while j < n { s += a[j] * b[j]; j += 1 }
        return s
    }

    /// `Σ ŵᵢ ℓ(yᵢ − xᵢ·w − b)` over `rows` (0-based), in Double, at the model's parameters.
    func lossSum(rows: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>, sampleWeights: UnsafePointer<Scalar>?,
                 indices: UnsafeBufferPointer<Int>) -> Double {
        let w = modelWeights, b = modelIntercept, p = featureCount
        // At w = 0 (the start) every dot product is 0: the rows need not be read.
        if w.allSatisfy({ $0 == 0 }) {
            var sum = 0.0
            for k in indices { sum += Double(sampleWeights?[k] ?? 1) * loss.evaluate(Double(targets[k]) - Double(b)).value }
            return sum
        }
        return w.withUnsafeBufferPointer { wb in
            var sum = 0.0
            for k in indices {
                let r = Double(targets[k]) - Double(Self.dot(wb.baseAddress!, rows + k * p, p)) - Double(b)
                sum += Double(sampleWeights?[k] ?? 1) * loss.evaluate(r).value
            }
            return sum
        }
    }
}

/// scikit-learn's stopping rule for SGD, epoch by epoch.
///
/// Without early stopping the score is the epoch's objective (lower is
/// better); with it, the validation R² (higher is better). An epoch that does
/// not beat the best so far by `tolerance` counts towards `patience`; the
/// `adaptive` schedule divides η by 5 instead of stopping (its scheduler
/// keeps that count) and stops below η = 10⁻⁶.
struct SGDStoppingRule: Sendable {
    let tolerance: Double?
    let patience: Int
    let higherIsBetter: Bool
    private var best: Double
    private var withoutImprovement = 0

    init(tolerance: Double?, patience: Int, earlyStopping: Bool) {
        self.tolerance = tolerance
        self.patience = patience
        higherIsBetter = earlyStopping
        best = earlyStopping ? -.infinity : .infinity
    }

    /// Records an epoch's score; returns why to stop, or nil to go on.
    mutating func endEpoch(score: Double, scheduler: inout LearningRateScheduler) -> OptimizationStopReason? {
        var improved = true
        if let tolerance {
            improved = higherIsBetter ? !(score < best + tolerance) : !(score > best - tolerance)
        }
        best = higherIsBetter ? max(best, score) : min(best, score)
        if case .adaptive = scheduler.schedule {
            return scheduler.endEpoch(improved: improved) ? nil : .learningRateFloor
        }
        withoutImprovement = improved ? 0 : withoutImprovement + 1
        guard withoutImprovement >= patience else { return nil }
        return higherIsBetter ? .noImprovement : .objectiveTolerance
    }
}

/// The weighted mean and population standard deviation of each feature
/// (scikit-learn's `StandardScaler`), with which the features are
/// standardized for training and the coefficients brought back.
struct SGDFeatureScaling: Sendable, Equatable {
    var means: [Double]
    var scales: [Double]

    /// The identity (no standardization).
    static func identity(_ p: Int) -> SGDFeatureScaling {
        SGDFeatureScaling(means: [Double](repeating: 0, count: p), scales: [Double](repeating: 1, count: p))
    }

    /// A constant column keeps scale 1, as `StandardScaler` does.
    init(means: [Double], scales: [Double]) {
        self.means = means
        self.scales = scales.map { $0 > 0 && $0.isFinite ? $0 : 1 }
    }

    /// The standardized design, row-major, in `Scalar`: data row i at
    /// position `positions[i]` (at i without `positions`), so that a shuffle
    /// costs nothing beyond the transpose. A tile of rows is transposed into
    /// a small buffer that stays in cache, then each row is copied whole to
    /// its position; the result is never zero-filled first, and its pages
    /// are mapped in one call (`losskit_prefault`), not fault by fault.
    /// - Complexity: O(n·p).
    func rowMajor<Scalar: SGDScalar>(_ features: Matrix, as _: Scalar.Type, positions: [Int]? = nil) -> [Scalar] {
        let n = features.rows, p = features.columns
        let inverses = scales.map { 1 / $0 }
        let identity = means.allSatisfy { $0 == 0 } && scales.allSatisfy { $0 == 1 }
        let tile = 64
        var buffer = [Scalar](repeating: 0, count: tile * p)
        return [Scalar](unsafeUninitializedCapacity: n * p) { out, initialized in
            guard let destination = out.baseAddress else { initialized = 0; return }
            // The rows land at random places: map the pages in one go first.
            losskit_prefault(destination, n * p * MemoryLayout<Scalar>.stride)
            features.withUnsafeBufferPointer { x in
                buffer.withUnsafeMutableBufferPointer { block in
                    let t = block.baseAddress!
                    for start in stride(from: 0, to: n, by: tile) {
                        let count = min(tile, n - start)
                        for j in 0..<p {
                            let column = x.baseAddress! + j * n + start
                            if identity {
                                for i in 0..<count { t[i * p + j] = Scalar(column[i]) }
                            } else {
                                let m = means[j], inverse = inverses[j]
                                for i in 0..<count { t[i * p + j] = Scalar((column[i] - m) * inverse) }
                            }
                        }
                        for i in 0..<count {
                            let q = positions?[start + i] ?? (start + i)
                            (destination + q * p).initialize(from: t + i * p, count: p)
                        }
                    }
                }
            }
            initialized = n * p
        }
    }

    /// Coefficients in the original units: `cⱼ = wⱼ / sⱼ`, `c₀ = b − Σ cⱼ mⱼ`.
    func originalScale(weights: [Double], intercept: Double, fitIntercept: Bool) -> (coefficients: [Double], intercept: Double) {
        let c = zip(weights, scales).map { $0 / $1 }
        guard fitIntercept else { return (c, 0) }
        var b = intercept
        for (cj, mj) in zip(c, means) { b -= cj * mj }
        return (c, b)
    }
}

/// Running weighted sums for the means and variances of the features and the
/// target (Chan et al.'s pairwise update of block moments), so a streamed
/// file gives the same scaling as the data in memory.
struct SGDMoments: Sendable {
    var weight = 0.0
    var means: [Double]
    var squares: [Double]
    var targetMean = 0.0

    init(featureCount: Int) {
        means = [Double](repeating: 0, count: featureCount)
        squares = means
    }

    /// Adds the rows of a column-major `n × p` design, with optional weights,
    /// in chunks of `chunkRows` rows: each chunk's column (256 KB) is read
    /// twice while it is in cache (its mean, then its squared deviations), so
    /// the design is read from memory once.
    /// - Complexity: O(n·p).
    mutating func add(features: Matrix, targets: [Double], weights: [Double]?) {
        let n = targets.count, chunkRows = 32_768
        guard n > 0 else { return }
        features.withUnsafeBufferPointer { x in
            withOptionalPointer(weights) { w in
                targets.withUnsafeBufferPointer { y in
                    for start in stride(from: 0, to: n, by: chunkRows) {
                        add(rows: start..<min(start + chunkRows, n), of: x.baseAddress!, rowCount: n, targets: y.baseAddress!, weights: w)
                    }
                }
            }
        }
    }

    /// The rows `rows` of a column-major design with `rowCount` rows.
    private mutating func add(rows: Range<Int>, of x: UnsafePointer<Double>, rowCount n: Int,
                              targets: UnsafePointer<Double>, weights w: UnsafePointer<Double>?) {
        var blockWeight = 0.0
        for i in rows { blockWeight += w?[i] ?? 1 }
        guard blockWeight > 0 else { return }
        let total = weight + blockWeight
        for j in 0..<means.count {
            let column = x + j * n
            var mean = 0.0
            if let w { for i in rows { mean += w[i] * column[i] } } else { for i in rows { mean += column[i] } }
            mean /= blockWeight
            var ss = 0.0
            if let w {
                for i in rows { let d = column[i] - mean; ss += w[i] * d * d }
            } else {
                for i in rows { let d = column[i] - mean; ss += d * d }
            }
            let delta = mean - means[j]
            squares[j] += ss + delta * delta * weight * blockWeight / total
            means[j] += delta * blockWeight / total
        }
        var ym = 0.0
        for i in rows { ym += (w?[i] ?? 1) * targets[i] }
        targetMean += (ym / blockWeight - targetMean) * blockWeight / total
        weight = total
    }

    func scaling(standardize: Bool) -> SGDFeatureScaling {
        guard standardize else { return .identity(means.count) }
        return SGDFeatureScaling(means: means, scales: squares.map { weight > 0 ? ($0 / weight).squareRoot() : 1 })
    }
}

/// Fisher–Yates with SplitMix64 and a multiply-shift bound: the same
/// permutation for a seed on every platform and Swift version.
func sgdShuffle(_ values: inout [Int], using rng: inout SplitMix64) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
        let j = Int(UInt64(i + 1).multipliedFullWidth(by: rng.next()).high)
        values.swapAt(i, j)
    }
}

/// An epoch's visiting order: `positions` cut into runs of `runLength`
/// consecutive entries, the runs in a shuffled order and the entries of each
/// run shuffled. On rows that were shuffled once beforehand every run is a
/// random set of rows, so the order is random for SGD's purposes, while the
/// memory is read in runs of neighbouring rows.
/// - Complexity: O(positions.count).
func sgdRunShuffle(_ positions: [Int], into order: inout [Int], runLength: Int, using rng: inout SplitMix64) {
    let m = positions.count, length = max(1, runLength)
    var runs = Array(0..<((m + length - 1) / length))
    sgdShuffle(&runs, using: &rng)
    if order.count != m { order = [Int](repeating: 0, count: m) }
    positions.withUnsafeBufferPointer { source in
        order.withUnsafeMutableBufferPointer { target in
            var start = 0
            for (r, run) in runs.enumerated() {
                // The runs start at random places: fetch a later run's entries now.
                if r + 4 < runs.count { losskit_prefetch(source.baseAddress! + runs[r + 4] * length, length * MemoryLayout<Int>.stride) }
                let from = run * length, count = min(m, from + length) - from
                for q in 0..<count { target[start + q] = source[from + q] }
                // Fisher–Yates within the run.
                var i = start + count - 1
                while i > start {
                    let j = start + Int(UInt64(i - start + 1).multipliedFullWidth(by: rng.next()).high)
                    target.swapAt(i, j)
                    i -= 1
                }
                start += count
            }
        }
    }
}

/// One in-memory fit: the standardized row-major copy of the data, the
/// validation split, and the epoch loop.
struct SGDInMemoryRun<Scalar: SGDScalar> {
    let configuration: SGDRegressor
    let data: RegressionData
    let scaling: SGDFeatureScaling
    var rows: [Scalar]
    var targets: [Scalar]
    var sampleWeights: [Scalar]?
    var training: [Int]
    var validation: [Int]

    init(_ c: SGDRegressor, data: RegressionData) throws {
        configuration = c
        self.data = data
        let n = data.rowCount, p = data.featureCount
        guard n >= 1 else { throw LossKitError.tooFewValues(name: "rows", count: n, minimum: 1) }
        // The validation split (scikit-learn's ShuffleSplit: ⌈f·n⌉ held out).
        var all = Array(0..<n)
        if c.earlyStopping {
            var rng = SplitMix64(seed: c.seed ^ 0x5EED_5B17)
            sgdShuffle(&all, using: &rng)
            let held = Int((c.validationFraction * Double(n)).rounded(.up))
            guard held >= 1, n - held >= 1 else {
                throw LossKitError.tooFewValues(name: "rows for early stopping (training and validation)", count: n, minimum: 2)
            }
            validation = all[..<held].sorted()
            training = all[held...].sorted()
        } else {
            validation = []
            training = all
        }
        // Standardize with the moments of all rows (as a StandardScaler
        // before SGDRegressor does); without standardization they are not needed.
        let scaling: SGDFeatureScaling
        if c.standardize {
            var moments = SGDMoments(featureCount: p)
            moments.add(features: data.features, targets: data.targets, weights: data.weights)
            scaling = moments.scaling(standardize: true)
        } else {
            scaling = .identity(p)
        }
        self.scaling = scaling
        // The rows are shuffled once, into the row-major copy (position q
        // holds data row placement[q]); each epoch then visits them in
        // shuffled runs of `runLength` neighbours (`sgdRunShuffle`), which
        // reads memory in runs instead of one random row at a time.
        var placement = Array(0..<n)
        var placementRNG = SplitMix64(seed: c.seed ^ 0x0DDB_A115)
        sgdShuffle(&placement, using: &placementRNG)
        var position = [Int](repeating: 0, count: n)
        for q in 0..<n { position[placement[q]] = q }
        rows = scaling.rowMajor(data.features, as: Scalar.self, positions: position)
        targets = placement.map { Scalar(data.targets[$0]) }
        if let w = data.weights {
            // Mean 1 over the training rows: α then means what it means unweighted.
            let mean = training.reduce(0.0) { $0 + w[$1] } / Double(training.count)
            sampleWeights = placement.map { Scalar(w[$0] / mean) }
        }
        // The split, as positions in the shuffled copy.
        if c.earlyStopping {
            var held = [Bool](repeating: false, count: n)
            for k in validation { held[k] = true }
            training = (0..<n).filter { !held[placement[$0]] }
            validation = (0..<n).filter { held[placement[$0]] }
        } else {
            training = all
        }
    }

    /// Rows per run of neighbours an epoch visits together (see `sgdRunShuffle`).
    static var runLength: Int { 16 }

    func run(progress: ((TrainingProgress) -> Void)?) throws -> SGDRegressionModel {
        let c = configuration
        let p = data.featureCount
        let trainingWeight = sampleWeights.map { w in training.reduce(0.0) { $0 + Double(w[$1]) } } ?? Double(training.count)
        var startIntercept = 0.0
        if c.fitIntercept {
            for k in training { startIntercept += Double(sampleWeights?[k] ?? 1) * Double(targets[k]) }
            startIntercept /= trainingWeight
        }
        var trainer = try SGDTrainer<Scalar>(featureCount: p, configuration: c, initialIntercept: Scalar(startIntercept))
        var rng = SplitMix64(seed: c.seed)
        var order = training
        return rows.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                withOptionalPointer(sampleWeights) { sw in
                    let lossSum = { (trainer: SGDTrainer<Scalar>) in
                        training.withUnsafeBufferPointer {
                            trainer.lossSum(rows: x.baseAddress!, targets: y.baseAddress!, sampleWeights: sw, indices: $0)
                        }
                    }
                    let loop = SGDEpochLoop.run(
                        trainer: &trainer, configuration: c, trainingWeight: trainingWeight, startLossSum: lossSum(trainer),
                        epoch: { trainer in
                            sgdRunShuffle(training, into: &order, runLength: Self.runLength, using: &rng)
                            return order.withUnsafeBufferPointer {
                                trainer.pass(rows: x.baseAddress!, targets: y.baseAddress!, sampleWeights: sw, order: $0)
                            }
                        },
                        validationScore: c.earlyStopping ? { trainer in
                            validation.withUnsafeBufferPointer {
                                validationR2(trainer, rows: x.baseAddress!, targets: y.baseAddress!, sampleWeights: sw, indices: $0)
                            }
                        } : nil,
                        progress: progress)
                    return SGDRunOutcome(objective: lossSum(trainer) / trainingWeight + trainer.penaltyValue).finish(
                        trainer: trainer, configuration: c, scaling: scaling, epochs: loop.epochs, stop: loop.stop, history: loop.history,
                        featureNames: data.featureNames, observationCount: data.rowCount,
                        totalWeight: data.weights.map { $0.reduce(0, +) } ?? Double(data.rowCount), weighted: data.weights != nil)
                }
            }
        }
    }

    /// The weighted R² of the model's parameters on the validation rows
    /// (scikit-learn's `score`); 1 for a perfect fit of a constant target, else
    /// 0 when the validation target is constant.
    func validationR2(_ trainer: SGDTrainer<Scalar>, rows: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>,
                      sampleWeights: UnsafePointer<Scalar>?, indices: UnsafeBufferPointer<Int>) -> Double {
        let w = trainer.modelWeights, b = Double(trainer.modelIntercept), p = trainer.featureCount
        var weight = 0.0, mean = 0.0
        for k in indices { let v = Double(sampleWeights?[k] ?? 1); weight += v; mean += v * Double(targets[k]) }
        mean /= weight
        var residual = 0.0, total = 0.0
        w.withUnsafeBufferPointer { wb in
            for k in indices {
                let v = Double(sampleWeights?[k] ?? 1), y = Double(targets[k])
                let r = y - Double(SGDTrainer<Scalar>.dot(wb.baseAddress!, rows + k * p, p)) - b
                residual += v * r * r
                total += v * (y - mean) * (y - mean)
            }
        }
        return total > 0 ? 1 - residual / total : (residual == 0 ? 1 : 0)
    }
}

/// The epochs of an SGD fit, in memory or streamed: one `epoch` pass after
/// another, with scikit-learn's stopping rule, divergence detection (the
/// parameters of the last finite epoch are kept) and a progress report per
/// epoch.
enum SGDEpochLoop {
    /// - Parameters:
    ///   - startLossSum: `Σŵℓ` at the starting parameters (history entry 0).
    ///   - epoch: one pass of updates; returns its running `Σŵℓ`.
    ///   - validationScore: the validation R² (early stopping), or nil.
    static func run<Scalar: SGDScalar>(
        trainer: inout SGDTrainer<Scalar>, configuration c: SGDRegressor, trainingWeight: Double, startLossSum: Double,
        epoch: (inout SGDTrainer<Scalar>) throws -> Double, validationScore: ((SGDTrainer<Scalar>) throws -> Double)?,
        progress: ((TrainingProgress) -> Void)?
    ) rethrows -> (epochs: Int, stop: OptimizationStopReason, history: [Double]) {
        var rule = SGDStoppingRule(tolerance: c.tolerance, patience: c.patience, earlyStopping: validationScore != nil)
        var history = [startLossSum / trainingWeight + trainer.penaltyValue]
        var stop = OptimizationStopReason.iterationLimit
        var epochs = 0
        for number in 1...c.maxEpochs {
            let before = trainer
            let lossSum = try epoch(&trainer)
            let objective = lossSum / trainingWeight + trainer.penaltyValue
            guard objective.isFinite, trainer.isFinite else {
                trainer = before
                stop = .diverged
                break
            }
            epochs = number
            history.append(objective)
            let score = try validationScore?(trainer)
            progress?(TrainingProgress(step: number, message: "epoch \(number)/\(c.maxEpochs), objective \(NumberFormat.significant(objective))"
                + (score.map { ", validation R² \(NumberFormat.significant($0, digits: 5))" } ?? "")))
            if let reason = rule.endEpoch(score: score ?? objective, scheduler: &trainer.scheduler) {
                stop = reason
                break
            }
        }
        return (epochs, stop, history)
    }
}

/// What the epoch loop ends with, and the fitted model built from it.
struct SGDRunOutcome {
    /// The penalized objective at the final parameters (an exact pass).
    var objective: Double

    func finish<Scalar: SGDScalar>(trainer: SGDTrainer<Scalar>, configuration c: SGDRegressor, scaling: SGDFeatureScaling,
                                   epochs: Int, stop: OptimizationStopReason, history: [Double], featureNames: [String],
                                   observationCount: Int, totalWeight: Double, weighted: Bool) -> SGDRegressionModel {
        let (coefficients, intercept) = scaling.originalScale(
            weights: trainer.modelWeights.map(Double.init), intercept: Double(trainer.modelIntercept), fitIntercept: c.fitIntercept)
        var warnings: [String] = []
        switch stop {
        case .diverged:
            warnings.append("training diverged in epoch \(epochs + 1) (a NaN or infinite objective); the parameters after epoch \(epochs) are kept — try a smaller learning rate (eta0) or the optimal/adaptive schedule")
        case .iterationLimit where c.tolerance != nil:
            warnings.append("training did not converge in \(c.maxEpochs) epochs (the objective still changed by more than the tolerance); raise the epoch limit or loosen the tolerance")
        default: break
        }
        return SGDRegressionModel(
            configuration: c, featureNames: featureNames, intercept: intercept, coefficients: coefficients,
            featureMeans: scaling.means, featureScales: scaling.scales,
            epochs: epochs, stopReason: stop, objective: objective, lossHistory: history,
            observationCount: observationCount, totalWeight: totalWeight, weighted: weighted, warnings: warnings)
    }
}

/// `body` with the array's base address, or nil for a nil array.
func withOptionalPointer<T, R>(_ array: [T]?, _ body: (UnsafePointer<T>?) throws -> R) rethrows -> R {
    guard let array else { return try body(nil) }
    return try array.withUnsafeBufferPointer { try body($0.baseAddress) }
}
