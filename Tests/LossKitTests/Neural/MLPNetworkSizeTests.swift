import Foundation
import LossKit
import Testing

/// An absurd `hiddenLayerSizes` is refused before anything is allocated
/// (`--hidden 100000000` used to end in an allocation trap).
@Suite struct MLPNetworkSizeTests {
    static func data() throws -> RegressionData {
        try RegressionData(features: Matrix(rowMajor: [[1], [2], [3], [4], [5], [6], [7], [8]]), targets: [1, 3, 2, 5, 4, 6, 8, 7])
    }

    static func refusal(_ sizes: [Int], batchSize: Int? = nil) throws -> String? {
        var mlp = MLPRegressor(hiddenLayerSizes: sizes)
        mlp.batchSize = batchSize
        mlp.maxEpochs = 1
        do {
            _ = try mlp.fit(try data())
            return nil
        } catch let LossKitError.invalidParameter(name, _, requirement) {
            return name + ": " + requirement
        }
    }

    @Test(arguments: [[100_000_000], [30_000, 30_000], [Int.max / 2, Int.max / 2], [1 << 62]])
    func hugeNetworksAreRefusedNamingTheLayers(sizes: [Int]) throws {
        let message = try #require(try Self.refusal(sizes))
        #expect(message.hasPrefix("hiddenLayerSizes: "), "\(message)")
    }

    @Test func aWideLayerWithALargeBatchIsRefusedForItsActivations() throws {
        // 2^20 units: 3·2^20 parameters are allowed, but batches of 256 rows
        // would hold 2^28 activation values.
        let rows = (0..<300).map { [Double($0)] }
        var mlp = MLPRegressor(hiddenLayerSizes: [1 << 20])
        mlp.batchSize = 256
        #expect(throws: LossKitError.self) {
            _ = try mlp.fit(try RegressionData(features: Matrix(rowMajor: rows), targets: rows.map { $0[0] }))
        }
        do {
            _ = try mlp.fit(try RegressionData(features: Matrix(rowMajor: rows), targets: rows.map { $0[0] }))
        } catch let LossKitError.invalidParameter(name, _, requirement) {
            #expect(name == "hiddenLayerSizes")
            #expect(requirement.contains("activation values per batch"))
        }
    }

    @Test func ordinaryNetworksTrain() throws {
        #expect(try Self.refusal([64, 64]) == nil)
        #expect(try Self.refusal([]) == nil)
    }

    /// A tampered model file: sizes whose parameter count overflows Int (used
    /// to trap), and scales that are 0 or not finite (used to predict NaN).
    @Test(arguments: [
        ("layerSizes", "[1, 9223372036854775807, 1]"),
        ("layerSizes", "[1, 4611686018427387903, 4611686018427387903, 1]"),
        ("inputScales", "[0]"),
        ("targetScales", "[-1]"),
        ("inputMeans", "[1e999]"),
    ])
    func tamperedModelFilesAreRefused(field: String, literal: String) throws {
        let model = try MLPRegressor(hiddenLayerSizes: [3], maxEpochs: 1).fit(try Self.data())
        var object = try #require(JSONSerialization.jsonObject(with: model.modelFileData()) as? [String: Any])
        object[field] = "@@"
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            .replacingOccurrences(of: "\"@@\"", with: literal)
        #expect(throws: (any Error).self) { _ = try MLPRegressionModel.load(from: Data(text.utf8)) }
    }
}
