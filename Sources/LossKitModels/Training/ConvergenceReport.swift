import Foundation
import LossKitData
import LossKitNumerics
import LossKitOptimization

/// The outcome of a `ConvergenceStudy` as `losskit converge` shows it: the
/// JSON object of the `converge --json` contract and the terminal tables.
///
/// The JSON object: `optimizer`, `standardized`, `iterations`, `n`, `target`,
/// `features`, `condition_number` (κ of the L2 Hessian on the coordinates
/// trained on), `condition_number_raw` (on the raw, uncentered features, with
/// the intercept column), `lipschitz`, `strong_convexity`, `step_size`,
/// `predicted_rate` (gd: (κ−1)/(κ+1); nesterov: (√κ−1)/(√κ+1); null
/// otherwise), `predicted_rate_step_1_over_L` (nesterov: 1 − 1/√κ, the rate
/// of the implemented constant-momentum method), `predicted_rate_note`,
/// `predicted_iterations_to_1e-6`, `measured_rate` (the L2 run's), `huber_delta`,
/// and `losses` → per loss `optimum`, `exact_optimum`, `optimum_source`,
/// `optimum_lowered`, `final_suboptimality`, `relative_suboptimality`,
/// `iterations_to_1e-6` (null if never), `measured_rate`, `converged`,
/// `stopped_because`, `iterations`, `delta` (huber), `history`. NaN and ±∞
/// are `null`. Keys are never removed or renamed; new ones may be added.
public struct ConvergenceReport: Sendable {
    /// One loss's run against its optimum.
    public struct LossResult: Sendable {
        public let loss: ConvergenceStudy.Loss
        /// Huber's absolute δ (nil for the other losses).
        public let delta: Double?
        /// The objective at the exact minimizer.
        public let exactOptimum: Double
        /// f\* = min(exact optimum, smallest objective seen).
        public let optimum: Double
        /// Which exact solver gave the optimum.
        public let optimumSource: String
        /// f₀ … f_K.
        public let history: [Double]
        /// Iterations (epochs) the optimizer took.
        public let iterations: Int
        public let stopReason: OptimizationStopReason

        /// Whether the run went below the exact optimum (by rounding) and f\*
        /// was lowered to the smallest objective seen.
        public var optimumLowered: Bool { optimum < exactOptimum }
        /// f_k − f\* for every k.
        public var gaps: [Double] { history.map { $0 - optimum } }
        /// f_K − f\*.
        public var finalSuboptimality: Double { (history.last ?? .nan) - optimum }
        /// (f_K − f\*)/(f₀ − f\*); 0 when the start is already optimal.
        public var relativeSuboptimality: Double { relative(finalSuboptimality) }
        /// The first k with (f_k − f\*)/(f₀ − f\*) ≤ 1e-6, nil if none.
        public var iterationsToTarget: Int? {
            history.firstIndex { relative($0 - optimum) <= ConvergenceStudy.target }
        }
        /// The run reached the target relative suboptimality 1e-6 (whatever
        /// the optimizer's own stop reason: the study runs a fixed count).
        public var converged: Bool { iterationsToTarget != nil }

        /// The per-iteration contraction of the distance to the optimum,
        /// `(gap_b/gap_a)^{1/(2(b − a))}` from a = the first k with relative
        /// gap < 1e-2 to b = the last k with relative gap > 1e-11; nil when
        /// b ≤ a (too few iterations, or a jump past the whole stretch).
        public var measuredRate: Double? {
            guard let a = history.firstIndex(where: { relative($0 - optimum) < 1e-2 }),
                  let b = history.lastIndex(where: { relative($0 - optimum) > 1e-11 }), b > a else { return nil }
            let ga = history[a] - optimum, gb = history[b] - optimum
            guard ga > 0, gb > 0 else { return nil }
            return Foundation.exp(Foundation.log(gb / ga) / (2 * Double(b - a)))
        }

        var startingGap: Double { (history.first ?? .nan) - optimum }

        func relative(_ gap: Double) -> Double {
            let g0 = startingGap
            guard g0 > 0 else { return gap > 0 ? .infinity : 0 }
            return gap / g0
        }

