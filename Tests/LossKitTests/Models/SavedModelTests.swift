import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// `SavedModel` loads every kind of model file through `ModelRegistry` and
/// predicts bit-identically after the round trip; foreign, newer and
/// truncated files are clear errors.
@Suite struct SavedModelTests {
    static let set3 = Anscombe.quartet[2]

    static func models() throws -> [any FittedRegressor] {
        let data = try RegressionData(features: Matrix(columns: [set3.x]), targets: set3.y, featureNames: ["x"])
        return [
            try LinearRegression().fit(data),
            try PolynomialRegression(degree: 2).fit(data),
            try Ridge(alpha: 0.5).fit(data),
            try RidgeCV(alphas: [0.1, 1, 10]).fit(data),
            try RobustLinearRegression(loss: .huber()).fit(data),
            try RobustLinearRegression(loss: .quantile(0.8)).fit(data),
        ]
    }

    @Test func everyKindRoundTripsBitForBit() throws {
        let probe = [-1e6, -3.5, 0, 1e-300, 4.25, 13, 1e9]
        for model in try Self.models() {
            let again = try SavedModel.load(from: model.modelFileData())
            #expect(again.kind == model.modelKind)
            #expect(again.inputNames == model.inputNames)
            let before = try model.predictChecked(columns: [probe])
            let after = try again.predict(columns: [probe])
            #expect(before.map(\.bitPattern) == after.map(\.bitPattern), "\(model.modelKind)")
            // The loaded model reports the same JSON members, but for training-only diagnostics.
            let keys = Set(model.resultMembers().map(\.0)), loadedKeys = Set(again.model.resultMembers().map(\.0))
            #expect(loadedKeys.isSubset(of: keys), "\(model.modelKind)")
        }
    }

    @Test func robustModelFileKeepsTheLoss() throws {
        for case let robust as RobustRegressionModel in try Self.models() {
            let loaded = try #require(try SavedModel.load(from: robust.modelFileData()).model as? RobustRegressionModel)
            #expect(loaded == robust)
            #expect(loaded.training == nil && robust.training != nil)
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
            for kind in ModelRegistry.kinds { #expect(error.description.contains(kind)) }
        }
    }

    @Test func wrongInputCountThrows() throws {
        let model = SavedModel(try Self.models()[0])
        #expect(throws: LossKitError.self) { try model.predict(columns: [[1], [2]]) }
        #expect(throws: LossKitError.self) { try Self.models()[2].predictChecked(columns: [[1, 2], [3]]) }
    }
}
