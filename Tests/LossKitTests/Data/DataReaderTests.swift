import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The delimited-text dialect, edge case by edge case. Most cases run under
/// several tunings: tiny chunks (records straddle reads, the buffer grows)
/// and several threads on tiny chunks (the parallel split).
@Suite struct DataReaderTests {
    static let tunings = stressTunings.indices.map { $0 }

    private func read(_ text: String, _ tuning: Int, name: String = "data.csv",
                      options: DataReadOptions = DataReadOptions()) throws -> NumericTable {
        try readText(text, name: name, options: options, tuning: stressTunings[tuning])
    }

    @Test(arguments: tunings)
    func readsHeaderAndColumns(_ tuning: Int) throws {
        let table = try read("a,b,c\n1,2,3\n4,5.5,-6e2\n", tuning)
        #expect(table.columnNames == ["a", "b", "c"])
        #expect(table.columns == [[1, 4], [2, 5.5], [3, -600]])
        #expect(table.rowCount == 2)
        #expect(table.droppedRowCount == 0)
    }

    @Test(arguments: tunings)
    func lastLineWithoutNewline(_ tuning: Int) throws {
        let table = try read("a,b\n1,2\n3,4", tuning)
        #expect(table.columns == [[1, 3], [2, 4]])
    }

    @Test(arguments: tunings)
    func byteOrderMarkIsSkipped(_ tuning: Int) throws {
        let table = try read("\u{FEFF}a,b\n1,2\n", tuning)
        #expect(table.columnNames == ["a", "b"])
        #expect(table.columns == [[1], [2]])
    }

    @Test(arguments: tunings)
    func crlfLineEnds(_ tuning: Int) throws {
        let table = try read("a,b\r\n1,2\r\n3,4\r\n", tuning)
        #expect(table.columnNames == ["a", "b"])
        #expect(table.columns == [[1, 3], [2, 4]])
        let noFinalNewline = try read("a,b\r\n1,2\r\n3,4", tuning)
        #expect(noFinalNewline.columns == [[1, 3], [2, 4]])
    }

    @Test(arguments: tunings)
    func quotedFields(_ tuning: Int) throws {
        let text = "\"x, first\",\"say \"\"hi\"\"\",note,\"multi\nline\"\n"
            + "\"1.5\",2,\"a, b\nc \"\"d\"\"\",3\n"
            + "4,\" 5 \",plain,6\n"
        let table = try read(text, tuning, options: DataReadOptions(columns: ["x, first", "say \"hi\"", "multi\nline"]))
        #expect(table.columnNames == ["x, first", "say \"hi\"", "multi\nline"])
        #expect(table.columns == [[1.5, 4], [2, 5], [3, 6]])
    }

    @Test(arguments: tunings)
    func quotedNewlinesCountInLineNumbers(_ tuning: Int) throws {
        // Record 2 spans lines 3–4, so the bad record 3 starts on line 5.
        let text = "n,x\n\"a\",1\n\"b\nb\",2\nc,oops\n"
        let error = dataError { _ = try read(text, tuning, options: DataReadOptions(columns: ["x"])) }
        #expect(error == .notANumber(row: 3, line: 5, column: "x", text: "oops"))
    }

    @Test(arguments: tunings)
    func blankLinesAreSkipped(_ tuning: Int) throws {
        let table = try read("\n\na,b\n\n1,2\n\r\n\n3,4\n\n\n", tuning)
        #expect(table.columns == [[1, 3], [2, 4]])
        // Blank lines count as lines, not as data rows.
        let error = dataError { _ = try read("a,b\n\n1,2\n\nx,4\n", tuning) }
        #expect(error == .notANumber(row: 2, line: 5, column: "a", text: "x"))
    }

    @Test(arguments: tunings)
    func trailingDelimiter(_ tuning: Int) throws {
        // On every line: the empty last field is not a column.
        let everywhere = try read("a,b,\n1,2,\n3,4,\n", tuning)
        #expect(everywhere.columnNames == ["a", "b"])
        #expect(everywhere.columns == [[1, 3], [2, 4]])
        // Only on data rows: one extra empty field is ignored.
        let rowsOnly = try read("a,b\n1,2,\n3,4\n", tuning)
        #expect(rowsOnly.columns == [[1, 3], [2, 4]])
        // A row with exactly the header's fields and an empty last one is a missing value.
        let missing = dataError { _ = try read("a,b\n1,\n", tuning) }
        #expect(missing == .missingValue(row: 1, line: 2, column: "b", text: ""))
        // Two trailing delimiters are not a trailing delimiter.
        let ragged = dataError { _ = try read("a,b\n1,2,,\n", tuning) }
        #expect(ragged == .raggedRow(row: 1, line: 2, expected: 2, actual: 4))
    }

