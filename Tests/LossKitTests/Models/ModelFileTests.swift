import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Model files: round trips predict bit-identically; newer, truncated, foreign
/// and other-kind files fail with a typed `ModelFileError`.
@Suite struct ModelFileTests {
    static func linearFit() throws -> (LinearRegressionResult, Matrix) {
        let c = try LinearRegressionTests.cases()[1]
        let x = try Matrix(rowMajor: c.x_row_major)
        return (try LinearRegression().fit(features: x, targets: c.y, weights: c.weights, featureNames: ["a", "b", "c", "d"]), x)
    }

    @Test func linearRegressionRoundTripPredictsBitIdentically() throws {
        let (fit, x) = try Self.linearFit()
        let data = try fit.modelFileData()
        let loaded = try LinearRegressionResult.load(from: data)
        #expect(loaded == fit)
        let a = try fit.predict(x), b = try loaded.predict(x)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["format"] as? String == "losskit-model")
        #expect(object?["version"] as? Int == 1)
        #expect(object?["kind"] as? String == "linear-regression")
        #expect(object?["featureNames"] as? [String] == ["a", "b", "c", "d"])
    }

    @Test func polynomialRoundTripPredictsBitIdentically() throws {
        let set = try NISTDataSet("Filip")
        let fit = try PolynomialRegression(degree: 10).fit(feature: set.features[0], targets: set.y)
        let loaded = try PolynomialRegressionResult.load(from: fit.modelFileData())
        #expect(loaded == fit)
        let grid = stride(from: -9.0, through: -3.0, by: 0.01).map { $0 }
        #expect(fit.predict(grid).map(\.bitPattern) == loaded.predict(grid).map(\.bitPattern))
    }

    @Test func saveAndLoadThroughAFile() throws {
        let (fit, _) = try Self.linearFit()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("losskit-model-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try fit.save(to: url)
        #expect(try LinearRegressionResult.load(contentsOf: url) == fit)
    }

    static func edited(_ transform: (inout [String: Any]) -> Void) throws -> Data {
        let (fit, _) = try linearFit()
        var object = try JSONSerialization.jsonObject(with: fit.modelFileData()) as? [String: Any] ?? [:]
        transform(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func rejectsNewerForeignOtherKindAndTruncatedFiles() throws {
        #expect(throws: ModelFileError.unsupportedVersion(found: 2, supported: 1)) {
            try LinearRegressionResult.load(from: Self.edited { $0["version"] = 2 })
        }
        #expect(throws: ModelFileError.foreignFormat(found: "sklearn-pickle")) {
            try LinearRegressionResult.load(from: Self.edited { $0["format"] = "sklearn-pickle" })
        }
        #expect(throws: ModelFileError.foreignFormat(found: nil)) {
            try LinearRegressionResult.load(from: Data(#"{"coefficients": [1, 2]}"#.utf8))
        }
        #expect(throws: ModelFileError.wrongKind(expected: "linear-regression", found: "ridge")) {
            try LinearRegressionResult.load(from: Self.edited { $0["kind"] = "ridge" })
        }
        #expect(throws: ModelFileError.invalidField(name: "coefficients", detail: "missing")) {
            try LinearRegressionResult.load(from: Self.edited { $0["coefficients"] = nil })
        }
        let full = try Self.linearFit().0.modelFileData()
        #expect(throws: ModelFileError.self) { try LinearRegressionResult.load(from: full.prefix(full.count / 2)) }
        #expect(throws: ModelFileError.unreadable(detail: "empty file")) { try LinearRegressionResult.load(from: Data()) }
        #expect(throws: ModelFileError.self) { try LinearRegressionResult.load(from: Data("[1, 2, 3]".utf8)) }
    }
}
