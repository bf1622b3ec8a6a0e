import LossKitNumerics

/// A fully connected feed-forward network: the weights and the forward and
/// backward passes, without training policy (that is `MLPTraining`).
///
/// Layer `l` maps `sizes[l]` inputs to `sizes[l + 1]` outputs,
/// `a_{l+1} = f(W_lᵀ·a_l + b_l)` with `f` the hidden activation, and the
/// identity on the last layer. All parameters live in one flat array (what
/// the optimizer's step rule updates): for each layer, `W_l` column-major
/// `sizes[l] × sizes[l + 1]` (scikit-learn's `coefs_[l]` layout), then `b_l`.
///
/// Batches are stored one sample per column: an `inputs × batch` block in,
/// `outputs × batch` out, so gathering shuffled rows copies contiguous
/// columns and every product is a plain column-major `gemm`.
struct MLPNetwork<Scalar: NeuralScalar>: Sendable, Equatable {
    /// `[inputs, hidden…, outputs]`.
    let sizes: [Int]
    let activation: MLPActivation
    /// Every weight and bias, layer by layer (see the type's comment).
    var parameters: [Scalar]
    /// Where `W_l` starts in `parameters`; `b_l` follows it.
    let weightOffsets: [Int]

    var layerCount: Int { sizes.count - 1 }
    var inputCount: Int { sizes[0] }
    var outputCount: Int { sizes[sizes.count - 1] }
    func biasOffset(_ l: Int) -> Int { weightOffsets[l] + sizes[l] * sizes[l + 1] }

    /// The parameter count of a network with these layer sizes.
    /// Saturates at `Int.max` instead of trapping when the sizes are absurd
    /// (a tampered model file, a huge `--hidden`): callers compare it to a count.
    static func parameterCount(sizes: [Int]) -> Int {
        var total = 0
        for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
            let (bias, o1) = fanIn.addingReportingOverflow(1)
            let (layer, o2) = bias.multipliedReportingOverflow(by: fanOut)
            let (sum, o3) = total.addingReportingOverflow(layer)
            if o1 || o2 || o3 { return .max }
            total = sum
        }
        return total
    }

    /// A network with the given parameters (`parameters.count` must be
    /// `parameterCount(sizes:)`; the callers check).
    init(sizes: [Int], activation: MLPActivation, parameters: [Scalar]) {
        self.sizes = sizes
        self.activation = activation
        self.parameters = parameters
        var offsets: [Int] = []
        var offset = 0
        for l in 0..<(sizes.count - 1) {
            offsets.append(offset)
            offset += (sizes[l] + 1) * sizes[l + 1]
        }
        weightOffsets = offsets
    }

    /// A freshly initialized network.
    ///
    /// - `glorotUniform` (scikit-learn's `MLPRegressor`): weights and biases of
    ///   layer l uniform in `±√(c / (fan_in + fan_out))`, `c = 2` for the
    ///   logistic activation and 6 otherwise.
    /// - `heUniform` (He et al. 2015, for ReLU): weights uniform in
    ///   `±√(6 / fan_in)`, biases 0.
    ///
    /// Uniform draws take the top 53 bits of SplitMix64 outputs, layer by
    /// layer, weights before biases: the same seed gives the same network
    /// in Float and Double up to the rounding of each value.
    static func initialized(sizes: [Int], activation: MLPActivation, initialization: MLPRegressor.Initialization,
                            generator: inout SplitMix64) -> MLPNetwork {
        var parameters: [Scalar] = []
        parameters.reserveCapacity(parameterCount(sizes: sizes))
        func uniform(_ bound: Double) -> Scalar {
            let u = Double(generator.next() >> 11) * 0x1p-53
            return Scalar((2 * u - 1) * bound)
        }
        for l in 0..<(sizes.count - 1) {
            let fanIn = Double(sizes[l]), fanOut = Double(sizes[l + 1])
            switch initialization {
            case .glorotUniform:
                let bound = ((activation == .logistic ? 2 : 6) / (fanIn + fanOut)).squareRoot()
                for _ in 0..<(sizes[l] * sizes[l + 1] + sizes[l + 1]) { parameters.append(uniform(bound)) }
            case .heUniform:
                let bound = (6 / fanIn).squareRoot()
                for _ in 0..<(sizes[l] * sizes[l + 1]) { parameters.append(uniform(bound)) }
                for _ in 0..<sizes[l + 1] { parameters.append(0) }
            }
        }
        return MLPNetwork(sizes: sizes, activation: activation, parameters: parameters)
    }

    /// `Σ‖W_l‖²` over the weights (not the biases), accumulated in Double.
    func squaredWeightNorm() -> Double {
        var total = 0.0
        for l in 0..<layerCount {
            let start = weightOffsets[l], end = start + sizes[l] * sizes[l + 1]
            var s = 0.0
            for i in start..<end { s += Double(parameters[i]) * Double(parameters[i]) }
            total += s
        }
        return total
    }
}

