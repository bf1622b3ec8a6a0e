import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct HouseholderQRTests {
    typealias S = LinearAlgebraTestSupport

    @Test(arguments: [(1, 1), (7, 3), (3, 7), (33, 33), (257, 33), (40, 60), (300, 100), (90, 130)], [true, false])
    func reconstructsAPAsQR(shape: (Int, Int), pivoting: Bool) throws {
        let (m, n) = shape
        let a = S.randomMatrix(m, n, seed: UInt64(31 * m + n))
        let qr = HouseholderQR(a, pivoting: pivoting)
        let q = qr.thinQ
        let k = min(m, n)
        // A P = Q R to ~1e-14 relative.
        let ap = S.permuteColumns(a, qr.permutation)
        let recon = try q.multiplied(by: qr.r)
        #expect(S.distance(recon, ap) <= 1e-14 * Double(max(m, n)).squareRoot() * S.norm(a))
        // Q has orthonormal columns.
        #expect(S.distance(q.gram(), .identity(k)) <= 1e-14 * Double(k))
        // R is upper triangular.
        let r = qr.r
        for j in 0..<n { for i in (j + 1)..<max(k, j + 1) { #expect(r[row: i, column: j] == 0) } }
        if pivoting {
            for i in 1..<max(k, 1) {
                #expect(abs(r[row: i, column: i]) <= abs(r[row: i - 1, column: i - 1]) * (1 + 1e-12))
            }
        } else {
            #expect(qr.permutation == Array(0..<n))
        }
        // qTimes inverts qTransposeTimes.
        let b = S.randomVector(m, seed: 99)
        let back = try qr.qTimes(qr.qTransposeTimes(b))
        #expect(S.distance(back, b) <= 1e-14 * S.norm(b) * 10)
    }

    /// The row-block (TSQR) path, forced with small blocks and several chains.
    @Test(arguments: [(301, 7), (500, 33), (1000, 1), (1500, 80)], [1, 2, 3])
    func tallSkinnyPathReconstructs(shape: (Int, Int), chains: Int) throws {
        let (m, n) = shape
        let a = S.randomMatrix(m, n, seed: UInt64(m + n))
        let b = S.randomVector(m, seed: 3)
        let reference = HouseholderQR(a, pivoting: true, rankTolerance: nil, tallSkinnyBlockRows: 0, chains: 1)
        let referenceIsColumnByColumn = reference.tallSkinny == nil
        #expect(referenceIsColumnByColumn)
        for pivoting in [true, false] {
            let qr = HouseholderQR(a, pivoting: pivoting, rankTolerance: nil, tallSkinnyBlockRows: 16, chains: chains)
            let chainCount = qr.tallSkinny?.chains.count ?? 0
            #expect(chainCount == chains)
            let q = qr.thinQ
            let recon = try q.multiplied(by: qr.r)
            #expect(S.distance(recon, S.permuteColumns(a, qr.permutation)) <= 1e-14 * Double(m).squareRoot() * S.norm(a))
            #expect(S.distance(q.gram(), .identity(n)) <= 1e-14 * Double(n + 10))
            let back = try qr.qTimes(qr.qTransposeTimes(b))
            #expect(S.distance(back, b) <= 1e-14 * 10 * S.norm(b))
            // The same least-squares solution as the column-by-column path.
            let x = try qr.solveLeastSquares(b), x0 = try reference.solveLeastSquares(b)
            #expect(S.distance(x, x0) <= 1e-12 * S.norm(x0))
            // ‖(Qᵀb)[n...]‖ is the residual norm.
            let c = try qr.qTransposeTimes(b)
            let residual = S.distance(try a.times(x), b)
            #expect(abs(S.norm(Array(c[n...])) - residual) <= 1e-12 * S.norm(b))
            if pivoting { #expect(qr.permutation == reference.permutation) }
        }
    }

    @Test func tallSkinnyPathDetectsRank() throws {
        var a = S.randomMatrix(400, 6, seed: 8)
        for i in 0..<400 { a[row: i, column: 4] = a[row: i, column: 1] - 3 * a[row: i, column: 2] }
        let qr = HouseholderQR(a, pivoting: true, rankTolerance: nil, tallSkinnyBlockRows: 32, chains: 2)
        let usedTallPath = qr.tallSkinny != nil
        #expect(usedTallPath)
        #expect(qr.rank == 5)
        let b = S.randomVector(400, seed: 9)
        let svd = try SingularValueDecomposition(a)
        let utb = try svd.u.transposeTimes(b)
        let scaled = zip(utb, svd.singularValues).map { $1 > 1e-10 * svd.singularValues[0] ? $0 / $1 : 0 }
        let pinv = try svd.v.times(scaled)
        #expect(S.distance(try qr.minimumNormSolution(b), pinv) <= 1e-12 * S.norm(pinv))
    }

    @Test func matchesNumpyLeastSquares() throws {
        for c in try S.leastSquaresCases() {
            let qr = HouseholderQR(c.matrix)
            #expect(qr.rank == c.rank, "\(c.name)")
            let minimum = try qr.minimumNormSolution(c.b)
            let scale = S.norm(c.lstsq)
            #expect(S.distance(minimum, c.lstsq) <= 1e-11 * scale, "\(c.name): \(minimum) vs \(c.lstsq)")
            #expect(S.distance(minimum, c.pinvTimesB) <= 1e-11 * scale, "\(c.name)")
            let basic = try qr.solveLeastSquares(c.b)
            if c.rank == c.columns {
                #expect(S.distance(basic, c.lstsq) <= 1e-11 * scale, "\(c.name)")
            } else {
                // The basic solution reaches the same residual with n − rank zero coefficients.
                let rBasic = S.distance(try c.matrix.times(basic), c.b)
                let rMin = S.distance(try c.matrix.times(c.lstsq), c.b)
                #expect(abs(rBasic - rMin) <= 1e-12 * max(1, rMin), "\(c.name)")
                #expect(basic.filter { $0 == 0 }.count == c.columns - c.rank)
                #expect(S.norm(basic) >= S.norm(c.lstsq) * (1 - 1e-12))
            }
        }
    }

    @Test func detectsExactlyCollinearColumns() throws {
        // Column 3 = 2·column 0 − column 1, exactly (small integers).
        let c0: [Double] = [1, 2, 3, 4, 5, 6, 7], c1: [Double] = [3, 1, 4, 1, 5, 9, 2], c2: [Double] = [2, 7, 1, 8, 2, 8, 1]
        let c3 = zip(c0, c1).map { 2 * $0 - $1 }
        let a = try Matrix(columns: [c0, c1, c2, c3])
        let qr = HouseholderQR(a)
        #expect(qr.rank == 3)
        // Dropping any column of the dependent triple keeps rank 3; a user tolerance of 0 makes every nonzero pivot count.
        #expect(HouseholderQR(try Matrix(columns: [c0, c1, c2])).rank == 3)
        let b: [Double] = [1, 2, 3, 4, 5, 6, 8]
        let x = try qr.solveLeastSquares(b)
        #expect(x[qr.permutation[3]] == 0)
        // A duplicated column and a zero column.
        let dup = try Matrix(columns: [c0, c0, [Double](repeating: 0, count: 7), c1])
        #expect(HouseholderQR(dup).rank == 2)
        #expect(HouseholderQR(Matrix(rows: 4, columns: 3)).rank == 0)
        #expect(try HouseholderQR(Matrix(rows: 4, columns: 3)).solveLeastSquares([1, 2, 3, 4]) == [0, 0, 0])
    }

    @Test func userToleranceControlsRank() throws {
        // Singular values ~1 and 1e-9: rank 2 at the default tolerance, 1 at tolerance 1e-6.
        let a = try Matrix(rowMajor: [[1, 1], [1, 1 + 1e-9], [0, 0]])
        #expect(HouseholderQR(a).rank == 2)
        #expect(HouseholderQR(a, rankTolerance: 1e-6).rank == 1)
    }

    @Test(arguments: [nil, 16])
    func nanPropagatesIntoR(blockRows: Int?) throws {
        var a = S.randomMatrix(100, 3, seed: 5)
        a[row: 42, column: 1] = .nan
        let qr = HouseholderQR(a, pivoting: true, rankTolerance: nil, tallSkinnyBlockRows: blockRows ?? 0, chains: 2)
        #expect(qr.r.withUnsafeBufferPointer { $0.contains { $0.isNaN } })
        let b = S.randomVector(100, seed: 1)
        #expect(try qr.solveLeastSquares(b).allSatisfy { $0.isNaN })
        #expect(try qr.minimumNormSolution(b).allSatisfy { $0.isNaN })
    }

    @Test func emptyMatrices() throws {
        let wide = HouseholderQR(Matrix(rows: 0, columns: 3))
        #expect(wide.rank == 0 && wide.r.rows == 0)
        #expect(try wide.solveLeastSquares([]) == [0, 0, 0])
        #expect(try wide.minimumNormSolution([]) == [0, 0, 0])
        let tall = HouseholderQR(Matrix(rows: 4, columns: 0))
        #expect(tall.rank == 0 && tall.thinQ.columns == 0)
        #expect(try tall.qTransposeTimes([1, 2, 3, 4]) == [1, 2, 3, 4])
        let svd = try SingularValueDecomposition(Matrix(rows: 0, columns: 3))
        #expect(svd.singularValues.isEmpty && svd.u.rows == 0 && svd.v.rows == 3 && svd.conditionNumber.isNaN)
    }

    @Test func wrongLengthsThrow() {
        let qr = HouseholderQR(S.randomMatrix(5, 3, seed: 6))
        #expect(throws: LossKitError.self) { try qr.qTransposeTimes([1, 2]) }
        #expect(throws: LossKitError.self) { try qr.solveLeastSquares([1, 2]) }
        #expect(throws: LossKitError.self) { try qr.minimumNormSolution([1, 2]) }
        #expect(throws: LossKitError.self) { try qr.qTimes([1, 2]) }
    }
}
