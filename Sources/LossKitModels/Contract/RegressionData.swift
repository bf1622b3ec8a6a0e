import LossKitData
import LossKitNumerics

/// The one way data reaches a model: features, target, optional sample
/// weights and their names.
///
/// Built from arrays or straight from a `NumericTable` (`DataReader` → table →
/// regression data), so callers copy nothing themselves:
///
/// ```swift
/// let table = try DataReader.read(path: "data/anscombe.csv")
/// let data = try RegressionData(table: table, target: "y3", features: ["x3"])
/// let model = try LinearRegression().fit(data)
/// ```
///
/// Every check is done once, here: equal lengths, finite targets and
/// features, weights finite and ≥ 0. A row whose weight is exactly 0 does not
/// count (as in the weighted metrics): it is left out, and
/// `zeroWeightRowCount` says how many were. Rows in errors are 0-based indices into
/// these arrays, as everywhere in the library; the tool turns them into
/// 1-based data rows (the first row after a file's header is row 1), minding
/// `droppedRowCount`.
public struct RegressionData: Sendable {
    /// The `n × p` design, column-major, without an intercept column.
    public let features: Matrix
    /// The `n` targets.
    public let targets: [Double]
    /// Optional sample weights, finite and > 0, one per row (rows that
    /// weighed 0 are already left out).
    public let weights: [Double]?
    /// The `p` feature names (`x1 … xp` by default).
    public let featureNames: [String]
    /// The target's name (`y` by default).
    public let targetName: String
    /// Rows the reader dropped before this data (missing values), for messages.
    public let droppedRowCount: Int
    /// Rows left out because their weight was 0.
    public let zeroWeightRowCount: Int

    /// Rows (n).
    public var rowCount: Int { targets.count }
    /// Features (p).
    public var featureCount: Int { features.columns }
    /// The feature columns, in `featureNames` order.
    public var featureColumns: [[Double]] { (0..<features.columns).map { features.column($0) } }

    /// Data from arrays.
    /// - Parameters:
    ///   - features: the `n × p` design.
    ///   - targets: `n` values, finite.
    ///   - weights: optional, `n` values, finite and ≥ 0. Rows weighing 0 are
    ///     left out, so that n and the degrees of freedom count only the rows
    ///     that count; the other checks still see every row.
    ///   - featureNames: `p` distinct names; `x1 … xp` by default.
    ///   - targetName: the target's name in errors and output; `y` by default.
    ///   - droppedRowCount: rows the reader dropped before these (missing
    ///     values), so that messages can count data rows of the file; 0 by default.
    /// - Throws: `LossKitError.countMismatch` for lengths that disagree,
    ///   `.nonFiniteValue` naming the column and the 0-based row of a NaN/±∞,
    ///   `.invalidWeight` (0-based index), `.invalidParameter` for duplicate names.
    /// - Complexity: O(n·p) to check the values (and to copy the kept rows
    ///   when some weigh 0).
    public init(features: Matrix, targets: [Double], weights: [Double]? = nil,
                featureNames: [String]? = nil, targetName: String = "y", droppedRowCount: Int = 0) throws {
        guard targets.count == features.rows else {
            throw LossKitError.countMismatch(name: targetName, count: targets.count, otherName: "feature rows", otherCount: features.rows)
        }
        let names = featureNames ?? (0..<features.columns).map { "x\($0 + 1)" }
        guard names.count == features.columns else {
            throw LossKitError.countMismatch(name: "featureNames", count: names.count, otherName: "feature columns", otherCount: features.columns)
        }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw LossKitError.invalidParameter(name: "featureNames", value: name, requirement: "feature names must be distinct")
        }
        if let i = Self.firstNonFinite(targets) {
            throw LossKitError.nonFiniteValue(name: targetName, row: i, value: targets[i])
        }
        let n = features.rows
        if let k = features.withUnsafeBufferPointer(Self.firstNonFinite) {
            throw LossKitError.nonFiniteValue(name: names[k / max(n, 1)], row: k % max(n, 1), value: features.storage[k])
        }
        if let weights {
            guard weights.count == targets.count else {
                throw LossKitError.countMismatch(name: "weights", count: weights.count, otherName: "rows", otherCount: targets.count)
            }
            for (i, v) in weights.enumerated() where !(v >= 0) || !v.isFinite {
                throw LossKitError.invalidWeight(index: i, value: v)
            }
        }
        if let weights, weights.contains(0) {
            let kept = weights.indices.filter { weights[$0] != 0 }
            let n = features.rows
            self.features = try Matrix(rows: kept.count, columns: features.columns, columnMajor: features.withUnsafeBufferPointer { buffer in
                (0..<features.columns).flatMap { j in kept.map { buffer[j * n + $0] } }
            })
            self.targets = kept.map { targets[$0] }
            self.weights = kept.map { weights[$0] }
            self.zeroWeightRowCount = weights.count - kept.count
        } else {
            self.features = features
            self.targets = targets
            self.weights = weights
            self.zeroWeightRowCount = 0
        }
        self.featureNames = names
        self.targetName = targetName
        self.droppedRowCount = droppedRowCount
    }

    /// The index of the first NaN or ±∞, or nil: the all-finite case is the
    /// one branch-free pass of `Equilibration.magnitudeBits` (a largest
    /// magnitude below ∞'s bit pattern); only a failing input is searched.
    static func firstNonFinite(_ values: UnsafeBufferPointer<Double>) -> Int? {
        guard Equilibration.magnitudeBits(values) >= Double.infinity.bitPattern else { return nil }
        return values.firstIndex { !$0.isFinite }
    }

    static func firstNonFinite(_ values: [Double]) -> Int? {
        values.withUnsafeBufferPointer { firstNonFinite($0) }
    }

    /// Data from named columns of a table.
    /// - Parameters:
    ///   - table: as read by `DataReader`.
    ///   - target: the target column's name.
    ///   - features: the feature columns; every column but the target and the
    ///     weights by default.
    ///   - weights: the name of a column of sample weights.
    /// - Throws: `DataError.missingColumn` for a name the table lacks (listing
    ///   the columns there are), `LossKitError.tooFewValues` when no feature is
    ///   left, and the checks of `init(features:targets:…)`.
    public init(table: NumericTable, target: String, features: [String]? = nil, weights: String? = nil) throws {
        let y = try table.column(named: target)
        let names = features ?? table.columnNames.filter { $0 != target && $0 != weights }
        guard !names.isEmpty else { throw LossKitError.tooFewValues(name: "feature columns", count: 0, minimum: 1) }
        let matrix = try Matrix(columns: table.columns(named: names))
        let w = try weights.map { try table.column(named: $0) }
        try self.init(features: matrix, targets: y, weights: w, featureNames: names, targetName: target,
                      droppedRowCount: table.droppedRowCount)
    }
}

extension NumericTable {
    /// The columns with these names, in this order.
    /// - Throws: `DataError.missingColumn` for the first name the table lacks.
    /// - Complexity: O(columns + names), where a `column(named:)` per name
    ///   would be O(columns × names): quadratic for a model of 10⁵ features.
    package func columns(named names: [String]) throws -> [[Double]] {
        var index: [String: Int] = [:]
        index.reserveCapacity(columnNames.count)
        for (j, name) in columnNames.enumerated() where index[name] == nil { index[name] = j }
        return try names.map { name in
            guard let j = index[name] else { throw DataError.missingColumn(name: name, available: columnNames) }
            return columns[j]
        }
    }
}
