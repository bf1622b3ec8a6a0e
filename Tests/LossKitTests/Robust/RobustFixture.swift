import Foundation
import LossKit

/// One data set of Fixtures/robust/*.json, written by
/// scripts/generate_robust_fixtures.py from statsmodels, scipy and scikit-learn.
struct RobustFixture: Decodable {
    struct OLS: Decodable {
        let params: [Double]
        let hat: [Double]
        let studentizedInternal: [Double]
        let studentizedExternal: [Double]
        let cooksDistance: [Double]
    }
    struct Huber: Decodable {
        let t: Double
        let params: [Double]
        let scale: Double
        let weights: [Double]
        let defaultFitParams: [Double]
    }
    struct Quantile: Decodable {
        let q: Double
        let statsmodelsParams: [Double]
        let exactParams: [Double]
        let exactObjective: Double
    }
    struct MAD: Decodable {
        let yAboutZero: Double
        let yAboutMedian: Double
    }
    struct SklearnHuber: Decodable {
        let epsilon: Double
        let intercept: Double
        let coefficients: [Double]
        let scale: Double
    }

    let name: String
    let x: [[Double]]
    let y: [Double]
    let ols: OLS
    let huberT: Huber
    let quantile: [Quantile]
    let mad: MAD
    let sklearnHuber: SklearnHuber
    let cleanLineParams: [Double]?

    static let names = ["anscombe3", "contaminated", "heavyTails", "clean"]

    static func load(_ name: String) throws -> RobustFixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/robust") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/robust/\(name).json"])
        }
        return try JSONDecoder().decode(RobustFixture.self, from: Data(contentsOf: url))
    }

    var matrix: Matrix {
        get throws { try Matrix(rowMajor: x) }
    }
}

/// `|a − b| ≤ tolerance · max(|b|, floor)` elementwise, with a message naming the index.
func expectClose(_ actual: [Double], _ expected: [Double], relative tolerance: Double, floor: Double = 1,
                 _ what: String) -> String? {
    guard actual.count == expected.count else { return "\(what): \(actual.count) values, expected \(expected.count)" }
    for i in actual.indices {
        let a = actual[i], b = expected[i]
        if a.isNaN && b.isNaN { continue }
        if !(abs(a - b) <= tolerance * max(abs(b), floor)) {
            return "\(what)[\(i)] = \(a), expected \(b) (tolerance \(tolerance) relative)"
        }
    }
    return nil
}
