import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct SingularValueDecompositionTests {
    typealias S = LinearAlgebraTestSupport

    static func reconstruct(_ svd: SingularValueDecomposition) throws -> Matrix {
        var us = svd.u
        for j in 0..<us.columns { for i in 0..<us.rows { us[row: i, column: j] *= svd.singularValues[j] } }
        return try us.multiplied(by: svd.v.transposed)
    }

    @Test(arguments: [(1, 1), (7, 3), (3, 7), (33, 33), (100, 20), (20, 45), (3000, 30), (25, 2800)])
    func reconstructsWithOrthonormalFactors(shape: (Int, Int)) throws {
        let (m, n) = shape
        let a = S.randomMatrix(m, n, seed: UInt64(7 * m + n))
        let svd = try SingularValueDecomposition(a)
        let k = min(m, n)
        #expect(svd.u.rows == m && svd.u.columns == k && svd.v.rows == n && svd.v.columns == k)
        #expect(S.distance(try Self.reconstruct(svd), a) <= 1e-14 * Double(k) * S.norm(a))
        #expect(S.distance(svd.u.gram(), .identity(k)) <= 1e-14 * Double(k))
        #expect(S.distance(svd.v.gram(), .identity(k)) <= 1e-14 * Double(k))
        #expect(svd.singularValues == svd.singularValues.sorted(by: >))
    }

    @Test func matchesNumpySingularValues() throws {
        for c in try S.leastSquaresCases() {
            let svd = try SingularValueDecomposition(c.matrix)
            let top = c.singularValues[0]
            for (x, ref) in zip(svd.singularValues, c.singularValues) {
                #expect(abs(x - ref) <= 1e-14 * top * 10, "\(c.name): \(x) vs \(ref)")
            }
            #expect(S.distance(try Self.reconstruct(svd), c.matrix) <= 1e-14 * 10 * S.norm(c.matrix))
        }
    }

    @Test func minimumNormSolutionMatchesPseudoInverse() throws {
        // Rank-deficient 9 × 5: columns 3 and 4 are combinations of 0..2.
        var a = S.randomMatrix(9, 5, seed: 41)
        for i in 0..<9 {
            a[row: i, column: 3] = a[row: i, column: 0] - 0.5 * a[row: i, column: 1]
            a[row: i, column: 4] = 2 * a[row: i, column: 2] + a[row: i, column: 1]
        }
        let b = S.randomVector(9, seed: 42)
        let svd = try SingularValueDecomposition(a)
        // x = V Σ⁺ Uᵀ b, dropping σ below the QR's default relative tolerance.
        let utb = try svd.u.transposeTimes(b)
        let cutoff = svd.singularValues[0] * 9 * Double.ulpOfOne * 10
        let scaled = zip(utb, svd.singularValues).map { $1 > cutoff ? $0 / $1 : 0 }
        let pinv = try svd.v.times(scaled)
        let qr = HouseholderQR(a)
        #expect(qr.rank == 3)
        let x = try qr.minimumNormSolution(b)
        #expect(S.distance(x, pinv) <= 1e-12 * S.norm(pinv))
        #expect(svd.conditionNumber > 1e12)
    }

    @Test func conditionNumberAndScaling() throws {
        let d = try Matrix(rowMajor: [[1e200, 0], [0, 1e198]])
        let svd = try SingularValueDecomposition(d)
        #expect(svd.singularValues[0].isApproximatelyEqual(to: 1e200, relativeTolerance: 1e-15))
        #expect(svd.singularValues[1].isApproximatelyEqual(to: 1e198, relativeTolerance: 1e-15))
        #expect(svd.conditionNumber.isApproximatelyEqual(to: 100, relativeTolerance: 1e-14))
        let z = try SingularValueDecomposition(Matrix(rows: 3, columns: 2))
        #expect(z.singularValues == [0, 0] && z.conditionNumber == .infinity)
        // A rank-1 matrix: the zero singular value's U column is still orthonormal.
        let r1 = try SingularValueDecomposition(Matrix(rowMajor: [[1, 2], [2, 4], [3, 6]]))
        #expect(r1.singularValues[1] <= 1e-15 * r1.singularValues[0])
        #expect(S.distance(r1.u.gram(), .identity(2)) <= 1e-14)
        #expect(throws: LossKitError.self) { try SingularValueDecomposition(Matrix(rowMajor: [[1, .infinity]])) }
    }
}
