import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Random files whose true values are known because the test wrote them:
/// every dialect feature at once (quoted numbers, quoted text with
/// delimiters, newlines and doubled quotes, CRLF and LF, blank and comment
/// lines, padding, exponents, trailing delimiters, a BOM), read under every
/// tuning, must give back exactly the values written.
@Suite struct CSVRandomFileTests {
    static func randomNumberText(_ value: Double, quotes: Bool, _ generator: inout SplitMix64) -> String {
        let text = "\(value)"
        switch generator.next() % 6 {
        case 0: return quotes ? "\"\(text)\"" : text
        case 1: return " \(text) "
        case 2: return text.replacingOccurrences("e", "E")
        default: return text
        }
    }

    /// Text for an unread column of a file without quotes: scanned, not parsed.
    static func randomUnquotedText(_ generator: inout SplitMix64) -> String {
        let pieces = ["a", "naïve", "x y", "", "🙂🙂🙂🙂🙂🙂🙂🙂", "a-longer-label-of-some-bytes", "NA", "1e5"]
        return pieces[Int(generator.next() % UInt64(pieces.count))]
    }

    static func randomText(_ generator: inout SplitMix64) -> String {
        let pieces = ["a", "b,c", "x\ny", "say \"\"hi\"\"", "", "🙂", "x;y", "tab\there"]
        let body = (0..<Int(generator.next() % 3 + 1)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
            .joined()
        return "\"" + body + "\""
    }

    @Test(arguments: 0..<40)
    func randomFileReadsBackExactly(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed) &* 7919 &+ 17)
        let columns = Int(generator.next() % 5) + 1
        let rows = Int(generator.next() % 300) + 1
        // Half the files have no quote at all, so they take the parallel path.
        let quotes = generator.next() % 2 == 0
        let textColumn = Int(generator.next() % UInt64(columns + 1))  // == columns: none
        let trailing = generator.next() % 4 == 0
        var names = (0..<columns).map { "v\($0)" }
        if textColumn < columns { names[textColumn] = "label" }
        var text = generator.next() % 3 == 0 ? "\u{FEFF}" : ""
        if generator.next() % 2 == 0 { text += quotes ? "# comment, with \"quote\n\n" : "# comment\n\n" }
        text += names.joined(separator: ",") + (trailing ? "," : "") + "\n"
        var expected = [[Double]](repeating: [], count: columns)
        for _ in 0..<rows {
            var fields: [String] = []
            for j in 0..<columns {
                if j == textColumn {
                    fields.append(quotes ? Self.randomText(&generator) : Self.randomUnquotedText(&generator))
                } else {
                    let value = Double(bitPattern: generator.next() >> 1) * (generator.next() % 2 == 0 ? 1 : -1)
                    let finite = value.isFinite ? value : Double(Int64(bitPattern: generator.next()) % 1000) / 8
                    expected[j].append(finite)
                    fields.append(Self.randomNumberText(finite, quotes: quotes, &generator))
                }
            }
            text += fields.joined(separator: ",") + (trailing ? "," : "")
            text += generator.next() % 3 == 0 ? "\r\n" : "\n"
            if generator.next() % 10 == 0 { text += "\n" }
            if generator.next() % 10 == 0 { text += "# another comment\n" }
        }
        let numeric = names.filter { $0 != "label" }
        expected = expected.enumerated().filter { $0.offset != textColumn }.map(\.element)
        let options = DataReadOptions(commentPrefix: "#", columns: numeric)
        for tuning in stressTunings {
            let table = try readText(text, options: options, tuning: tuning)
            // The lean loop for plain records must change nothing.
            var general = tuning
            general.plainRecordLoop = false
            #expect(try readText(text, options: options, tuning: general) == table)
            #expect(table.columnNames == numeric)
            for j in expected.indices {
                let same = table.columns[j].count == expected[j].count
                    && zip(table.columns[j], expected[j]).allSatisfy { $0.bitPattern == $1.bitPattern }
                #expect(same, "seed \(seed), column \(numeric[j]), chunk \(tuning.chunkSize), threads \(tuning.threads)")
            }
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
