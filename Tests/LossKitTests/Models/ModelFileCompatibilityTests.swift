import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Every model file an earlier LossKit wrote (`Fixtures/model-files/`, one
/// per kind and variant) still loads through the registry, names its inputs,
/// and predicts what its stored coefficients say — computed here from the raw
/// JSON with plain arithmetic, not by the model code under test.
@Suite struct ModelFileCompatibilityTests {
    static let files = [
        "v1-linear-regression-ols", "v1-linear-regression-wls-no-intercept", "v1-polynomial-regression",
        "v1-ridge", "v1-ridge-cv", "v1-robust-huber", "v1-robust-l1", "v1-robust-quantile",
    ]

    static func load(_ name: String) throws -> (raw: [String: Any], data: Data) {
        let data = try Data(contentsOf: ModelFixtures.url(name, "json", "model-files"))
        return (try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]), data)
    }

    @Test(arguments: files) func oldFileLoadsAndPredictsFromItsCoefficients(name: String) throws {
        let (raw, data) = try Self.load(name)
        let saved = try SavedModel.load(from: data)
        #expect(saved.kind == raw["kind"] as? String)
        let probe: [Double] = [-7.5, 0, 1, 4.25, 9, 14]
        if saved.kind == "polynomial-regression" {
            // ŷ = B₀ + Σ Bₖ xᵏ on the raw powers stored in the table.
            let stats = try #require(raw["statistics"] as? [String: Any])
            let b0 = try #require((stats["intercept"] as? [String: Any])?["estimate"] as? Double)
            let rows = try #require(stats["coefficients"] as? [[String: Any]])
            let b = rows.compactMap { $0["estimate"] as? Double }
            #expect(b.count == rows.count && b.count == 2)
            #expect(saved.inputNames == ["x2"])
            let yHat = try saved.predict(columns: [probe])
            for (x, p) in zip(probe, yHat) {
                let expected = b.enumerated().reduce(b0) { $0 + $1.element * pow(x, Double($1.offset + 1)) }
                #expect(abs(p - expected) <= 1e-9 * max(1, abs(expected)), "\(name) at x = \(x)")
            }
            return
        }
        let names = try #require(raw["featureNames"] as? [String])
        let coefficients = try #require(raw["coefficients"] as? [Double])
        let intercept = try #require(raw["intercept"] as? Double)
        #expect(saved.inputNames == names)
        let columns = names.indices.map { j in probe.map { $0 * Double(j + 1) } }
        let yHat = try saved.predict(columns: columns)
        for i in probe.indices {
            let expected = names.indices.reduce(intercept) { $0 + coefficients[$1] * columns[$1][i] }
            #expect(abs(yHat[i] - expected) <= 1e-13 * max(1, abs(expected)), "\(name) row \(i)")
        }
    }

    @Test func robustFilesKeepTheirLossAndParameters() throws {
        let huber = try #require(try SavedModel.load(from: Self.load("v1-robust-huber").data).model as? RobustRegressionModel)
        #expect(huber.loss == .huber(k: 1.345))
        let quantile = try #require(try SavedModel.load(from: Self.load("v1-robust-quantile").data).model as? RobustRegressionModel)
        #expect(quantile.loss == .quantile(0.8))
        #expect(!quantile.fitIntercept)
        let l1 = try #require(try SavedModel.load(from: Self.load("v1-robust-l1").data).model as? RobustRegressionModel)
        #expect(l1.loss == .leastAbsoluteDeviation)
    }

    @Test func reSavingAnOldFileGivesTheSameFields() throws {
        for name in Self.files {
            let (raw, data) = try Self.load(name)
            let again = try #require(JSONSerialization.jsonObject(with: SavedModel.load(from: data).modelFileData()) as? [String: Any])
            #expect(Set(again.keys) == Set(raw.keys), "\(name)")
        }
    }
}
