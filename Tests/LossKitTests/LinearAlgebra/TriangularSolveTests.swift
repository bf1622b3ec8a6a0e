import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct TriangularSolveTests {
    typealias S = LinearAlgebraTestSupport

    /// A well-conditioned random triangular matrix (diagonal 2..3, off-diagonal in [-1, 1) / n).
    static func triangular(_ n: Int, upper: Bool, seed: UInt64) -> Matrix {
        var a = S.randomMatrix(n, n, seed: seed)
        for j in 0..<n {
            for i in 0..<n {
                if (upper && i > j) || (!upper && i < j) { a[row: i, column: j] = .nan }  // never read
                else if i == j { a[row: i, column: j] = 2.5 + 0.5 * a[row: i, column: j] }
                else { a[row: i, column: j] /= Double(n) }
            }
        }
        return a
    }

    static func clean(_ t: Matrix) -> Matrix {
        var t = t
        for j in 0..<t.columns { for i in 0..<t.rows where t[row: i, column: j].isNaN { t[row: i, column: j] = 0 } }
        return t
    }

    @Test(arguments: [1, 7, 33, 100], [false, true])
    func solvesAndIgnoresTheOtherTriangle(n: Int, transposed: Bool) throws {
        let b = S.randomVector(n, seed: 7)
        for upper in [true, false] {
            let t = Self.triangular(n, upper: upper, seed: UInt64(n))
            let x = upper ? try TriangularSolve.upper(t, b, transposed: transposed)
                          : try TriangularSolve.lower(t, b, transposed: transposed)
            let full = Self.clean(t)
            let recon = transposed ? try full.transposeTimes(x) : try full.times(x)
            #expect(S.distance(recon, b) <= 1e-14 * Double(n) * S.norm(b))
        }
    }

    @Test func zeroDiagonalThrowsNamingIt() throws {
        let r = try Matrix(rowMajor: [[1, 2, 3], [0, 0, 4], [0, 0, 5]])
        #expect(throws: LossKitError.singularMatrix(name: "triangular matrix", detail: "diagonal element 1 (0-based) is zero")) {
            try TriangularSolve.upper(r, [1, 2, 3])
        }
        #expect(throws: LossKitError.self) { try TriangularSolve.lower(r.transposed, [1, 2, 3], transposed: true) }
        #expect(throws: LossKitError.self) { try TriangularSolve.upper(Matrix(rows: 2, columns: 3), [1, 2]) }
        #expect(throws: LossKitError.self) { try TriangularSolve.upper(.identity(2), [1, 2, 3]) }
    }
}
