import Foundation
import LossKitData
import LossKitNumerics

/// A fitted linear support-vector regression: `ŷ = intercept + x·coefficients`,
/// with the settings it was fitted with and how the fit went.
///
/// Model file (docs/model-file-format.md): the common header with
/// `"kind": "linear-svr"`, then `loss` (`"l1"`/`"l2"`), `C`, `epsilon`,
/// `fitIntercept`, `penalizeIntercept`, `interceptScaling`, `solver`,
/// `featureNames`, `intercept`, `coefficients`, `supportVectorCount`,
/// `primalObjective`, `dualObjective`, `iterations`, `converged`. The dual
/// coefficients of the training rows are not saved (a linear model predicts
/// from `w`); a loaded model predicts bit-identically.
public struct LinearSupportVectorRegressionModel: Sendable, Equatable {
    public var loss: LinearSupportVectorRegression.Loss
    public var C: Double
    public var epsilon: Double
    public var fitIntercept: Bool
    public var penalizeIntercept: Bool
    public var interceptScaling: Double
    /// The solver that ran (never `.automatic`).
    public var solver: LinearSupportVectorRegression.Solver
    public var featureNames: [String]
    /// `b`; 0 without an intercept.
    public var intercept: Double
    public var coefficients: [Double]
    /// Training rows with `βᵢ ≠ 0`: on or outside the tube.
    public var supportVectorCount: Int
    /// `P(w, b)` at the fitted coefficients (with `½(b/interceptScaling)²` when the intercept is penalized).
    public var primalObjective: Double
    /// The dual objective of the final dual variables (see `LinearSupportVectorRegression`);
    /// `primalObjective − dualObjective ≥ 0` is the duality gap, 0 at the optimum.
    public var dualObjective: Double
    /// Dual epochs (summed over the proximal steps of an unpenalized intercept) or Newton steps.
    public var iterations: Int
    public var converged: Bool
    /// The training-time details, nil for a loaded model. `==` ignores them.
    public var training: Training?

    /// What only the training run knows.
    public struct Training: Sendable {
        /// `βᵢ` for each training row (`w = Σβᵢxᵢ`; from the primal solution
        /// `βᵢ = Cᵢℓ'(rᵢ)` when the Newton method ran).
        public var dualCoefficients: [Double]
        /// Proximal-point steps on the unpenalized intercept (1 otherwise).
        public var outerSteps: Int
        /// The objective after each step (Newton: P; dual with an unpenalized
        /// intercept: P at each proximal step's end).
        public var objectiveHistory: [Double]
        public var summary: FitSummary
    }

    init(settings: LinearSupportVectorRegression, featureNames: [String], solution: LinearSupportVectorRegression.Solution,
         summary: FitSummary) {
        loss = settings.loss
        C = settings.C
        epsilon = settings.epsilon
        fitIntercept = settings.fitIntercept
        penalizeIntercept = settings.penalizeIntercept
        interceptScaling = settings.interceptScaling
        solver = solution.solver
        self.featureNames = featureNames
        intercept = solution.intercept
        coefficients = solution.coefficients
        supportVectorCount = solution.dual.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        primalObjective = solution.primalObjective
        dualObjective = solution.dualObjective
        iterations = solution.iterations
        converged = solution.converged
        training = Training(dualCoefficients: solution.dual, outerSteps: solution.outerSteps,
                            objectiveHistory: solution.history, summary: summary)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.loss == b.loss && a.C == b.C && a.epsilon == b.epsilon && a.fitIntercept == b.fitIntercept
            && a.penalizeIntercept == b.penalizeIntercept && a.interceptScaling == b.interceptScaling
            && a.solver == b.solver && a.featureNames == b.featureNames && a.intercept == b.intercept
            && a.coefficients == b.coefficients && a.supportVectorCount == b.supportVectorCount
            && a.primalObjective.bitPattern == b.primalObjective.bitPattern
            && a.dualObjective.bitPattern == b.dualObjective.bitPattern
            && a.iterations == b.iterations && a.converged == b.converged
    }

    /// `intercept + x·coefficients`.
    /// - Throws: `LossKitError.shapeMismatch` for a wrong column count.
    /// - Complexity: O(n·p).
    public func predict(_ x: Matrix) throws -> [Double] {
        try linearPrediction(x, coefficients: coefficients, intercept: intercept)
    }

    var lossLabel: String { loss == .epsilonInsensitive ? "L1 (ε-insensitive)" : "L2 (squared ε-insensitive)" }
}

extension LinearSupportVectorRegressionModel: ModelFileRepresentable {
    public static let modelKind = "linear-svr"

    enum CodingKeys: String, CodingKey {
        case loss, C, epsilon, fitIntercept, penalizeIntercept, interceptScaling, solver, featureNames, intercept,
             coefficients, supportVectorCount, primalObjective, dualObjective, iterations, converged
    }

