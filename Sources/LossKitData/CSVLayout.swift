/// Which columns of the file are read, and where each one goes.
struct CSVLayout: Sendable {
    /// The names of all fields of a record, as in the header.
    var fieldNames: [String]
    /// For each field of a record: its column in the output, or -1 when unread.
    var outputColumn: [Int]
    /// The names of the output columns, in output order.
    var outputNames: [String]

    var fieldCount: Int { fieldNames.count }
    var outputCount: Int { outputNames.count }

    init(fieldNames: [String], selecting selection: [String]?) throws {
        var seen = Set<String>()
        seen.reserveCapacity(fieldNames.count)
        for name in fieldNames where !seen.insert(name).inserted {
            throw DataError.duplicateColumn(name: name)
        }
        self.fieldNames = fieldNames
        var output = [Int](repeating: -1, count: fieldNames.count)
        if let selection {
            // Positions by name: linear in the columns, whatever their number.
            var position: [String: Int] = [:]
            position.reserveCapacity(fieldNames.count)
            for (k, name) in fieldNames.enumerated() { position[name] = k }
            var chosen = Set<String>()
            for (k, name) in selection.enumerated() {
                guard chosen.insert(name).inserted else {
                    throw DataError.invalidOption(
                        name: "columns", reason: "'\(DisplayText.sanitized(name))' is selected twice")
                }
                guard let field = position[name] else {
                    throw DataError.missingColumn(name: name, available: fieldNames)
                }
                output[field] = k
            }
            outputNames = selection
        } else {
            output = Array(fieldNames.indices)
            outputNames = fieldNames
        }
        outputColumn = output
    }
}