/// The buffers of the forward and backward passes for batches of up to
/// `capacity` samples, allocated once per fit (training allocates nothing
/// per batch).
final class MLPWorkspace<Scalar: NeuralScalar> {
    let sizes: [Int]
    let capacity: Int
    /// `activations[l]`: the output of layer l, `sizes[l + 1] × capacity`.
    let activations: [UnsafeMutablePointer<Scalar>]
    /// Two `max(sizes) × capacity` buffers the backward pass alternates between.
    let deltaA: UnsafeMutablePointer<Scalar>
    let deltaB: UnsafeMutablePointer<Scalar>

    init(sizes: [Int], capacity: Int) {
        self.sizes = sizes
        self.capacity = capacity
        activations = sizes.dropFirst().map { size in
            let p = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, size * capacity))
            p.initialize(repeating: 0, count: max(1, size * capacity))
            return p
        }
        let width = max(1, (sizes.max() ?? 1) * capacity)
        deltaA = .allocate(capacity: width)
        deltaA.initialize(repeating: 0, count: width)
        deltaB = .allocate(capacity: width)
        deltaB.initialize(repeating: 0, count: width)
    }

    deinit {
        for p in activations { p.deallocate() }
        deltaA.deallocate()
        deltaB.deallocate()
    }

    /// The network's output for the last `forward` call, `outputs × batch`.
    var output: UnsafeMutablePointer<Scalar> { activations[activations.count - 1] }
}

extension MLPNetwork {
    /// The forward pass over `batch ≤ workspace.capacity` samples in `input`
    /// (`inputs × batch`, one sample per column); every layer's output is
    /// kept in `workspace.activations` for `backward`.
    /// - Complexity: `2·batch·Σ sizes[l]·sizes[l + 1]` flops.
    func forward(_ input: UnsafePointer<Scalar>, batch: Int, workspace: MLPWorkspace<Scalar>) {
        parameters.withUnsafeBufferPointer { p in
            let p = p.baseAddress.unsafelyUnwrapped
            for l in 0..<layerCount {
                let fanIn = sizes[l], fanOut = sizes[l + 1]
                let source = l == 0 ? input : UnsafePointer(workspace.activations[l - 1])
                let target = workspace.activations[l]
                neuralMatrixProduct(transA: true, m: fanOut, n: batch, k: fanIn, a: p + weightOffsets[l], lda: fanIn,
                                    b: source, ldb: fanIn, c: target, ldc: fanOut)
                let bias = p + biasOffset(l)
                for j in 0..<batch {
                    let column = target + j * fanOut
                    for i in 0..<fanOut { column[i] += bias[i] }
                }
                if l < layerCount - 1 { activation.apply(target, count: fanOut * batch) }
            }
        }
    }

    /// The backward pass after `forward` on the same `input`: with
    /// `workspace.deltaA` holding `∂J/∂ŷ` (`outputs × batch`), writes `∂J/∂θ`
    /// into `gradient` (the layout of `parameters`), adding
    /// `penalty·W_l` to every weight's gradient (the derivative of
    /// `(penalty/2)·‖W‖²`; biases are not penalized). `deltaA` and `deltaB`
    /// are overwritten.
    /// - Complexity: about twice the flops of `forward`.
    func backward(_ input: UnsafePointer<Scalar>, batch: Int, workspace: MLPWorkspace<Scalar>,
                  penalty: Scalar, gradient: UnsafeMutablePointer<Scalar>) {
        parameters.withUnsafeBufferPointer { p in
            let p = p.baseAddress.unsafelyUnwrapped
            var delta = workspace.deltaA, next = workspace.deltaB
            for l in stride(from: layerCount - 1, through: 0, by: -1) {
                let fanIn = sizes[l], fanOut = sizes[l + 1]
                let source = l == 0 ? input : UnsafePointer(workspace.activations[l - 1])
                let weights = p + weightOffsets[l]
                let gW = gradient + weightOffsets[l]
                // ∂J/∂W_l = a_l · δᵀ  (fanIn × fanOut)
                neuralMatrixProduct(transB: true, m: fanIn, n: fanOut, k: batch, a: source, lda: fanIn,
                                    b: delta, ldb: fanOut, c: gW, ldc: fanIn)
                if penalty != 0 {
                    for i in 0..<(fanIn * fanOut) { gW[i] += penalty * weights[i] }
                }
                // ∂J/∂b_l = Σ over the batch of δ
                let gb = gradient + biasOffset(l)
                for i in 0..<fanOut { gb[i] = 0 }
                for j in 0..<batch {
                    let column = delta + j * fanOut
                    for i in 0..<fanOut { gb[i] += column[i] }
                }
                guard l > 0 else { break }
                // δ_{l−1} = (W_l · δ) ⊙ f′(a_l)
                neuralMatrixProduct(m: fanIn, n: batch, k: fanOut, a: weights, lda: fanIn,
                                    b: delta, ldb: fanOut, c: next, ldc: fanIn)
                activation.multiplyByDerivative(next, activations: workspace.activations[l - 1], count: fanIn * batch)
                swap(&delta, &next)
            }
        }
    }
}