        var json: JSONValue {
            var members: [(String, JSONValue)] = [
                ("optimum", .number(optimum)), ("exact_optimum", .number(exactOptimum)),
                ("optimum_source", .string(optimumSource)), ("optimum_lowered", .bool(optimumLowered)),
                ("final_suboptimality", .number(finalSuboptimality)),
                ("relative_suboptimality", .number(relativeSuboptimality)),
                ("iterations_to_1e-6", iterationsToTarget.map(JSONValue.int) ?? .null),
                ("measured_rate", .optionalNumber(measuredRate)),
                ("converged", .bool(converged)), ("stopped_because", .string(stopReason.rawValue)),
                ("iterations", .int(iterations)),
            ]
            if let delta { members.append(("delta", .number(delta))) }
            members.append(("history", .numbers(history)))
            return .object(members)
        }
    }

    public let optimizer: ConvergenceStudy.Optimizer
    public let standardized: Bool
    /// Iterations asked for.
    public let iterations: Int
    public let rowCount: Int
    public let featureNames: [String]
    public let targetName: String
    /// κ of the L2 Hessian on the coordinates trained on.
    public let conditionNumber: Double
    /// κ on the raw features (`GradientConditioning.rawConditionNumber`).
    public let rawConditionNumber: Double
    /// L and μ of the L2 objective (2× the eigenvalues: ℓ = r²).
    public let lipschitz: Double
    public let strongConvexity: Double
    /// The fixed step (gd: 2/(L + μ); nesterov: 1/L), nil otherwise.
    public let stepSize: Double?
    /// gd: (κ−1)/(κ+1); nesterov: (√κ−1)/(√κ+1); nil for lbfgs, sgd, adam.
    public let predictedRate: Double?
    /// nesterov: 1 − 1/√κ, attained by the constant-momentum method with step 1/L.
    public let predictedRateStepOneOverL: Double?
    /// Huber's absolute δ = 1.345·σ̂ (nil without huber).
    public let huberDelta: Double?
    /// σ̂, the robust scale of the L1 residuals.
    public let huberScale: Double
    /// How σ̂ was obtained when the MAD was 0.
    public let huberScaleNote: String?
    /// sgd and adam only.
    public let batchSize: Int?
    public let seed: UInt64?
    public let results: [LossResult]

    /// The result of `loss`, if it was studied.
    public func result(_ loss: ConvergenceStudy.Loss) -> LossResult? { results.first { $0.loss == loss } }

    /// The L2 run's measured rate.
    public var measuredRate: Double? { result(.l2)?.measuredRate }

    /// The rate the implemented method is expected to attain on L2: gd's
    /// (κ−1)/(κ+1), nesterov's 1 − 1/√κ; nil for the others.
    public var attainedRate: Double? { predictedRateStepOneOverL ?? predictedRate }

    /// Iterations to 1e-6 relative suboptimality at `attainedRate`:
    /// ln(1e6)/(2 ln(1/ρ)).
    public var predictedIterationsToTarget: Double? {
        guard let rho = attainedRate else { return nil }
        guard rho > 0 else { return 1 }
        guard rho < 1 else { return .infinity }
        return Foundation.log(1 / ConvergenceStudy.target) / (2 * -Foundation.log(rho))
    }

