/// A dense matrix of `Double` values stored in **column-major** order.
///
/// Element `(i, j)` (row `i`, column `j`, both 0-based) lives at offset
/// `i + j * rows` of the storage: the leading dimension is `rows`, and each
/// column is one contiguous run of `rows` values. This is the LAPACK/Fortran
/// layout, so a column of a design matrix (one feature) is contiguous, which is
/// what the column-oriented solvers (Householder QR, `XᵀX`) want.
///
/// ```swift
/// let x = try Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])   // 3 × 2
/// x[row: 2, column: 1]        // 6
/// x.column(0)                 // [1, 3, 5]
/// let g = x.gram()            // XᵀX, 2 × 2
/// ```
///
/// Constructors that take user data check shapes and throw
/// `LossKitError.shapeMismatch`; the element subscript, like `Array`'s,
/// traps on an out-of-range index (a programming error, not a data error).
/// Values are stored as given: NaN and ±∞ are allowed and propagate through
/// the arithmetic as IEEE 754 says; each decomposition documents what it does
/// with them.
public struct Matrix: Sendable, Equatable {
    /// Number of rows (`m`).
    public let rows: Int
    /// Number of columns (`n`).
    public let columns: Int
    /// Column-major elements, `rows * columns` of them.
    @usableFromInline
    package var storage: [Double]

    /// An internal memberwise initializer that trusts its arguments.
    @usableFromInline
    package init(uncheckedRows rows: Int, columns: Int, storage: [Double]) {
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A `rows × columns` matrix with every element equal to `repeating`.
    ///
    /// Negative dimensions are treated as 0 (an empty matrix).
    public init(rows: Int, columns: Int, repeating: Double = 0) {
        let m = max(rows, 0), n = max(columns, 0)
        self.init(uncheckedRows: m, columns: n, storage: Array(repeating: repeating, count: m * n))
    }

    /// A matrix from its elements in column-major order (`columnMajor[i + j*rows]`
    /// is element `(i, j)`).
    ///
    /// - Throws: `LossKitError.invalidParameter` for negative dimensions,
    ///   `LossKitError.shapeMismatch` when `columnMajor.count != rows * columns`.
    public init(rows: Int, columns: Int, columnMajor: [Double]) throws {
        guard rows >= 0, columns >= 0 else {
            throw LossKitError.invalidParameter(
                name: "rows × columns", value: "\(rows) × \(columns)", requirement: "dimensions must be >= 0")
        }
        guard columnMajor.count == rows * columns else {
            throw LossKitError.shapeMismatch(
                name: "columnMajor", expected: "\(rows * columns) elements (\(rows) × \(columns))",
                actual: "\(columnMajor.count) elements")
        }
        self.init(uncheckedRows: rows, columns: columns, storage: columnMajor)
    }

    /// A matrix from a list of columns: `columns[j][i]` is element `(i, j)`.
    ///
    /// An empty list gives a 0 × 0 matrix.
    /// - Throws: `LossKitError.shapeMismatch` naming the first column whose
    ///   length differs from column 0's.
    public init(columns: [[Double]]) throws {
        let m = columns.first?.count ?? 0
        var storage: [Double] = []
        storage.reserveCapacity(m * columns.count)
        for (j, column) in columns.enumerated() {
            guard column.count == m else {
                throw LossKitError.shapeMismatch(
                    name: "columns[\(j)]", expected: "\(m) rows (as columns[0])", actual: "\(column.count) rows")
            }
            storage.append(contentsOf: column)
        }
        self.init(uncheckedRows: m, columns: columns.count, storage: storage)
    }

    /// A matrix from a list of rows: `rowMajor[i][j]` is element `(i, j)`.
    ///
    /// An empty list gives a 0 × 0 matrix.
    /// - Throws: `LossKitError.shapeMismatch` naming the first row whose
    ///   length differs from row 0's.
    /// - Complexity: O(m·n) (a transposing copy).
    public init(rowMajor: [[Double]]) throws {
        let m = rowMajor.count
        let n = rowMajor.first?.count ?? 0
        for (i, row) in rowMajor.enumerated() where row.count != n {
            throw LossKitError.shapeMismatch(
                name: "rowMajor[\(i)]", expected: "\(n) columns (as rowMajor[0])", actual: "\(row.count) columns")
        }
        var storage = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            let row = rowMajor[i]
            for j in 0..<n { storage[i + j * m] = row[j] }
        }
        self.init(uncheckedRows: m, columns: n, storage: storage)
    }

    /// The `n × n` identity matrix (empty for `n <= 0`).
    /// - Complexity: O(n²).
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<max(n, 0) { result.storage[i + i * n] = 1 }
        return result
    }

    /// Element `(row, column)`, 0-based. Traps when out of range, like `Array`.
    @inlinable
    public subscript(row row: Int, column column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return storage[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            storage[row + column * rows] = newValue
        }
    }

    /// Column `j` as a new array of `rows` values (a contiguous copy). Traps
    /// when `j` is out of range.
    /// - Complexity: O(m).
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Matrix column index out of range")
        return Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// The elements in row-major order as nested arrays (one inner array per row).
    public var rowMajorArrays: [[Double]] {
        (0..<rows).map { i in (0..<columns).map { j in storage[i + j * rows] } }
    }

    /// The transpose `Aᵀ` (`columns × rows`), copied in cache-sized tiles.
    /// - Complexity: O(m n).
    public var transposed: Matrix {
        let m = rows, n = columns
        var out = [Double](repeating: 0, count: m * n)
        storage.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { t in
                let tile = 32
                var j0 = 0
                while j0 < n {
                    let j1 = min(j0 + tile, n)
                    var i0 = 0
                    while i0 < m {
                        let i1 = min(i0 + tile, m)
                        for j in j0..<j1 {
                            for i in i0..<i1 { t[j + i * n] = a[i + j * m] }
                        }
                        i0 = i1
                    }
                    j0 = j1
                }
            }
        }
        return Matrix(uncheckedRows: n, columns: m, storage: out)
    }

    /// Calls `body` with the column-major elements (leading dimension `rows`).
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with mutable access to the column-major elements. The
    /// buffer must not be replaced (its count is the shape's invariant).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        let shown = rowMajorArrays.prefix(8).map { row in
            row.prefix(8).map { "\($0)" }.joined(separator: ", ") + (columns > 8 ? ", …" : "")
        }
        return "Matrix(\(rows) × \(columns)) [\n  " + shown.joined(separator: "\n  ") + (rows > 8 ? "\n  …" : "") + "\n]"
    }
}
