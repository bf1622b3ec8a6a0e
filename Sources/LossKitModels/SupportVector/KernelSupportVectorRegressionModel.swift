import CLossKitKernels
import Dispatch
import Foundation
import LossKitData
import LossKitNumerics

/// A fitted kernel SVR: `ŷ(x) = Σₘ βₘ k(svₘ, x) + b` over its support vectors.
///
/// Model file (docs/model-file-format.md): the common header with
/// `"kind": "kernel-svr"`, then `featureNames`, `kernel` (`name`, `gamma`,
/// `coef0`, `degree`), `loss`, `C`, `epsilon`, `intercept`, `supportVectorCount`,
/// `supportVectors` and `dualCoefficients` (IEEE-754 binary64 little-endian,
/// base64: exact, and a file of 10⁵ support vectors parses in a fraction of
/// a second), `supportRows`, `dualObjective`, `iterations`, `converged`, `training`.
public struct KernelSupportVectorRegressionModel: Sendable {
    public let featureNames: [String]
    /// The kernel with γ resolved to the number the fit used.
    public let kernel: SupportVectorKernel
    public let loss: KernelSupportVectorRegression.Loss
    public let c: Double
    public let epsilon: Double
    /// b (libsvm's −ρ).
    public let intercept: Double
    /// The support vectors, row-major: `supportVectorCount × p`.
    public let supportVectorValues: [Double]
    /// βₘ = α⁺ₘ − α⁻ₘ, one per support vector.
    public let dualCoefficients: [Double]
    /// Training rows (0-based, after rows of weight 0 were left out) that are support vectors.
    public let supportRows: [Int]
    /// The dual objective `½ αᵀQα + pᵀα` at the solution (libsvm's `obj`).
    public let dualObjective: Double
    public let iterations: Int
    public let converged: Bool
    public let fitSummary: FitSummary
    /// ‖svₘ‖² (`losskit_panel_dot`, as the kernel sums its dot products).
    private let squaredNorms: [Double]
    /// The support vectors packed in panels of eight (`losskit_pack_panels`).
    private let panels: [Double]

    public var supportVectorCount: Int { dualCoefficients.count }

    init(featureNames: [String], kernel: SupportVectorKernel, loss: KernelSupportVectorRegression.Loss, c: Double,
         epsilon: Double, intercept: Double, supportVectors: [Double], dualCoefficients: [Double], supportRows: [Int],
         dualObjective: Double, iterations: Int, converged: Bool, fitSummary: FitSummary) {
        self.featureNames = featureNames
        self.kernel = kernel
        self.loss = loss
        self.c = c
        self.epsilon = epsilon
        self.intercept = intercept
        self.supportVectorValues = supportVectors
        self.dualCoefficients = dualCoefficients
        self.supportRows = supportRows
        self.dualObjective = dualObjective
        self.iterations = iterations
        self.converged = converged
        self.fitSummary = fitSummary
        let p = featureNames.count
        let m = dualCoefficients.count
        squaredNorms = supportVectors.withUnsafeBufferPointer { sv in
            (0..<m).map { s in losskit_panel_dot(p, sv.baseAddress! + s * p, sv.baseAddress! + s * p) }
        }
        panels = [Double](unsafeUninitializedCapacity: max((m + 7) / 8 * 8 * p, 1)) { buffer, count in
            supportVectors.withUnsafeBufferPointer { sv in
                if m > 0 { losskit_pack_panels(m, p, sv.baseAddress!, nil, buffer.baseAddress!) }
            }
            count = max((m + 7) / 8 * 8 * p, 1)
            if m == 0 { buffer[0] = 0 }
        }
    }

