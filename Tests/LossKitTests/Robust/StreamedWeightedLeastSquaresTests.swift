import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// The streamed weighted QR used for tall designs must give the unstreamed
/// QR's answers to rounding and report rank deficiency. (The statsmodels and
/// exact-LP fixture tests run both paths: RobustLinearRegressionTests.)
@Suite struct StreamedWeightedLeastSquaresTests {
    @Test func streamedSolveMatchesHouseholderQROfTheScaledMatrix() throws {
        var rng = SplitMix64(seed: 7)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) - 0.5 }
        let n = 1000, p = 6
        let x = try Matrix(columns: (0..<p).map { _ in (0..<n).map { _ in uniform() } })
        let y = (0..<n).map { _ in uniform() }
        let design = try RegressionDesign(x: x, y: y, fitIntercept: true, minimumExtraRows: 1)
        let sqrtW = (0..<n).map { _ in (uniform() + 0.5) * 10 }
        var wy = y
        for i in 0..<n { wy[i] *= sqrtW[i] }
        let reference = try HouseholderQR(design.scaledRows(by: sqrtW)).solveLeastSquares(wy)
        for (blockRows, chains) in [(nil, nil), (16, 1), (33, 3)] as [(Int?, Int?)] {
            let (beta, rank) = StreamedWeightedLeastSquares(design: design, blockRows: blockRows, chains: chains).solve(sqrtWeights: sqrtW)
            #expect(rank == p + 1)
            #expect(expectClose(beta, reference, relative: 1e-12, "blocks \(String(describing: blockRows))") == nil)
        }
    }

    @Test func streamedPathReportsRankDeficiency() throws {
        let x: [Double] = (0..<40).map { Double($0 % 9) }
        let collinear = try Matrix(columns: [x, x.map { 3 * $0 - 1 }])
        let y = x.map { 2 * $0 + 1 }
        var robust = RobustLinearRegression()
        robust.streamedBlockRows = 7
        robust.streamedChains = 2
        #expect(throws: LossKitError.self) { try robust.fitDetails(features: collinear, targets: y) }
    }
}