    @Test(arguments: tunings)
    func commentLines(_ tuning: Int) throws {
        let options = DataReadOptions(commentPrefix: "#")
        let table = try read("# produced by a tool\n#\na,b\n1,2\n# middle, not data\n3,4\n#end", tuning, options: options)
        #expect(table.columns == [[1, 3], [2, 4]])
        let longPrefix = try read("// c\na\n1\n//x\n2\n", tuning, options: DataReadOptions(commentPrefix: "//"))
        #expect(longPrefix.columns == [[1, 2]])
        // Without the option a comment line is data.
        let error = dataError { _ = try read("a,b\n# note\n1,2\n", tuning) }
        #expect(error == .notANumber(row: 1, line: 2, column: "a", text: "# note"))
    }

    @Test(arguments: tunings)
    func veryLongLines(_ tuning: Int) throws {
        let width = 3000
        let header = (0..<width).map { "c\($0)" }.joined(separator: ",")
        let row1 = (0..<width).map { "\($0).25" }.joined(separator: ",")
        let row2 = (0..<width).map { "-\($0)e-3" }.joined(separator: ",")
        let table = try read(header + "\n" + row1 + "\n" + row2 + "\n", tuning)
        #expect(table.columnCount == width)
        #expect(table.columns[2999] == [2999.25, -2.999])
        // One 2 MB field in a column that is not read.
        let long = String(repeating: "z", count: 2_000_000)
        let wide = try read("note,y\n\(long),1\n\"\(long)\",2\n", tuning, options: DataReadOptions(columns: ["y"]))
        #expect(wide.columns == [[1, 2]])
    }

