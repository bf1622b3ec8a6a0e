import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The one tall-skinny QR engine: its block plan covers every row once, and
/// the triangle it streams is the R of the column-by-column Householder QR
/// (the dense kernel, no row blocks) up to row signs.
@Suite struct TallSkinnyQRTests {
    typealias S = LinearAlgebraTestSupport

    @Test(arguments: [(1, 1, nil), (10, 3, 4), (301, 7, 16), (1000, 21, 48), (5000, 4, nil), (100, 40, 7)] as [(Int, Int, Int?)],
          [nil, 1, 2, 3] as [Int?])
    func blocksCoverEveryRowOnceInOrder(shape: (Int, Int, Int?), chains: Int?) {
        let (m, n, blockRows) = shape
        let plan = TallSkinnyQR(rows: m, columns: n, blockRows: blockRows, chains: chains)
        let blocks = plan.chains.indices.flatMap { plan.blocks(ofChain: $0) }
        #expect(blocks.first?.lowerBound == 0)
        #expect(blocks.last?.upperBound == m)
        for (a, b) in zip(blocks, blocks.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(!blocks.contains { $0.isEmpty })
        for c in plan.chains.indices {
            let first = plan.blocks(ofChain: c)[0]
            // A chain's first block has a full triangle's rows unless the chain is shorter.
            #expect(first.count == min(plan.firstBlockRows, plan.chains[c].count))
            #expect(plan.firstBlockRows >= n)
        }
    }

    /// |R| of the streamed triangle equals |R| of the dense Householder QR.
    @Test(arguments: [(301, 7, 16, 1), (500, 33, 40, 3), (1200, 5, 64, 2), (200, 1, 3, 2)])
    func triangleIsTheHouseholderR(m: Int, n: Int, blockRows: Int, chains: Int) throws {
        let a = S.randomMatrix(m, n, seed: UInt64(7 * m + n))
        let dense = HouseholderQR(a, pivoting: false, rankTolerance: nil, tallSkinnyBlockRows: 0, chains: 1).r
        let plan = TallSkinnyQR(rows: m, columns: n, blockRows: blockRows, chains: chains)
        #expect(plan.chains.count == chains)
        let storage = a.storage
        let r = plan.triangle { rows, x in
            for j in 0..<n { for i in rows { x[(i - rows.lowerBound) + j * rows.count] = storage[i + j * m] } }
        }
        let scale = S.norm(a)
        for j in 0..<n {
            for i in 0..<n {
                let ours = r[i + j * n]
                if i > j { #expect(ours == 0); continue }
                #expect(abs(abs(ours) - abs(dense[row: i, column: j])) <= 1e-13 * scale, "R[\(i), \(j)]")
            }
        }
    }

    /// Folding two halves' triangles gives the triangle of the whole (RᵀR = AᵀA).
    @Test func foldingTrianglesIsFoldingRows() {
        let m = 400, n = 6
        let a = S.randomMatrix(m, n, seed: 5)
        var whole = TallSkinnyQR.Triangle(columns: n), top = TallSkinnyQR.Triangle(columns: n)
        var bottom = TallSkinnyQR.Triangle(columns: n)
        var rows = a.storage
        rows.withUnsafeMutableBufferPointer { whole.fold($0.baseAddress!, rows: m) }
        var upper = (0..<n).flatMap { j in a.storage[(j * m)..<(j * m + 150)] }
        var lower = (0..<n).flatMap { j in a.storage[(j * m + 150)..<((j + 1) * m)] }
        upper.withUnsafeMutableBufferPointer { top.fold($0.baseAddress!, rows: 150) }
        lower.withUnsafeMutableBufferPointer { bottom.fold($0.baseAddress!, rows: m - 150) }
        top.fold(bottom)
        let gram = a.gram()
        for (name, t) in [("whole", whole), ("halves", top)] {
            for j in 0..<n {
                for i in 0...j {
                    var rtr = 0.0
                    for k in 0...i { rtr += t[row: k, column: i] * t[row: k, column: j] }
                    #expect(abs(rtr - gram[row: i, column: j]) <= 1e-12 * Double(m), "\(name) (RᵀR)[\(i), \(j)]")
                }
            }
        }
    }
}
