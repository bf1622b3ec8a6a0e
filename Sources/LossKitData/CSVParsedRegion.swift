/// The records parsed from one region of a file: row-major values and the
/// counts needed to number rows and lines across regions.
struct CSVParsedRegion {
    /// `rowCount` values of each output column.
    var values: ColumnBlockBuffer
    /// Rows kept in `values`.
    var rowCount = 0
    /// Records seen, kept or dropped (data rows, for numbering).
    var dataRowCount = 0
    var droppedRowCount = 0
    /// Line feeds consumed (physical lines, for numbering).
    var lineCount = 0
    /// Bytes consumed: complete records, blank and comment lines.
    var consumedBytes = 0
}
