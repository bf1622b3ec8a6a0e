import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct CholeskyTests {
    typealias S = LinearAlgebraTestSupport

    static func spd(_ n: Int, seed: UInt64) -> Matrix {
        var a = S.randomMatrix(n + 5, n, seed: seed).gram()
        for i in 0..<n { a[row: i, column: i] += 1 }
        return a
    }

    @Test(arguments: [1, 7, 33, 150, 250])
    func reconstructsAndSolves(n: Int) throws {
        let a = Self.spd(n, seed: UInt64(n))
        let chol = try Cholesky(a)
        let l = chol.factor
        for j in 0..<n { for i in 0..<j { #expect(l[row: i, column: j] == 0) } }
        #expect(S.distance(try l.multiplied(by: l.transposed), a) <= 1e-14 * S.norm(a) * Double(n))
        let b = S.randomVector(n, seed: 11)
        let x = try chol.solve(b)
        #expect(S.distance(try a.times(x), b) <= 1e-12 * S.norm(b))
        let inv = try chol.inverse()
        #expect(S.distance(try a.multiplied(by: inv), .identity(n)) <= 1e-12 * Double(n))
        #expect(inv == inv.transposed)
    }

    @Test func notPositiveDefiniteThrowsNamingThePivot() throws {
        // Leading 2 × 2 block is SPD; the Schur complement at pivot 2 is 1 − 2 = −1.
        let a = try Matrix(rowMajor: [[1, 0, 1], [0, 1, 1], [1, 1, 1]])
        #expect {
            try Cholesky(a)
        } throws: { error in
            guard case let LossKitError.singularMatrix(_, detail) = error else { return false }
            return detail.contains("pivot 2")
        }
        #expect(throws: LossKitError.self) { try Cholesky(try Matrix(rowMajor: [[1, 2], [2, 1]])) }
        #expect(throws: LossKitError.self) { try Cholesky(Matrix(rows: 2, columns: 3)) }
    }

    @Test func pivotInALaterBlockIsNamed() throws {
        // SPD leading 199 × 199 block; row/column 199 makes the last pivot 1 − 2 = −1.
        var a = Matrix.identity(200)
        a[row: 199, column: 0] = 1
        a[row: 0, column: 199] = 1
        a[row: 199, column: 150] = 1
        a[row: 150, column: 199] = 1
        #expect {
            try Cholesky(a)
        } throws: { error in
            guard case let LossKitError.singularMatrix(_, detail) = error else { return false }
            return detail.contains("pivot 199")
        }
    }

    @Test func nonFiniteInputThrows() throws {
        var a = Self.spd(4, seed: 3)
        a[row: 3, column: 1] = .nan
        #expect(throws: LossKitError.self) { try Cholesky(a) }
        a[row: 3, column: 1] = .infinity
        #expect(throws: LossKitError.self) { try Cholesky(a) }
    }
}
