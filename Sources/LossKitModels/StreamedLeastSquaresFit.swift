import LossKitData
import LossKitNumerics

/// Least squares (OLS/WLS, or ridge at one α) on a file too large for memory:
/// the file is read twice in blocks, once to fold every block into a
/// `StreamingLeastSquares` triangle and once to score the model, so memory is
/// O(p² + block) whatever the row count.
///
/// ```swift
/// let fit = try StreamedLeastSquaresFit(target: "y", features: ["a", "b"])
/// let outcome = try fit.run(path: "big.csv")
/// print(outcome.report.json.rendered())
/// ```
///
/// Training metrics are those a single pass can compute exactly (the median
/// absolute error is reported as nil).
/// - Complexity: O(n·p²) time, O(p² + rowsPerBlock·p) memory.
public struct StreamedLeastSquaresFit: Sendable {
    /// Where the run is: rows folded so far, or rows scored.
    public enum Phase: Sendable { case fitting, scoring }

    public var target: String
    public var features: [String]
    /// A column of sample weights, finite and > 0.
    public var weights: String?
    public var fitIntercept: Bool
    /// nil: least squares; a value: ridge at that α.
    public var ridgeAlpha: Double?
    /// Level of the coefficient intervals (least squares).
    public var confidenceLevel: Double
    public var rowsPerBlock: Int

    public init(target: String, features: [String], weights: String? = nil, fitIntercept: Bool = true,
                ridgeAlpha: Double? = nil, confidenceLevel: Double = 0.95, rowsPerBlock: Int = 65_536) {
        self.target = target
        self.features = features
        self.weights = weights
        self.fitIntercept = fitIntercept
        self.ridgeAlpha = ridgeAlpha
        self.confidenceLevel = confidenceLevel
        self.rowsPerBlock = rowsPerBlock
    }

    /// Fits and scores the file.
    /// - Parameters:
    ///   - path: the CSV, TSV or `.npy` file, read twice in blocks of `rowsPerBlock` rows.
    ///   - options: how to read it; `columns` is set to the ones needed.
    ///   - progress: called after each block with the phase and the rows so far.
    /// - Returns: the report (with `streamed: true`) and the rows the reader dropped.
    /// - Throws: the reader's `DataError`s; `LossKitError.nonFiniteValue` and
    ///   `.invalidWeight` with the 0-based row counted over the whole file (not
    ///   within the block); the accumulator's errors.
    public func run(path: String, options: DataReadOptions = DataReadOptions(),
                    progress: ((Phase, Int) -> Void)? = nil) throws -> (report: FitReport, droppedRowCount: Int) {
        var wanted = features
        for name in [target] + (weights.map { [$0] } ?? []) where !wanted.contains(name) { wanted.append(name) }
        var options = options
        options.columns = wanted
        var accumulator = StreamingLeastSquares(featureCount: features.count, fitIntercept: fitIntercept)
        var metrics = try StreamingRegressionMetrics()
        var rows = 0, dropped = 0
        try DataReader.forEachBlock(path: path, options: options, rowsPerBlock: rowsPerBlock) { block in
            let data = try block.regressionBlock(target: target, features: features, weights: weights)
            do {
                try accumulator.add(features: Matrix(columns: data.columns), targets: data.y, weights: data.w)
            } catch let LossKitError.nonFiniteValue(name, row, value) {
                throw LossKitError.nonFiniteValue(name: name, row: rows + row, value: value)
            } catch let LossKitError.invalidWeight(index, value) {
                throw LossKitError.invalidWeight(index: rows + index, value: value)
            }
            rows += block.rowCount
            dropped += block.droppedRowCount
            progress?(.fitting, rows)
        }
        let model: any FittedRegressor = try ridgeAlpha.map { try accumulator.ridge(alpha: $0, featureNames: features) }
            ?? accumulator.finish(featureNames: features, confidenceLevel: confidenceLevel)
        var scored = 0
        try DataReader.forEachBlock(path: path, options: options, rowsPerBlock: rowsPerBlock) { block in
            let data = try block.regressionBlock(target: target, features: features, weights: weights)
            try metrics.add(predictions: try model.predictChecked(columns: data.columns), targets: data.y, weights: data.w)
            scored += block.rowCount
            progress?(.scoring, scored)
        }
        return (FitReport(model: model, rowCount: rows, metrics: metrics.namedValues, streamed: true), dropped)
    }
}

private extension NumericTable {
    /// One block's feature columns, target and weights, unchecked (the accumulator checks).
    func regressionBlock(target: String, features: [String], weights: String?)
        throws -> (columns: [[Double]], y: [Double], w: [Double]?) {
        (try features.map { try column(named: $0) }, try column(named: target), try weights.map { try column(named: $0) })
    }
}
