import Foundation
import Testing
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitOptimization

/// Training on a file in blocks (`SGDRegressor.fit(path:…)`) and on a stream
/// of blocks (`SGDPartialFit`): the same objective as in memory, at any block size.
@Suite struct SGDRegressorStreamTests {
    typealias Fixture = SGDRegressorTests.Fixture

    /// The fixture's data as a CSV file.
    static func csv(_ f: Fixture) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sgd-stream-\(f.name)-\(UUID().uuidString).csv")
        var text = (0..<f.data.featureCount).map { "x\($0 + 1)" }.joined(separator: ",") + ",y" + (f.data.weights == nil ? "" : ",w") + "\n"
        for i in 0..<f.data.rowCount {
            var fields = (0..<f.data.featureCount).map { "\(f.data.features[row: i, column: $0])" }
            fields.append("\(f.data.targets[i])")
            if let w = f.data.weights { fields.append("\(w[i])") }
            text += fields.joined(separator: ",") + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test(arguments: ["squared_l2_adaptive", "squared_l2_weighted_adaptive", "huber_l2_invscaling_avg", "squared_l1_optimal"],
          [7, 64, 1000])
    func aStreamedFitReachesTheExactMinimumAtAnyBlockSize(name: String, rowsPerBlock: Int) throws {
        let f = try Fixture(name)
        let path = try Self.csv(f)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let names = (1...f.data.featureCount).map { "x\($0)" }
        let outcome = try f.estimator().fit(path: path, target: "y", features: names, weights: f.data.weights == nil ? nil : "w",
                                            rowsPerBlock: rowsPerBlock)
        let model = try #require(outcome.report.model as? SGDRegressionModel)
        #expect(outcome.report.streamed == true)
        #expect(outcome.report.rowCount == f.data.rowCount)
        let ours = try f.objective(intercept: model.intercept, coefficients: model.coefficients)
        #expect((ours - f.exactObjective) / f.exactObjective <= 1e-4, "\(name) blocks of \(rowsPerBlock): gap \((ours - f.exactObjective) / f.exactObjective)")
        #expect(abs(model.objective - ours) <= 1e-9 * f.exactObjective)
        // The standardization is the in-memory one (merged block moments).
        let inMemory = try f.estimator().fit(f.data)
        for j in 0..<f.data.featureCount {
            #expect(abs(model.featureMeans[j] - inMemory.featureMeans[j]) <= 1e-12 * max(1, abs(inMemory.featureMeans[j])))
            #expect(abs(model.featureScales[j] - inMemory.featureScales[j]) <= 1e-10 * inMemory.featureScales[j])
        }
    }

    @Test func partialFitOnBlocksIsDeterministicAndLearns() throws {
        let f = try Fixture("squared_l2_adaptive")
        var e = try f.estimator()
        e.learningRate = .constant
        func train() throws -> SGDRegressionModel {
            var online = try SGDPartialFit<Float>(e, featureNames: f.data.featureNames, featureMeans: f.means, featureScales: f.scales)
            let n = f.data.rowCount
            for _ in 0..<20 {
                for start in stride(from: 0, to: n, by: 50) {
                    let rows = Array(start..<min(start + 50, n))
                    let block = try RegressionData(
                        features: Matrix(columns: (0..<f.data.featureCount).map { j in rows.map { f.data.features[row: $0, column: j] } }),
                        targets: rows.map { f.data.targets[$0] })
                    try online.partialFit(block)
                }
            }
            #expect(online.rowsSeen == 20 * n)
            return online.model()
        }
        let a = try train(), b = try train()
        #expect(a.coefficients == b.coefficients && a.intercept == b.intercept)
        // A constant rate, the intercept starting at 0 and 20 passes: close to, not at, the minimum.
        let ours = try f.objective(intercept: a.intercept, coefficients: a.coefficients)
        #expect((ours - f.exactObjective) / f.exactObjective < 0.05)
    }

    @Test func earlyStoppingIsRefusedWhenStreamed() throws {
        var e = SGDRegressor()
        e.earlyStopping = true
        #expect(throws: LossKitError.self) { _ = try e.fit(path: "/nonexistent.csv", target: "y", features: ["x"]) }
    }
}
