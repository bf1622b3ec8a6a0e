import CLossKitKernels
import LossKitNumerics

/// The scalar types a neural network trains in (internal: the public API
/// chooses one with `MLPRegressor.Precision`): `Float` (the default) and
/// `Double`. Each brings its matrix product (`neuralMatrixProduct`) and the
/// elementary functions of the activations (from `Real`).
protocol NeuralScalar: LossScalar, Sendable, CustomStringConvertible {
    /// The product behind `neuralMatrixProduct` (BLAS `gemm` semantics).
    static func matrixProduct(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// One dense layer on a batch, `output ← f(Wᵀ·input + bias)`: `W` is
    /// `fanIn × fanOut` (column-major), `input` `fanIn × batch`, `output`
    /// `fanOut × batch`, `bias` `fanOut` values added to every column, `f` the
    /// activation (`nil`: the identity of the output layer). The product is
    /// `neuralMatrixProduct`'s (the same bits), the bias is added to the
    /// rounded product, then `f`.
    /// - Float: one fused call (`FloatKernels.gemmBiasActivation`: bias and
    ///   relu in registers, tanh and logistic with its vectorized functions).
    /// - Double: the product, then the bias and `MLPActivation.apply`.
    /// - Complexity: `2·fanIn·fanOut·batch` flops.
    static func denseLayer(
        weights: UnsafePointer<Self>, bias: UnsafePointer<Self>, input: UnsafePointer<Self>,
        output: UnsafeMutablePointer<Self>, fanIn: Int, fanOut: Int, batch: Int, activation: MLPActivation?)
    /// `g[i] ← a[i] > 0 ? g[i] : 0` for `i < count` (the relu derivative;
    /// a NaN activation gives 0), vectorized (`losskit_srelu_backward`).
    static func reluBackward(_ g: UnsafeMutablePointer<Self>, activations a: UnsafePointer<Self>, count: Int)
    /// `out[i] = Σⱼ x[i + j·rows]` over `columns` columns, added in column
    /// order from 0 (a bias gradient), vectorized (`losskit_srow_sums`).
    static func rowSums(_ x: UnsafePointer<Self>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Self>)
    /// `"float"` or `"double"`: the model file's `scalar` field.
    static var precisionName: String { get }
    /// The network in the fitted model's type-erased storage.
    static func erase(_ network: MLPNetwork<Self>) -> AnyMLPNetwork
}

extension Float: NeuralScalar {
    static func matrixProduct(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        FloatKernels.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                          b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    static func denseLayer(
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, fanIn: Int, fanOut: Int, batch: Int, activation: MLPActivation?
    ) {
        guard fanOut > 0, batch > 0 else { return }
        let kernelActivation: FloatKernels.Activation = switch activation {
        case nil, .identity?: .identity
        case .relu?: .relu
        case .tanh?: .tanh
        case .logistic?: .logistic
        }
        FloatKernels.gemmBiasActivation(transA: true, m: fanOut, n: batch, k: fanIn, a: weights, lda: fanIn,
                                        b: input, ldb: fanIn, c: output, ldc: fanOut,
                                        bias: .perRow(bias), activation: kernelActivation)
    }

    static func reluBackward(_ g: UnsafeMutablePointer<Float>, activations a: UnsafePointer<Float>, count: Int) {
        losskit_srelu_backward(Int32(LOSSKIT_ISA_BEST), count, g, a)
    }

    static func rowSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
        losskit_srow_sums(Int32(LOSSKIT_ISA_BEST), rows, columns, x, rows, out)
    }

    static var precisionName: String { "float" }
}

extension Double: NeuralScalar {
    static func matrixProduct(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        losskit_dgemm(Int32(LOSSKIT_ISA_BEST), transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    static func denseLayer(
        weights: UnsafePointer<Double>, bias: UnsafePointer<Double>, input: UnsafePointer<Double>,
        output: UnsafeMutablePointer<Double>, fanIn: Int, fanOut: Int, batch: Int, activation: MLPActivation?
    ) {
        guard fanOut > 0, batch > 0 else { return }
        matrixProduct(transA: true, transB: false, m: fanOut, n: batch, k: fanIn, alpha: 1, a: weights, lda: fanIn,
                      b: input, ldb: fanIn, beta: 0, c: output, ldc: fanOut)
        for j in 0..<batch {
            let column = output + j * fanOut
            for i in 0..<fanOut { column[i] += bias[i] }
        }
        activation?.apply(output, count: fanOut * batch)
    }

    static func reluBackward(_ g: UnsafeMutablePointer<Double>, activations a: UnsafePointer<Double>, count: Int) {
        losskit_drelu_backward(Int32(LOSSKIT_ISA_BEST), count, g, a)
    }

    static func rowSums(_ x: UnsafePointer<Double>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Double>) {
        losskit_drow_sums(Int32(LOSSKIT_ISA_BEST), rows, columns, x, rows, out)
    }

    static var precisionName: String { "double" }
}

extension Float {
    static func erase(_ network: MLPNetwork<Float>) -> AnyMLPNetwork { .float(network) }
}

extension Double {
    static func erase(_ network: MLPNetwork<Double>) -> AnyMLPNetwork { .double(network) }
}