    public func encode(to encoder: Encoder) throws {
        try ModelFileHeader.encode(kind: Self.modelKind, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(loss, forKey: .loss)
        try c.encode(C, forKey: .C)
        try c.encode(epsilon, forKey: .epsilon)
        try c.encode(fitIntercept, forKey: .fitIntercept)
        try c.encode(penalizeIntercept, forKey: .penalizeIntercept)
        try c.encode(interceptScaling, forKey: .interceptScaling)
        try c.encode(solver, forKey: .solver)
        try c.encode(featureNames, forKey: .featureNames)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(coefficients, forKey: .coefficients)
        try c.encode(supportVectorCount, forKey: .supportVectorCount)
        try c.encode(primalObjective, forKey: .primalObjective)
        try c.encode(dualObjective, forKey: .dualObjective)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(converged, forKey: .converged)
    }

    public init(from decoder: Decoder) throws {
        try ModelFileHeader.check(kind: Self.modelKind, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let loss = LinearSupportVectorRegression.Loss(rawValue: try c.decode(String.self, forKey: .loss)) else {
            throw ModelFileError.invalidField(name: "loss", detail: "not l1 or l2")
        }
        self.loss = loss
        guard let solver = LinearSupportVectorRegression.Solver(rawValue: try c.decode(String.self, forKey: .solver)),
              solver != .automatic else {
            throw ModelFileError.invalidField(name: "solver", detail: "not dual-cd or primal-newton")
        }
        self.solver = solver
        C = try c.decode(Double.self, forKey: .C)
        epsilon = try c.decode(Double.self, forKey: .epsilon)
        fitIntercept = try c.decode(Bool.self, forKey: .fitIntercept)
        penalizeIntercept = try c.decode(Bool.self, forKey: .penalizeIntercept)
        interceptScaling = try c.decode(Double.self, forKey: .interceptScaling)
        featureNames = try c.decode([String].self, forKey: .featureNames)
        intercept = try c.decode(Double.self, forKey: .intercept)
        coefficients = try c.decode([Double].self, forKey: .coefficients)
        guard coefficients.count == featureNames.count else {
            throw ModelFileError.invalidField(name: "coefficients", detail: "\(coefficients.count) values for \(featureNames.count) features")
        }
        guard intercept.isFinite, coefficients.allSatisfy(\.isFinite) else {
            throw ModelFileError.invalidField(name: "coefficients", detail: "the intercept and coefficients must be finite")
        }
        supportVectorCount = try c.decode(Int.self, forKey: .supportVectorCount)
        primalObjective = try c.decode(Double.self, forKey: .primalObjective)
        dualObjective = try c.decode(Double.self, forKey: .dualObjective)
        iterations = try c.decode(Int.self, forKey: .iterations)
        converged = try c.decode(Bool.self, forKey: .converged)
        training = nil
    }
}

extension LinearSupportVectorRegression: Regressor {}

extension LinearSupportVectorRegressionModel: LoadableRegressor {
    /// `svr`: the name `losskit fit --model` takes (with `--kernel linear`).
    public var modelName: String { "svr" }
    public var displayLabel: String {
        "Linear SVR (\(loss == .epsilonInsensitive ? "L1" : "L2") loss, ε = \(NumberFormat.significant(epsilon, digits: 4)))"
    }
    public var inputNames: [String] { featureNames }

    public func predict(columns: [[Double]]) throws -> [Double] { try predict(Matrix(columns: columns)) }
    public func predict(features: Matrix) throws -> [Double] { try predict(features) }

    public var fitSummary: FitSummary {
        training?.summary ?? FitSummary(observationCount: 0, totalWeight: 0, weighted: false,
                                        warnings: converged ? [] : ["the fit did not converge"])
    }

    public func resultMembers() -> [(String, JSONValue)] {
        [
            ("intercept", fitIntercept ? .number(intercept) : .null),
            ("coefficients", .numbers(coefficients)),
            ("feature_names", .array(featureNames.map(JSONValue.string))),
            ("kernel", .string("linear")),
            ("loss", .string(loss.rawValue)),
            ("C", .number(C)),
            ("epsilon", .number(epsilon)),
            ("penalize_intercept", .bool(penalizeIntercept)),
            ("solver", .string(solver.rawValue)),
            ("support_vectors", .int(supportVectorCount)),
            ("dual_objective", .number(dualObjective)),
            ("primal_objective", .number(primalObjective)),
            ("converged", .bool(converged)),
            ("iterations", .int(iterations)),
        ]
    }

    public func summaryTables(context: SummaryContext) -> [TextTable] {
        var table = TextTable(
            title: "Linear SVR, \(lossLabel) loss: \(context.targetName) on \(featureNames.joined(separator: ", "))  (\(context.source))",
            headers: ["term", "estimate"])
        if fitIntercept { table.addRow(["intercept", NumberFormat.significant(intercept, digits: 10)]) }
        for (name, value) in zip(featureNames, coefficients) {
            table.addRow([name, NumberFormat.significant(value, digits: 10)])
        }
        table.footnotes = [
            "C = \(NumberFormat.significant(C))   ε = \(NumberFormat.significant(epsilon))   intercept "
                + (fitIntercept ? (penalizeIntercept ? "penalized (scaling \(NumberFormat.significant(interceptScaling)))" : "unpenalized") : "none"),
            "n = \(context.rowCount)   support vectors = \(supportVectorCount)   solver: \(solver.rawValue)   iterations = \(iterations)"
                + (converged ? "" : " (did not converge)"),
            "primal objective = \(NumberFormat.significant(primalObjective, digits: 10))   dual objective = "
                + NumberFormat.significant(dualObjective, digits: 10),
        ]
        return [table]
    }

    public var linearCoefficients: LinearCoefficients? {
        LinearCoefficients(intercept: fitIntercept ? intercept : nil, coefficients: coefficients, featureNames: featureNames)
    }

    public var iterationHistory: IterationHistory? {
        guard let training, !training.objectiveHistory.isEmpty else { return nil }
        return IterationHistory(objective: training.objectiveHistory, iterations: iterations, converged: converged,
                                stopReason: converged ? "converged" : "maxIterations")
    }

    /// The training rows with `βᵢ ≠ 0` and their dual coefficients; nil for a loaded model.
    public var supportVectors: SupportVectorSummary? {
        guard let beta = training?.dualCoefficients else { return nil }
        let rows = beta.indices.filter { beta[$0] != 0 }
        return SupportVectorSummary(rows: rows, dualCoefficients: rows.map { beta[$0] })
    }
}
