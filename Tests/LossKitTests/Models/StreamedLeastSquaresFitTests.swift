import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The streamed file fit refuses work that cannot succeed before it builds
/// the O(p²) state, bounds its blocks, and lets zero weights not count.
@Suite struct StreamedLeastSquaresFitTests {
    static func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: false, encoding: .utf8)
        return url.path
    }

    /// 6 rows, 8 features: no least-squares fit can succeed.
    static func wideFile() throws -> (path: String, features: [String]) {
        let features = (1...8).map { "x\($0)" }
        var text = (["y"] + features).joined(separator: ",") + "\n"
        for i in 0..<6 { text += (0...8).map { String(($0 * 3 + i * 5) % 7) }.joined(separator: ",") + "\n" }
        return (try file(text), features)
    }

    @Test(arguments: [1, 3, 100])
    func tooFewRowsIsRefusedBeforeAnyBlockIsFolded(rowsPerBlock: Int) throws {
        let (path, features) = try Self.wideFile()
        let fit = StreamedLeastSquaresFit(target: "y", features: features, rowsPerBlock: rowsPerBlock)
        var folded = 0
        #expect(throws: LossKitError.insufficientRows(rows: 6, parameters: 9)) {
            _ = try fit.run(path: path) { _, _ in folded += 1 }
        }
        #expect(folded == 0, "a block was folded into the triangle before the refusal")
    }

    @Test func tooManyFeaturesIsRefusedBeforeReading() throws {
        let features = (0...StreamedLeastSquaresFit.maximumFeatureCount).map { "x\($0)" }
        let fit = StreamedLeastSquaresFit(target: "y", features: features)
        // The path does not exist: an error about it would mean it was read first.
        #expect(throws: LossKitError.self) { _ = try fit.run(path: "/nonexistent/streamed.csv") }
        do { _ = try fit.run(path: "/nonexistent/streamed.csv") } catch let error as LossKitError {
            guard case .invalidParameter(name: "features", _, _) = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func blockRowsAreBoundedByTheMemoryBudget() {
        let budget = StreamedLeastSquaresFit.blockMemoryBudget
        for columns in [1, 3, 1000, 10_000_000] {
            for requested in [1, 65_536, 1_000_000_000_000, Int.max] {
                let rows = StreamedLeastSquaresFit.rowsPerBlock(requested, columns: columns)
                #expect(rows >= 1 && rows <= requested)
                #expect(rows == 1 || rows * columns * 8 <= budget, "\(requested) × \(columns)")
            }
        }
        #expect(StreamedLeastSquaresFit.rowsPerBlock(65_536, columns: 3) == 65_536)
    }

    @Test(arguments: [1, 2, 1000])
    func zeroWeightRowsDoNotCount(rowsPerBlock: Int) throws {
        let all = try Self.file("x,y,w\n1,2,1\n2,30,0\n3,5,2\n4,4,1\n5,-9,0\n6,6,1\n7,8,3\n")
        let kept = try Self.file("x,y,w\n1,2,1\n3,5,2\n4,4,1\n6,6,1\n7,8,3\n")
        let fit = StreamedLeastSquaresFit(target: "y", features: ["x"], weights: "w", rowsPerBlock: rowsPerBlock)
        let a = try fit.run(path: all), b = try fit.run(path: kept)
        #expect(a.zeroWeightRowCount == 2 && b.zeroWeightRowCount == 0)
        #expect(a.report.rowCount == 5)
        // The same rows in other blocks: equal up to the order of the sums.
        let ja = try #require(try JSONSerialization.jsonObject(with: Data(a.report.json.rendered().utf8)) as? [String: Any])
        let jb = try #require(try JSONSerialization.jsonObject(with: Data(b.report.json.rendered().utf8)) as? [String: Any])
        #expect(ja["n"] as? Int == 5 && jb["n"] as? Int == 5)
        let ca = try #require(ja["coefficients"] as? [Double]) + [try #require(ja["intercept"] as? Double)]
        let cb = try #require(jb["coefficients"] as? [Double]) + [try #require(jb["intercept"] as? Double)]
        for (x, y) in zip(ca, cb) { #expect(abs(x - y) <= 1e-13 * max(1, abs(y)), "\(ca) vs \(cb)") }
    }
}

/// `RegressionData`: a zero weight leaves the row out; the rest is checked as before.
@Suite struct RegressionDataWeightTests {
    @Test func zeroWeightRowsAreLeftOutAndCounted() throws {
        let x = try Matrix(columns: [[1, 2, 3, 4, 5, 6, 7], [5, 4, 3, 2, 2, 8, 1]])
        let data = try RegressionData(features: x, targets: [1, 9, 3, 4, 7, 2, 5], weights: [1, 0, 2, 0, 0.5, 1, 3])
        #expect(data.zeroWeightRowCount == 2)
        #expect(data.rowCount == 5)
        #expect(data.targets == [1, 3, 7, 2, 5])
        #expect(data.weights == [1, 2, 0.5, 1, 3])
        #expect(data.featureColumns == [[1, 3, 5, 6, 7], [5, 3, 2, 8, 1]])
        let without = try RegressionData(features: try Matrix(columns: [[1, 3, 5, 6, 7], [5, 3, 2, 8, 1]]),
                                         targets: [1, 3, 7, 2, 5], weights: [1, 2, 0.5, 1, 3])
        let fitted = try LinearRegression().fit(data), reference = try LinearRegression().fit(without)
        #expect(fitted.coefficients == reference.coefficients)
    }

    @Test(arguments: [-1.0, -Double.leastNonzeroMagnitude, .nan, .infinity, -.infinity])
    func invalidWeightsAreStillRejected(weight: Double) throws {
        let x = try Matrix(columns: [[1, 2, 3]])
        #expect(throws: LossKitError.self) { _ = try RegressionData(features: x, targets: [1, 2, 3], weights: [1, weight, 1]) }
    }

    @Test func nonFiniteValueInAZeroWeightRowIsStillNamedAtItsRow() throws {
        let x = try Matrix(columns: [[1, .nan, 3]])
        do {
            _ = try RegressionData(features: x, targets: [1, 2, 3], weights: [1, 0, 1])
            Issue.record("NaN accepted")
        } catch let LossKitError.nonFiniteValue(name, row, _) {
            #expect(name == "x1" && row == 1)
        }
    }
}
