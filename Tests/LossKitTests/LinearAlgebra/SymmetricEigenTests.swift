import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct SymmetricEigenTests {
    typealias S = LinearAlgebraTestSupport

    static func symmetric(_ n: Int, seed: UInt64) -> Matrix {
        let a = S.randomMatrix(n, n, seed: seed)
        var s = a
        for j in 0..<n { for i in 0..<n { s[row: i, column: j] = a[row: i, column: j] + a[row: j, column: i] } }
        return s
    }

    @Test(arguments: [1, 2, 7, 33, 120])
    func satisfiesAVEqualsVLambda(n: Int) throws {
        let a = Self.symmetric(n, seed: UInt64(n))
        let eig = try SymmetricEigen(a)
        let v = eig.eigenvectors
        var vl = v
        for j in 0..<n { for i in 0..<n { vl[row: i, column: j] *= eig.eigenvalues[j] } }
        let av = try a.multiplied(by: v)
        #expect(S.distance(av, vl) <= 1e-14 * Double(n) * S.norm(a))
        #expect(S.distance(v.gram(), .identity(n)) <= 1e-14 * Double(n))
        #expect(eig.eigenvalues == eig.eigenvalues.sorted())
    }

    @Test func matchesNumpyEigvalshOfGram() throws {
        for c in try S.leastSquaresCases() {
            let eig = try SymmetricEigen(c.matrix.gram())
            let scale = c.gramEigenvalues.map(abs).max()!
            for (x, ref) in zip(eig.eigenvalues, c.gramEigenvalues) {
                #expect(abs(x - ref) <= 1e-13 * scale, "\(c.name)")
            }
        }
    }

    @Test func knownSpectrumAndRepeatedEigenvalues() throws {
        // Eigenvalues of [[2, 1], [1, 2]] are 1 and 3; the identity has a triple eigenvalue.
        let e = try SymmetricEigen(Matrix(rowMajor: [[2, 1], [1, 2]]))
        #expect(e.eigenvalues[0].isApproximatelyEqual(to: 1, relativeTolerance: 1e-15))
        #expect(e.eigenvalues[1].isApproximatelyEqual(to: 3, relativeTolerance: 1e-15))
        let i = try SymmetricEigen(.identity(3))
        #expect(i.eigenvalues == [1, 1, 1])
        #expect(try SymmetricEigen(Matrix(rows: 0, columns: 0)).eigenvalues.isEmpty)
    }

    @Test func badInputThrows() {
        #expect(throws: LossKitError.self) { try SymmetricEigen(Matrix(rows: 2, columns: 3)) }
        var a = Matrix.identity(3)
        a[row: 2, column: 0] = .nan
        #expect(throws: LossKitError.self) { try SymmetricEigen(a) }
    }
}