    /// Predictions for the rows of `x` (columns in `featureNames` order).
    ///
    /// Each prediction is one pass over the support vectors packed in panels
    /// of eight (`losskit_kernel_panels_sum`: dot products, kernel and
    /// `Σ βₘ k(·)` fused, AVX-512 or AVX2 when the CPU has them), summed in a
    /// fixed order, so the result is the same bits whatever the number of
    /// threads, the instruction set, and after a model-file round trip. RBF uses `‖a‖² + ‖b‖² − 2a·b` as
    /// libsvm's training kernel does (absolute error ~10⁻¹⁶·‖x‖² in the exponent).
    /// - Throws: `LossKitError.shapeMismatch` for a wrong column count.
    /// - Complexity: O(rows · support vectors · p), on all cores for large inputs.
    public func predict(_ x: Matrix) throws -> [Double] {
        let p = featureNames.count
        guard x.columns == p else {
            throw LossKitError.shapeMismatch(name: "features", expected: "\(p) columns", actual: "\(x.columns)")
        }
        let rows = x.rows, m = supportVectorCount
        var out = [Double](repeating: intercept, count: rows)
        guard rows > 0, m > 0 else { return out }
        var rowMajor = [Double](repeating: 0, count: rows * p)
        x.withUnsafeBufferPointer { columns in
            for j in 0..<p { for i in 0..<rows { rowMajor[i * p + j] = columns[j * rows + i] } }
        }
        let kernel = ResolvedKernel(self.kernel)
        let (b, xs, svs, beta, norms) = (intercept, rowMajor, panels, dualCoefficients, squaredNorms)
        let kind = kernel.kind.code
        let parts = rows * m * max(p, 1) >= 2_000_000 ? min(rows, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4) : 1
        let step = (rows + parts - 1) / parts
        out.withUnsafeMutableBufferPointer { target in
            let result = UncheckedPointer(target.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let lo = part * step, hi = min(rows, lo + step)
                guard lo < hi else { return }
                xs.withUnsafeBufferPointer { xs in
                    svs.withUnsafeBufferPointer { svs in
                        beta.withUnsafeBufferPointer { beta in
                            norms.withUnsafeBufferPointer { norms in
                                for i in lo..<hi {
                                    let xi = xs.baseAddress! + i * p
                                    let norm = losskit_panel_dot(p, xi, xi)
                                    result.pointer[i] = losskit_kernel_panels_sum(
                                        Int32(LOSSKIT_ISA_BEST), kind, m, p, svs.baseAddress!, norms.baseAddress!, xi, norm,
                                        kernel.gamma, kernel.coef0, Int32(kernel.degree), beta.baseAddress!) + b
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

extension KernelSupportVectorRegressionModel: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.featureNames == b.featureNames && a.kernel == b.kernel && a.loss == b.loss && a.c == b.c
            && a.epsilon == b.epsilon && a.intercept == b.intercept && a.supportVectorValues == b.supportVectorValues
            && a.dualCoefficients == b.dualCoefficients && a.supportRows == b.supportRows
            && a.dualObjective == b.dualObjective && a.iterations == b.iterations && a.converged == b.converged
    }
}

extension KernelSupportVectorRegressionModel: LoadableRegressor {
    public var modelName: String { "svr" }
    public var displayLabel: String {
        "SVR (\(kernel.name), \(loss == .epsilonInsensitive ? "L1" : "L2"), ε = \(NumberFormat.significant(epsilon, digits: 3)))"
    }
    public var inputNames: [String] { featureNames }

    public func predict(columns: [[Double]]) throws -> [Double] { try predict(Matrix(columns: columns)) }
    public func predict(features: Matrix) throws -> [Double] { try predict(features) }

    public func resultMembers() -> [(String, JSONValue)] {
        var kernelMembers: [(String, JSONValue)] = [("name", .string(kernel.name))]
        let resolved = ResolvedKernel(kernel)
        if kernel != .linear { kernelMembers.append(("gamma", .number(resolved.gamma))) }
        if case .polynomial = kernel { kernelMembers += [("degree", .int(resolved.degree)), ("coef0", .number(resolved.coef0))] }
        if case .sigmoid = kernel { kernelMembers.append(("coef0", .number(resolved.coef0))) }
        return [
            ("intercept", .number(intercept)),
            ("kernel", .object(kernelMembers)),
            ("loss", .string(loss.rawValue)),
            ("C", .number(c)),
            ("epsilon", .number(epsilon)),
            ("support_vectors", .int(supportVectorCount)),
            ("dual_objective", .number(dualObjective)),
            ("converged", .bool(converged)),
            ("iterations", .int(iterations)),
            ("warnings", .array(fitSummary.warnings.map(JSONValue.string))),
        ]
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        var table = TextTable(
            title: "Support-vector regression (\(kernel.name) kernel, \(loss == .epsilonInsensitive ? "ε-insensitive" : "squared ε-insensitive") loss): "
                + "\(context.targetName) on \(featureNames.joined(separator: ", "))  (\(context.source))",
            headers: ["parameter", "value"])
        let resolved = ResolvedKernel(kernel)
        table.addRow(["C", NumberFormat.significant(c, digits: 6)])
        table.addRow(["ε", NumberFormat.significant(epsilon, digits: 6)])
        if kernel != .linear { table.addRow(["γ", NumberFormat.significant(resolved.gamma, digits: 6)]) }
        if case .polynomial = kernel {
            table.addRow(["degree", String(resolved.degree)])
            table.addRow(["coef0", NumberFormat.significant(resolved.coef0, digits: 6)])
        }
        if case .sigmoid = kernel { table.addRow(["coef0", NumberFormat.significant(resolved.coef0, digits: 6)]) }
        table.addRow(["intercept", NumberFormat.significant(intercept, digits: 10)])
        table.addRow(["support vectors", "\(supportVectorCount) of \(context.rowCount)"])
        table.addRow(["dual objective", NumberFormat.significant(dualObjective, digits: 10)])
        table.footnotes = ["SMO steps = \(iterations)   converged: \(converged ? "yes" : "no (iteration limit)")"]
        return [table]
    }

    public var supportVectors: SupportVectorSummary? {
        SupportVectorSummary(rows: supportRows, dualCoefficients: dualCoefficients)
    }
}
