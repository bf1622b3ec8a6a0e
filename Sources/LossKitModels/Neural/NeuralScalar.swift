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

    static var precisionName: String { "double" }
}

extension Float {
    static func erase(_ network: MLPNetwork<Float>) -> AnyMLPNetwork { .float(network) }
}

extension Double {
    static func erase(_ network: MLPNetwork<Double>) -> AnyMLPNetwork { .double(network) }
}
