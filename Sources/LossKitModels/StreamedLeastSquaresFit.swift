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
    /// A column of sample weights, finite and ≥ 0; rows weighing 0 do not count.
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

    /// Bytes one block's columns may take: `rowsPerBlock` is lowered so that
    /// rows × columns × 8 stays within it (the answer does not depend on the
    /// block size, only the speed does, and a block of 10¹² rows cannot be
    /// allocated).
    public static let blockMemoryBudget = 256 << 20
    /// Bytes the `(p + 2)²` triangle of the accumulator may take (1 GiB):
    /// `maximumFeatureCount` features.
    public static let triangleMemoryBudget = 1 << 30
    /// The most features a streamed fit accepts (11,583: a 1 GiB triangle).
    public static var maximumFeatureCount: Int {
        Int(Double(triangleMemoryBudget / 8).squareRoot()) - 2
    }

    /// `requested` rows per block, lowered so that a block of `columns`
    /// columns fits `blockMemoryBudget`; at least 1.
    public static func rowsPerBlock(_ requested: Int, columns: Int) -> Int {
        max(1, min(requested, blockMemoryBudget / (8 * max(columns, 1))))
    }

    /// Fits and scores the file.
    ///
    /// Work that cannot succeed is refused before the O(p²) state is built:
    /// more than `maximumFeatureCount` features, or (least squares) no more
    /// rows than parameters, which the first block shows (or, when blocks are
    /// narrower than the parameter count, a counting pass over the file).
    /// Rows with a zero weight do not count: they are skipped, and their
    /// number is returned.
    /// - Parameters:
    ///   - path: the CSV, TSV or `.npy` file, read twice in blocks of `rowsPerBlock` rows.
    ///   - options: how to read it; `columns` is set to the ones needed.
    ///   - progress: called after each block with the phase and the rows so far.
    /// - Returns: the report (with `streamed: true`), the rows the reader
    ///   dropped, and the rows skipped for a zero weight.
    /// - Throws: the reader's `DataError`s; `LossKitError.nonFiniteValue` and
    ///   `.invalidWeight` with the 0-based row counted over the whole file (not
    ///   within the block); `.invalidParameter` for too many features;
    ///   `.insufficientRows`; the accumulator's errors.
    public func run(path: String, options: DataReadOptions = DataReadOptions(),
                    progress: ((Phase, Int) -> Void)? = nil)
        throws -> (report: FitReport, droppedRowCount: Int, zeroWeightRowCount: Int) {
        var wanted = features
        for name in [target] + (weights.map { [$0] } ?? []) where !wanted.contains(name) { wanted.append(name) }
        var options = options
        options.columns = wanted
        guard features.count <= Self.maximumFeatureCount else {
            throw LossKitError.invalidParameter(
                name: "features", value: "\(features.count)",
                requirement: "a streamed fit holds a (p + 2)² triangle in memory: at most \(Self.maximumFeatureCount) features")
        }
        let blockRows = Self.rowsPerBlock(rowsPerBlock, columns: wanted.count)
        // Least squares needs more rows than parameters; ridge needs 2.
        let parameters = ridgeAlpha == nil ? features.count + (fitIntercept ? 1 : 0) : 1
        if blockRows <= parameters {
            // A block cannot show that there are enough rows: count them first.
            try Self.checkRowCount(path: path, options: options, parameters: parameters)
        }
        var accumulator: StreamingLeastSquares?
        var metrics = try StreamingRegressionMetrics()
        var rows = 0, kept = 0, dropped = 0
        try DataReader.forEachBlock(path: path, options: options, rowsPerBlock: blockRows) { block in
            if accumulator == nil {
                // A first block shorter than a full one is the whole file.
                if block.rowCount < blockRows { try ModelInput.checkRows(block.rowCount, parameters: parameters) }
                accumulator = StreamingLeastSquares(featureCount: features.count, fitIntercept: fitIntercept)
            }
            let data = try block.regressionBlock(target: target, features: features, weights: weights)
            // A block of zero weights only adds nothing.
            if !data.y.isEmpty {
                do {
                    try accumulator?.add(features: Matrix(columns: data.columns), targets: data.y, weights: data.w)
                } catch let LossKitError.nonFiniteValue(name, row, value) {
                    throw LossKitError.nonFiniteValue(name: name, row: rows + data.rowInBlock[row], value: value)
                } catch let LossKitError.invalidWeight(index, value) {
                    throw LossKitError.invalidWeight(index: rows + data.rowInBlock[index], value: value)
                }
            }
            rows += block.rowCount
            kept += data.y.count
            dropped += block.droppedRowCount
            progress?(.fitting, rows)
        }
        guard let accumulator else { throw LossKitError.insufficientRows(rows: 0, parameters: parameters) }
        let model: any FittedRegressor = try ridgeAlpha.map { try accumulator.ridge(alpha: $0, featureNames: features) }
            ?? accumulator.finish(featureNames: features, confidenceLevel: confidenceLevel)
        var scored = 0
        try DataReader.forEachBlock(path: path, options: options, rowsPerBlock: blockRows) { block in
            let data = try block.regressionBlock(target: target, features: features, weights: weights)
            if !data.y.isEmpty {
                try metrics.add(predictions: try model.predictChecked(columns: data.columns), targets: data.y, weights: data.w)
            }
            scored += block.rowCount
            progress?(.scoring, scored)
        }
        return (FitReport(model: model, rowCount: kept, metrics: metrics.namedValues, streamed: true), dropped, rows - kept)
    }

    /// Throws `LossKitError.insufficientRows` unless the file has more than
    /// `parameters` rows; reads only as far as it needs to.
    static func checkRowCount(path: String, options: DataReadOptions, parameters: Int) throws {
        struct Enough: Error {}
        var rows = 0
        do {
            try DataReader.forEachBlock(path: path, options: options,
                                        rowsPerBlock: rowsPerBlock(parameters + 1, columns: options.columns?.count ?? 1)) { block in
                rows += block.rowCount
                if rows > parameters { throw Enough() }
            }
        } catch is Enough {
            return
        }
        try ModelInput.checkRows(rows, parameters: parameters)
    }
}

private extension NumericTable {
    /// One block's feature columns, target and weights, unchecked (the
    /// accumulator checks), without the rows whose weight is exactly zero;
    /// `rowInBlock[i]` is the block row of kept row `i`.
    func regressionBlock(target: String, features: [String], weights: String?)
        throws -> (columns: [[Double]], y: [Double], w: [Double]?, rowInBlock: [Int]) {
        let columns = try self.columns(named: features), y = try column(named: target)
        guard let weights else { return (columns, y, nil, Array(0..<y.count)) }
        let w = try column(named: weights)
        guard w.contains(0) else { return (columns, y, w, Array(0..<y.count)) }
        let keep = w.indices.filter { w[$0] != 0 }
        return (columns.map { c in keep.map { c[$0] } }, keep.map { y[$0] }, keep.map { w[$0] }, keep)
    }
}
