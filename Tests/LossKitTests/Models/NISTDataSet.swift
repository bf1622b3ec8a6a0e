import Foundation

/// One NIST StRD linear regression problem, read from `Fixtures/nist/`: the
/// CSV text parsed with `Double(_:)`, certified values as NIST prints them.
struct NISTDataSet: Sendable, CustomStringConvertible {
    struct Certified: Decodable, Sendable {
        let coefficients: [String]
        let standard_deviations: [String]
        let residual_sd: String
        let r_squared: String
    }
    struct Meta: Decodable, Sendable {
        let name: String
        let intercept: Bool
        let degree: Int?
        let certified: Certified
    }

    static let names = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
                        "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]

    let meta: Meta
    /// y and the feature columns (one for the polynomial sets, six for Longley).
    let y: [Double]
    let features: [[Double]]
    var description: String { meta.name }

    init(_ name: String) throws {
        meta = try ModelFixtures.decode(Meta.self, name, subdirectory: "nist")
        let text = try String(contentsOf: ModelFixtures.url(name, "csv", "nist"), encoding: .utf8)
        var y: [Double] = []
        var features: [[Double]] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map { Double(String($0)) }
            guard let first = fields.first, let yValue = first, fields.allSatisfy({ $0 != nil }) else {
                throw ModelFixtures.Missing(name: "\(name).csv: unparsable line \(line)")
            }
            y.append(yValue)
            if features.isEmpty { features = Array(repeating: [], count: fields.count - 1) }
            for (j, v) in fields.dropFirst().enumerated() { features[j].append(v ?? .nan) }
        }
        self.y = y
        self.features = features
    }

    var certifiedCoefficients: [Double] { meta.certified.coefficients.compactMap(Double.init) }
    var certifiedStandardDeviations: [Double] { meta.certified.standard_deviations.compactMap(Double.init) }
    var certifiedResidualSD: Double { Double(meta.certified.residual_sd) ?? .nan }
    var certifiedRSquared: Double { Double(meta.certified.r_squared) ?? .nan }

    /// Log relative error, NIST's score: `−log₁₀(|est − cert|/|cert|)`
    /// (`−log₁₀|est|` when cert = 0), clipped to [0, 15].
    static func lre(_ estimate: Double, _ certified: Double) -> Double {
        guard estimate.isFinite else { return 0 }
        let error = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
        if error == 0 { return 15 }
        return min(15, max(0, -Foundation.log10(error)))
    }
}
