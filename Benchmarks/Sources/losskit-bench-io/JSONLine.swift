import BenchSupport

/// One line of JSON with its keys in the order given: what the Python side of
/// `bench/` reads back (`json.loads` per line).
struct JSONLine {
    enum Value {
        case string(String)
        case int(Int)
        case double(Double)
        case doubles([Double])
    }

    var fields: [(String, Value)]

    init(_ fields: [(String, Value)]) { self.fields = fields }

    func print() {
        Swift.print("{" + fields.map { "\"\($0.0)\": \(Self.encode($0.1))" }.joined(separator: ", ") + "}")
    }

    private static func encode(_ value: Value) -> String {
        switch value {
        case .string(let s):
            return "\"" + s.replacingQuotesAndBackslashes() + "\""
        case .int(let i):
            return String(i)
        case .double(let d):
            // JSON has no NaN or infinity; Python's json module reads these spellings.
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return "\(d)"
        case .doubles(let ds):
            return "[" + ds.map { encode(.double($0)) }.joined(separator: ", ") + "]"
        }
    }
}

extension String {
    fileprivate func replacingQuotesAndBackslashes() -> String {
        var out = ""
        for c in self {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

extension Timing {
    /// `best_s`, `median_s`, the number of timed calls and each call's seconds.
    var jsonFields: [(String, JSONLine.Value)] {
        [("best_s", .double(best)), ("median_s", .double(median)), ("repetitions", .int(seconds.count)),
         ("seconds", .doubles(seconds))]
    }
}
