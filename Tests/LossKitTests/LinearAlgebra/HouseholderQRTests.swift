import Testing
@testable import LossKit

@Suite struct HouseholderQRTests {
    typealias S = LinearAlgebraTestSupport

    @Test(arguments: [(1, 1), (7, 3), (3, 7), (33, 33), (257, 33), (40, 60)], [true, false])
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

    @Test func nanPropagatesIntoR() {
        var a = S.randomMatrix(5, 3, seed: 5)
        a[row: 2, column: 1] = .nan
        let qr = HouseholderQR(a)
        #expect(qr.r.withUnsafeBufferPointer { $0.contains { $0.isNaN } })
    }

    @Test func wrongLengthsThrow() {
        let qr = HouseholderQR(S.randomMatrix(5, 3, seed: 6))
        #expect(throws: LossKitError.self) { try qr.qTransposeTimes([1, 2]) }
        #expect(throws: LossKitError.self) { try qr.solveLeastSquares([1, 2]) }
        #expect(throws: LossKitError.self) { try qr.minimumNormSolution([1, 2]) }
        #expect(throws: LossKitError.self) { try qr.qTimes([1, 2]) }
    }
}
