import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// Streaming (TSQR) fits equal the in-memory fits; shards merge in any order.
@Suite struct StreamingLeastSquaresTests {
    /// 200 rows, 4 features with offsets up to 1e4, weights, known noise.
    static func data() -> (rows: [[Double]], y: [Double], w: [Double]) {
        var rng = SplitMix64(seed: 20261126)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var rows: [[Double]] = [], y: [Double] = [], w: [Double] = []
        for _ in 0..<200 {
            let r = [1e4 + 3 * u(), -50 + u(), 2 * u() - 1, 7 + 0.01 * u()]
            rows.append(r)
            y.append(12 + 0.5 * r[0] - 2 * r[1] + 3 * r[2] + 40 * r[3] + (u() - 0.5))
            w.append(0.5 + 2 * u())
        }
        return (rows, y, w)
    }

    static func stream(_ rows: ArraySlice<[Double]>, _ y: ArraySlice<Double>, _ w: ArraySlice<Double>?,
                       block: Int, fitIntercept: Bool = true) throws -> StreamingLeastSquares {
        var s = StreamingLeastSquares(featureCount: 4, fitIntercept: fitIntercept)
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + block, rows.endIndex)
            try s.add(features: try Matrix(rowMajor: Array(rows[start..<end])), targets: Array(y[start..<end]),
                      weights: w.map { Array($0[start..<end]) })
            start = end
        }
        return s
    }

    static func agree(_ a: LinearRegressionResult, _ b: LinearRegressionResult, _ tol: Double) -> Bool {
        let pairs = [(a.intercept, b.intercept), (a.rSquared, b.rSquared),
                     (a.residualStandardDeviation, b.residualStandardDeviation),
                     (a.interceptStatistics?.standardError ?? 0, b.interceptStatistics?.standardError ?? 0)]
            + Array(zip(a.coefficients, b.coefficients)) + Array(zip(a.standardErrors, b.standardErrors))
        return pairs.allSatisfy { $0.isApproximatelyEqual(to: $1, relativeTolerance: tol) }
    }

    @Test(arguments: [false, true])
    func blocksOfSevenEqualTheInMemoryFit(weighted: Bool) throws {
        let (rows, y, w) = Self.data()
        let memory = try LinearRegression().fit(features: try Matrix(rowMajor: rows), targets: y, weights: weighted ? w : nil)
        let streamed = try Self.stream(rows[...], y[...], weighted ? w[...] : nil, block: 7).finish()
        #expect(streamed.solver == .streamingQR)
        #expect(streamed.training.observationCount == 200)
        #expect(Self.agree(streamed, memory, 1e-12), "\(streamed.coefficients) vs \(memory.coefficients)")
        #expect(streamed.training.degreesOfFreedom == memory.training.degreesOfFreedom)
        #expect(streamed.training.totalWeight.isApproximatelyEqual(to: memory.training.totalWeight, relativeTolerance: 1e-15))
    }

    @Test func withoutInterceptToo() throws {
        let (rows, y, _) = Self.data()
        let memory = try LinearRegression(fitIntercept: false).fit(features: try Matrix(rowMajor: rows), targets: y)
        let streamed = try Self.stream(rows[...], y[...], nil, block: 7, fitIntercept: false).finish()
        #expect(Self.agree(streamed, memory, 1e-11))
    }

    @Test func shardsMergeInAnyOrder() throws {
        let (rows, y, w) = Self.data()
        let cuts = [0, 37, 90, 151, 200]
        let shards = try (0..<4).map { k in
            try Self.stream(rows[cuts[k]..<cuts[k + 1]], y[cuts[k]..<cuts[k + 1]], w[cuts[k]..<cuts[k + 1]], block: 11)
        }
        let memory = try LinearRegression().fit(features: try Matrix(rowMajor: rows), targets: y, weights: w)
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]] {
            var merged = StreamingLeastSquares(featureCount: 4)
            for k in order { try merged.merge(shards[k]) }
            let fit = try merged.finish()
            #expect(Self.agree(fit, memory, 1e-12), "order \(order)")
        }
    }

    @Test func ridgeFromTheStreamMatchesRidge() throws {
        let (rows, y, w) = Self.data()
        let s = try Self.stream(rows[...], y[...], w[...], block: 7)
        for alpha in [0.0, 0.3, 30.0] {
            let memory = try Ridge(alpha: alpha).fit(features: try Matrix(rowMajor: rows), targets: y, weights: w)
            let streamed = try s.ridge(alpha: alpha)
            for (a, b) in zip(streamed.coefficients, memory.coefficients) {
                #expect(a.isApproximatelyEqual(to: b, relativeTolerance: 1e-10), "α=\(alpha)")
            }
            #expect(streamed.intercept.isApproximatelyEqual(to: memory.intercept, relativeTolerance: 1e-10))
            #expect(streamed.residualSumOfSquares.isApproximatelyEqual(to: memory.residualSumOfSquares, relativeTolerance: 1e-9))
            #expect(streamed.effectiveDegreesOfFreedom.isApproximatelyEqual(to: memory.effectiveDegreesOfFreedom, relativeTolerance: 1e-10))
        }
    }

    @Test func badInputIsRejectedAndLeavesTheStateAlone() throws {
        var s = StreamingLeastSquares(featureCount: 2)
        #expect(throws: LossKitError.self) { try s.add(features: try Matrix(rowMajor: [[1, 2, 3]]), targets: [1]) }
        #expect(throws: LossKitError.self) { try s.add(features: try Matrix(rowMajor: [[1, .nan]]), targets: [1]) }
        #expect(throws: LossKitError.self) { try s.add(features: try Matrix(rowMajor: [[1, 2]]), targets: [1], weights: [-1]) }
        #expect(s.observationCount == 0)
        try s.add(features: try Matrix(rowMajor: [[1, 2], [2, 1]]), targets: [1, 2])
        #expect(throws: LossKitError.insufficientRows(rows: 2, parameters: 3)) { try s.finish() }
        #expect(throws: LossKitError.self) { try s.merge(StreamingLeastSquares(featureCount: 3)) }
        #expect(throws: LossKitError.self) { try s.ridge(alpha: -1) }
    }
}
