import Foundation
import Testing
@testable import LossKit

/// `SavedModel` loads every kind of model file and predicts bit-identically
/// after the round trip; foreign, newer and truncated files are clear errors.
@Suite struct SavedModelTests {
    static let set3 = Anscombe.quartet[2]

    static func models() throws -> [SavedModel] {
        let x = try Matrix(columns: [set3.x])
        return [
            .linearRegression(try LinearRegression().fit(x, set3.y, featureNames: ["x"])),
            .polynomialRegression(try PolynomialRegression(degree: 2).fit(x: set3.x, y: set3.y)),
            .ridge(try Ridge(alpha: 0.5).fit(x, set3.y, featureNames: ["x"])),
            .robust(try RobustRegressionModel(RobustLinearRegression(loss: .huber()).fit(x: x, y: set3.y), featureNames: ["x"])),
            .robust(try RobustRegressionModel(RobustLinearRegression(loss: .quantile(0.8)).fit(x: x, y: set3.y), featureNames: ["x"])),
        ]
    }

    @Test func everyKindRoundTripsBitForBit() throws {
        let probe = [-1e6, -3.5, 0, 1e-300, 4.25, 13, 1e9]
        for model in try Self.models() {
            let again = try SavedModel.load(from: model.modelFileData())
            #expect(again.kind == model.kind)
            #expect(again.inputNames == model.inputNames)
            let before = try model.predict(columns: [probe])
            let after = try again.predict(columns: [probe])
            #expect(before.map(\.bitPattern) == after.map(\.bitPattern), "\(model.kind)")
        }
    }

    @Test func robustModelFileKeepsTheLoss() throws {
        for model in try Self.models() {
            guard case .robust(let robust) = model else { continue }
            guard case .robust(let loaded) = try SavedModel.load(from: model.modelFileData()) else {
                Issue.record("kind changed"); continue
            }
            #expect(loaded == robust)
        }
    }

    @Test func foreignNewerTruncatedAndUnknownKindsAreClearErrors() throws {
        let good = try Self.models()[0].modelFileData()
        #expect(throws: ModelFileError.self) { try SavedModel.load(from: Data("{\"format\":\"other\"}".utf8)) }
        #expect(throws: ModelFileError.unsupportedVersion(found: 7, supported: ModelFileHeader.version)) {
            try SavedModel.load(from: Data("{\"format\":\"losskit-model\",\"version\":7,\"kind\":\"ridge\"}".utf8))
        }
        #expect(throws: ModelFileError.self) { try SavedModel.load(from: good.prefix(good.count / 2)) }
        #expect(throws: ModelFileError.self) { try SavedModel.load(from: Data()) }
        do {
            _ = try SavedModel.load(from: Data("{\"format\":\"losskit-model\",\"version\":1,\"kind\":\"forest\"}".utf8))
            Issue.record("an unknown kind must not load")
        } catch let error as ModelFileError {
            #expect(error.description.contains("forest"))
        }
    }

    @Test func wrongInputCountThrows() throws {
        let model = try Self.models()[0]
        #expect(throws: LossKitError.self) { try model.predict(columns: [[1], [2]]) }
    }
}