    var predictedRateNote: String? {
        switch optimizer {
        case .gd: return "(κ − 1)/(κ + 1): gradient descent with the best fixed step 2/(L + μ) on a quadratic"
        case .nesterov: return "(√κ − 1)/(√κ + 1) is the lower bound for first-order methods; the constant-momentum method run here (step 1/L) attains 1 − 1/√κ"
        case .lbfgs: return "no rate predicted: L-BFGS is superlinear on a quadratic once its memory has captured the curvature"
        case .sgd, .adam: return "no rate predicted: with a constant learning rate a stochastic method stalls at a noise floor set by the rate and the batch size"
        }
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("optimizer", .string(optimizer.rawValue)), ("standardized", .bool(standardized)),
            ("iterations", .int(iterations)), ("n", .int(rowCount)), ("target", .string(targetName)),
            ("features", .array(featureNames.map(JSONValue.string))),
            ("condition_number", .number(conditionNumber)), ("condition_number_raw", .number(rawConditionNumber)),
            ("lipschitz", .number(lipschitz)), ("strong_convexity", .number(strongConvexity)),
            ("step_size", .optionalNumber(stepSize)),
            ("predicted_rate", .optionalNumber(predictedRate)),
            ("predicted_rate_step_1_over_L", .optionalNumber(predictedRateStepOneOverL)),
            ("predicted_rate_note", predictedRateNote.map(JSONValue.string) ?? .null),
            ("predicted_iterations_to_1e-6", .optionalNumber(predictedIterationsToTarget)),
            ("measured_rate", .optionalNumber(measuredRate)),
            ("huber_delta", .optionalNumber(huberDelta)),
        ]
        if let batchSize { members.append(("batch_size", .int(batchSize))) }
        if let seed { members.append(("seed", .string(String(seed)))) }
        members.append(("losses", .object(results.map { ($0.loss.rawValue, $0.json) })))
        return .object(members)
    }

    static func number(_ value: Double?, digits: Int = 4) -> String {
        value.map { NumberFormat.significant($0, digits: digits) } ?? "—"
    }

    /// The loss's name as the tables print it.
    public static func label(_ loss: ConvergenceStudy.Loss, delta: Double?) -> String {
        switch loss {
        case .l2: return "l2 (r²)"
        case .huber: return "huber (δ = \(number(delta, digits: 4)))"
        case .l1: return "l1 (|r|)"
        }
    }

    /// One sentence on what the runs show.
    public var interpretation: String {
        var parts: [String] = []
        for r in results {
            if let k = r.iterationsToTarget {
                parts.append("\(r.loss.rawValue) reached 1e-6 relative suboptimality in \(k) iteration\(k == 1 ? "" : "s")")
            } else {
                parts.append("\(r.loss.rawValue) did not (it ended at \(Self.number(r.relativeSuboptimality, digits: 2)) of the starting gap)")
            }
        }
        var sentence = "With \(optimizer.rawValue), " + parts.joined(separator: "; ")
        if let predicted = predictedIterationsToTarget, result(.l2) != nil, predicted.isFinite {
            sentence += "; κ = \(Self.number(conditionNumber, digits: 3)) predicts about \(Self.number(predicted.rounded(.up), digits: 6)) for l2"
        }
        sentence += "."
        if let l1 = result(.l1), !l1.converged, optimizer == .gd || optimizer == .nesterov {
            sentence += " L1's gradient jumps at every zero residual, so a fixed step cannot settle: it stalls at a floor instead of converging linearly."
        } else if optimizer == .sgd || optimizer == .adam {
            sentence += " A constant-rate stochastic method stalls at a noise floor."
        }
        return sentence
    }

    /// The terminal tables: one row per loss, then κ with the predicted and
    /// measured L2 rates and one sentence of interpretation.
    public func text(source: String, style: TerminalStyle = .current) -> String {
        let unit = (optimizer == .sgd || optimizer == .adam) ? "epochs" : "iterations"
        var table = TextTable(
            title: "Convergence of \(optimizer.rawValue) on \(source) (\(iterations) \(unit), features \(standardized ? "standardized" : "centered, not scaled"))",
            headers: ["loss", "optimum f*", "f_K − f*", "relative", "\(unit) to 1e-6", "measured rate", "stopped because"])
        for r in results {
            table.addRow([Self.label(r.loss, delta: r.delta), Self.number(r.optimum, digits: 7),
                          Self.number(r.finalSuboptimality, digits: 3), Self.number(r.relativeSuboptimality, digits: 3),
                          r.iterationsToTarget.map(String.init) ?? "never", Self.number(r.measuredRate, digits: 5),
                          r.stopReason.rawValue])
        }
        var notes = results.map { "\($0.loss.rawValue): optimum from \($0.optimumSource)" + ($0.optimumLowered ? " (lowered to the smallest objective seen, a rounding error below it)" : "") }
        if let huberDelta {
            notes.append("huber: δ = 1.345·σ̂ = \(Self.number(huberDelta, digits: 5)), σ̂ = \(Self.number(huberScale, digits: 5)) (MAD of the least-squares residuals / 0.6745)"
                         + (huberScaleNote.map { "; " + $0 } ?? ""))
        }
        notes.append("measured rate: per-iteration contraction of the distance to the optimum, √ of the mean ratio of successive gaps where the relative gap is between 1e-2 and 1e-11")
        table.footnotes = notes
        var lines = [table.rendered(style: style), ""]
        var kappaLine = "κ = \(Self.number(conditionNumber, digits: 4)) (raw features: \(Self.number(rawConditionNumber, digits: 4)))"
        if let predictedRate {
            kappaLine += "; predicted L2 rate \(Self.number(predictedRate, digits: 5))"
            if let attained = predictedRateStepOneOverL { kappaLine += " (1 − 1/√κ = \(Self.number(attained, digits: 5)) with step 1/L)" }
        } else {
            kappaLine += "; no rate predicted for \(optimizer.rawValue)"
        }
        if result(.l2) != nil { kappaLine += "; measured L2 rate \(Self.number(measuredRate, digits: 5))" }
        lines.append(kappaLine)
        lines.append(interpretation)
        return lines.joined(separator: "\n")
    }
}
