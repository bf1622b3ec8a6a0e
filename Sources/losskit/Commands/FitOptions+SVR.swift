import ArgumentParser
import LossKit

/// The flags of `losskit fit --model svr` (support-vector regression). The
/// shared `--epsilon`, `--tol` and `--max-iter` of `TrainingOptions` set ε,
/// the KKT tolerance and the SMO step limit.
struct SVROptions: ParsableArguments {
    enum Kernel: String, ExpressibleByArgument, CaseIterable {
        case linear, rbf, poly, sigmoid
    }

    enum Loss: String, ExpressibleByArgument, CaseIterable {
        case l1, l2
    }

    /// A number > 0, or `scale` / `auto`.
    struct Gamma: ExpressibleByArgument {
        let value: KernelGamma
        init?(argument: String) {
            switch argument {
            case "scale": value = .scale
            case "auto": value = .auto
            default:
                guard let g = Double(argument) else { return nil }
                value = .value(g)
            }
        }
        static var defaultCompletionKind: CompletionKind { .list(["scale", "auto"]) }
    }

    @Option(help: "SVR: the kernel (default rbf).")
    var kernel: Kernel?

    @Option(name: .customLong("svr-loss"), help: "SVR: l1 = ε-insensitive (libsvm's ε-SVR, default), l2 = squared ε-insensitive.")
    var svrLoss: Loss?

    @Option(name: .customShort("C"), parsing: .unconditional, help: ArgumentHelp("SVR: the penalty C > 0 on the loss beyond the tube (default 1).", valueName: "C"))
    var c: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("SVR: the kernel's γ > 0, or scale (1/(p·Var(X)), default) or auto (1/p).", valueName: "G|scale|auto"))
    var gamma: Gamma?

    @Option(parsing: .unconditional, help: ArgumentHelp("SVR: the constant r of the poly and sigmoid kernels (default 0).", valueName: "R"))
    var coef0: Double?

    @Option(name: .customLong("kernel-degree"), parsing: .unconditional, help: ArgumentHelp("SVR: the degree of the poly kernel, at least 1 (default 3).", valueName: "D"))
    var kernelDegree: Int?

    @Option(name: .customLong("cache-mb"), parsing: .unconditional, help: ArgumentHelp("SVR: memory for cached kernel rows, at least 1 MB (default 200).", valueName: "M"))
    var cacheMB: Double?

    @Flag(name: .customLong("penalize-intercept"), help: "SVR, linear kernel: penalize the intercept as LIBLINEAR and scikit-learn's LinearSVR do.")
    var penalizeIntercept = false

    /// The flags of this group that were given.
    var givenFlags: [String] {
        var flags: [String] = []
        if kernel != nil { flags.append("--kernel") }
        if svrLoss != nil { flags.append("--svr-loss") }
        if c != nil { flags.append("-C") }
        if gamma != nil { flags.append("--gamma") }
        if coef0 != nil { flags.append("--coef0") }
        if kernelDegree != nil { flags.append("--kernel-degree") }
        if cacheMB != nil { flags.append("--cache-mb") }
        if penalizeIntercept { flags.append("--penalize-intercept") }
        return flags
    }

    func validate() throws {
        if let c, !(c > 0 && c.isFinite) { throw ValidationError("-C must be a finite number > 0, not \(c)") }
        if case let .value(g)? = gamma?.value, !(g > 0 && g.isFinite) {
            throw ValidationError("--gamma must be a finite number > 0, scale or auto, not \(g)")
        }
        if let coef0, !coef0.isFinite { throw ValidationError("--coef0 must be a finite number, not \(coef0)") }
        if let kernelDegree, kernelDegree < 1 { throw ValidationError("--kernel-degree must be at least 1, not \(kernelDegree)") }
        if let cacheMB, !(cacheMB >= 1 && cacheMB.isFinite) { throw ValidationError("--cache-mb must be at least 1 (MB), not \(cacheMB)") }
    }

    /// Refuses these flags with another model, and the training flags SVR does not read.
    func check(model: String, training: TrainingOptions, stream: Bool) throws {
        guard model == "svr" else {
            if let flag = givenFlags.first { throw ValidationError("\(flag) needs --model svr") }
            return
        }
        if stream { throw ValidationError("--stream fits OLS or ridge; --model svr needs the data in memory") }
        try training.refuse(allBut: ["--epsilon", "--tol", "--max-iter"], model: model)
        if let tol = training.tol, !(tol > 0) { throw ValidationError("--tol must be > 0 for --model svr, not \(tol)") }
        let kernel = kernel ?? .rbf
        if kernel == .linear, gamma != nil { throw ValidationError("--gamma does not apply to --kernel linear") }
        if kernel != .poly, kernelDegree != nil { throw ValidationError("--kernel-degree needs --kernel poly") }
        if kernel != .poly, kernel != .sigmoid, coef0 != nil { throw ValidationError("--coef0 needs --kernel poly or sigmoid") }
        if kernel != .linear, penalizeIntercept { throw ValidationError("--penalize-intercept needs --kernel linear (the kernel SVR's intercept is not penalized)") }
    }

    /// Fills the library's settings for `--model svr`.
    func fill(_ s: inout ModelCatalog.Settings, training: TrainingOptions) {
        let g = gamma?.value ?? .scale
        switch kernel ?? .rbf {
        case .linear: s.svrKernel = .linear
        case .rbf: s.svrKernel = .rbf(gamma: g)
        case .poly: s.svrKernel = .polynomial(degree: kernelDegree ?? 3, gamma: g, coef0: coef0 ?? 0)
        case .sigmoid: s.svrKernel = .sigmoid(gamma: g, coef0: coef0 ?? 0)
        }
        s.svrLoss = svrLoss == .l2 ? .squaredEpsilonInsensitive : .epsilonInsensitive
        s.svrC = c
        s.epsilon = training.epsilon
        s.tolerance = training.tol
        s.maxIterations = training.maxIter
        s.cacheMegabytes = cacheMB
        s.penalizeIntercept = penalizeIntercept
    }
}