    @Test(arguments: tunings)
    func invalidUTF8IsAnErrorNamingTheRow(_ tuning: Int) throws {
        let good = Array("a,b\n1,2\n".utf8)
        let inNumber = TemporaryFile(bytes: good + [0x33, 0xFF, 0x2C, 0x34, 0x0A])
        #expect(dataError { _ = try DataReader.read(path: inNumber.path, options: DataReadOptions(), tuning: stressTunings[tuning]) }
            == .invalidUTF8(row: 2, line: 3))
        let inSkipped = TemporaryFile(bytes: Array("n,b\nok,2\n".utf8) + [0x61, 0xC3, 0x28, 0x2C, 0x34, 0x0A])
        #expect(dataError {
            _ = try DataReader.read(path: inSkipped.path, options: DataReadOptions(columns: ["b"]), tuning: stressTunings[tuning])
        } == .invalidUTF8(row: 2, line: 3))
        let inHeader = TemporaryFile(bytes: [0x61, 0xFE, 0x2C, 0x62, 0x0A] + Array("1,2\n".utf8))
        #expect(dataError { _ = try DataReader.read(path: inHeader.path, options: DataReadOptions(), tuning: stressTunings[tuning]) }
            == .invalidUTF8(row: nil, line: 1))
        // Valid UTF-8 that is not a number is a different error.
        #expect(dataError { _ = try read("a\n1\nnaïve\n", tuning) } == .notANumber(row: 2, line: 3, column: "a", text: "naïve"))
    }

    @Test(arguments: tunings)
    func raggedRows(_ tuning: Int) throws {
        #expect(dataError { _ = try read("a,b,c\n1,2,3\n4,5\n", tuning) } == .raggedRow(row: 2, line: 3, expected: 3, actual: 2))
        #expect(dataError { _ = try read("a,b\n1,2\n3,4\n5,6,7,8\n", tuning) } == .raggedRow(row: 3, line: 4, expected: 2, actual: 4))
        let message = DataError.raggedRow(row: 2, line: 3, expected: 3, actual: 2).description
        #expect(message == "data row 2 (line 3) has 2 fields but the header has 3")
    }

    @Test func missingColumnListsTheColumns() throws {
        let table = try readText("alpha,beta\n1,2\n")
        let error = dataError { _ = try table.column(named: "gamma") }
        #expect(error == .missingColumn(name: "gamma", available: ["alpha", "beta"]))
        #expect(error?.description == "no column named 'gamma'; the columns are: 'alpha', 'beta'")
        let selected = dataError { _ = try readText("alpha,beta\n1,2\n", options: DataReadOptions(columns: ["beta", "delta"])) }
        #expect(selected == .missingColumn(name: "delta", available: ["alpha", "beta"]))
    }

    @Test func emptyFilesAndHeaderOnly() throws {
        for text in ["", "\u{FEFF}", "\n\n", "\r\n"] {
            let file = TemporaryFile(text)
            #expect(dataError { _ = try DataReader.read(path: file.path) } == .emptyFile(path: file.path))
        }
        let comments = TemporaryFile("# only\n# comments\n")
        #expect(dataError { _ = try DataReader.read(path: comments.path, options: DataReadOptions(commentPrefix: "#")) }
            == .emptyFile(path: comments.path))
        for text in ["a,b\n", "a,b", "a,b\n\n\n"] {
            let file = TemporaryFile(text)
            #expect(dataError { _ = try DataReader.read(path: file.path) } == .noDataRows(path: file.path))
            #expect(dataError { try DataReader.forEachBlock(path: file.path) { _ in } } == .noDataRows(path: file.path))
        }
        #expect(dataError { _ = try DataReader.read(path: "/nonexistent/file.csv") }
            == .cannotRead(path: "/nonexistent/file.csv", reason: "No such file or directory"))
    }

    @Test(arguments: DataReadOptions.defaultMissingTokens)
    func missingValueIsAnErrorByDefault(_ token: String) throws {
        let error = dataError { _ = try readText("x,y\n1,2\n3,\(token)\n") }
        #expect(error == .missingValue(row: 2, line: 3, column: "y", text: token))
        #expect(error?.description.contains("data row 2 (line 3)") == true)
    }

    @Test(arguments: tunings)
    func dropRowPolicySkipsAndCounts(_ tuning: Int) throws {
        let options = DataReadOptions(missingValues: .dropRow)
        let table = try read("x,y\n1,2\nNA,3\n4,\n5,6\n,\n\"NaN\",1\n7,null\n8,9\n", tuning, options: options)
        #expect(table.columns == [[1, 5, 8], [2, 6, 9]])
        #expect(table.droppedRowCount == 5)
        // Row numbers still count the dropped rows.
        let error = dataError { _ = try read("x\nNA\nNA\nbad\n", tuning, options: options) }
        #expect(error == .notANumber(row: 3, line: 4, column: "x", text: "bad"))
        // Only the columns read are checked.
        let selected = try read("x,y\n1,NA\n2,3\n", tuning, options: DataReadOptions(columns: ["x"], missingValues: .dropRow))
        #expect(selected.columns == [[1, 2]])
        #expect(selected.droppedRowCount == 0)
    }

    @Test func customMissingTokens() throws {
        let options = DataReadOptions(missingValues: .dropRow, missingTokens: ["?", ""])
        let table = try readText("x\n1\n?\n\n2\n", options: options)
        #expect(table.columns == [[1, 2]])
        #expect(table.droppedRowCount == 1)  // the blank line is a blank line, not a missing value
        #expect(dataError { _ = try readText("x\nNA\n", options: options) } == .notANumber(row: 1, line: 2, column: "x", text: "NA"))
        #expect(dataError { _ = try readText("x\n1\n", options: DataReadOptions(missingTokens: ["-999"])) }
            == .invalidOption(name: "missingTokens", reason: "'-999' is a number; missing-value tokens must not be numbers"))
    }

    @Test(arguments: tunings)
    func nonNumericFieldNamesRowColumnAndText(_ tuning: Int) throws {
        let error = dataError { _ = try read("a,b\n1,2\n3,4\n5,1.2.3\n", tuning) }
        #expect(error == .notANumber(row: 3, line: 4, column: "b", text: "1.2.3"))
        #expect(error?.description == "'1.2.3' in column 'b' at data row 3 (line 4) is not a number")
    }

    @Test func numberSpellings() throws {
        let table = try readText("v\n+1\n.5\n5.\n-0\n1E+3\n 7 \ninf\n-Infinity\n+INF\n1e400\n1e-400\n4.9406564584124654e-324\n")
        let v = table.columns[0]
        #expect(v[0] == 1 && v[1] == 0.5 && v[2] == 5)
        #expect(v[3] == 0 && v[3].sign == .minus)
        #expect(v[4] == 1000 && v[5] == 7)
        #expect(v[6] == .infinity && v[7] == -.infinity && v[8] == .infinity && v[9] == .infinity)
        #expect(v[10] == 0 && v[11] == .leastNonzeroMagnitude)
    }

    @Test(arguments: tunings)
    func delimiterDetection(_ tuning: Int) throws {
        #expect(try read("a\tb\n1\t2\n", tuning).columns == [[1], [2]])
        #expect(try read("a;b;c\n1,5;2;3\n", tuning, options: DataReadOptions(columns: ["b", "c"])).columns == [[2], [3]])
        // A .tsv file is tab-separated even when its header has commas.
        let tsv = try read("a,1\tb\n1\t2\n", tuning, name: "data.tsv")
        #expect(tsv.columnNames == ["a,1", "b"])
        // Quoted delimiters do not vote.
        #expect(try read("\"a,b,c\";d\n1;2\n", tuning).columnNames == ["a,b,c", "d"])
        // An explicit delimiter wins.
        let pipe = try read("a|b\n1|2\n", tuning, options: DataReadOptions(delimiter: .character("|")))
        #expect(pipe.columns == [[1], [2]])
        #expect(dataError { _ = try read("a\n1\n", tuning, options: DataReadOptions(delimiter: .character("\""))) } != nil)
    }

    @Test func headerless() throws {
        let plain = try readText("1,2\n3,4\n", options: DataReadOptions(hasHeader: false))
        #expect(plain.columnNames == ["c0", "c1"])
        #expect(plain.columns == [[1, 3], [2, 4]])
        let named = try readText("1,2\n3,4\n", options: DataReadOptions(hasHeader: false, columns: ["y"], columnNames: ["x", "y"]))
        #expect(named.columns == [[2, 4]])
        #expect(dataError { _ = try readText("1,2\n", options: DataReadOptions(hasHeader: false, columnNames: ["x"])) }
            == .invalidOption(name: "columnNames", reason: "1 names given but the file has 2 columns"))
        #expect(dataError { _ = try readText("a\n1\n", options: DataReadOptions(columnNames: ["x"])) } != nil)
    }

    @Test(arguments: tunings)
    func onlySelectedColumnsAreParsed(_ tuning: Int) throws {
        let text = "name,y,x,comment\nalpha,1,10,\"ok, fine\"\nbeta,2,20,n/a\n"
        let table = try read(text, tuning, options: DataReadOptions(columns: ["x", "y"]))
        #expect(table.columnNames == ["x", "y"])
        #expect(table.columns == [[10, 20], [1, 2]])
        #expect(dataError { _ = try read(text, tuning) } == .notANumber(row: 1, line: 2, column: "name", text: "alpha"))
    }

    @Test func headerNames() throws {
        // Spaces around names are trimmed; an empty name becomes c<position>.
        let table = try readText(",  a , b\n1,2,3\n")
        #expect(table.columnNames == ["c0", "a", "b"])
        #expect(dataError { _ = try readText("a,b,a\n1,2,3\n") } == .duplicateColumn(name: "a"))
        #expect(dataError { _ = try readText("a,b\n1,2\n", options: DataReadOptions(columns: ["a", "a"])) }
            == .invalidOption(name: "columns", reason: "'a' is selected twice"))
        let file = TemporaryFile("x,y,z\n1,2,3\n")
        #expect(try DataReader.header(path: file.path, options: DataReadOptions(columns: ["nope"])) == ["x", "y", "z"])
    }

    @Test(arguments: tunings)
    func linesBeforeTheHeaderCount(_ tuning: Int) throws {
        // BOM, a comment, a blank line, then the header on line 3.
        let text = "\u{FEFF}# exported\n\r\nx,y\r\n1,2\r\n3,NA\r\n"
        let error = dataError { _ = try read(text, tuning, options: DataReadOptions(commentPrefix: "#")) }
        #expect(error == .missingValue(row: 2, line: 5, column: "y", text: "NA"))
    }

    @Test func headerOfAHeaderlessFile() throws {
        let file = TemporaryFile("1,2,3\n")
        #expect(try DataReader.header(path: file.path, options: DataReadOptions(hasHeader: false)) == ["c0", "c1", "c2"])
        #expect(try DataReader.header(path: file.path, options: DataReadOptions(hasHeader: false, columnNames: ["a", "b", "c"]))
            == ["a", "b", "c"])
    }

    @Test func errorFromTheBlockHandlerStopsTheRead() throws {
        struct Stop: Error {}
        var text = "x\n"
        for i in 0..<50_000 { text += "\(i)\n" }
        let file = TemporaryFile(text)
        var blocks = 0
        #expect(throws: Stop.self) {
            try DataReader.forEachBlock(path: file.path, rowsPerBlock: 100) { _ in
                blocks += 1
                if blocks == 3 { throw Stop() }
            }
        }
        #expect(blocks == 3)
    }

    @Test(arguments: tunings)
    func malformedQuotes(_ tuning: Int) throws {
        #expect(dataError { _ = try read("a,b\n1,\"2\n", tuning) }
            == .malformedQuote(row: 1, line: 2, detail: "the closing quote is missing"))
        #expect(dataError { _ = try read("a,b\n1,\"2\"x\n", tuning) }
            == .malformedQuote(row: 1, line: 2, detail: "text follows the closing quote of field 2"))
        #expect(dataError { _ = try read("\"a,b\n1,2\n", tuning) }
            == .malformedQuote(row: nil, line: 1, detail: "the closing quote is missing"))
    }
}
