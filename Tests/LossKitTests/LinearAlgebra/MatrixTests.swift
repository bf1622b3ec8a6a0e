import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct MatrixTests {
    typealias S = LinearAlgebraTestSupport

    @Test func storageIsColumnMajor() throws {
        let a = try Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        #expect(a.rows == 2 && a.columns == 3)
        a.withUnsafeBufferPointer { #expect(Array($0) == [1, 4, 2, 5, 3, 6]) }
        #expect(a[row: 1, column: 2] == 6)
        #expect(a.column(1) == [2, 5])
        #expect(try Matrix(columns: [[1, 4], [2, 5], [3, 6]]) == a)
        #expect(try Matrix(rows: 2, columns: 3, columnMajor: [1, 4, 2, 5, 3, 6]) == a)
        #expect(a.transposed == (try Matrix(rowMajor: [[1, 4], [2, 5], [3, 6]])))
    }

    @Test func badShapesThrow() {
        #expect(throws: LossKitError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: LossKitError.self) { try Matrix(columns: [[1, 2], [3]]) }
        #expect(throws: LossKitError.self) { try Matrix(rowMajor: [[1, 2], [3]]) }
        #expect(throws: LossKitError.self) { try Matrix(rows: -1, columns: 2, columnMajor: []) }
        let a = Matrix(rows: 2, columns: 3)
        #expect(throws: LossKitError.self) { try a.multiplied(by: Matrix(rows: 2, columns: 2)) }
        #expect(throws: LossKitError.self) { try a.times([1, 2]) }
        #expect(throws: LossKitError.self) { try a.transposeTimes([1, 2, 3]) }
        #expect(throws: LossKitError.self) { try a.stacked(below: Matrix(rows: 1, columns: 2)) }
    }

    @Test func identityAndSubscriptSet() {
        var i = Matrix.identity(3)
        #expect(i[row: 1, column: 1] == 1 && i[row: 0, column: 1] == 0)
        i[row: 0, column: 2] = 7
        #expect(i.column(2) == [7, 0, 1])
    }

    @Test func productsAgreeWithNaiveLoops() throws {
        let a = S.randomMatrix(7, 5, seed: 1)
        let b = S.randomMatrix(5, 4, seed: 2)
        let c = try a.multiplied(by: b)
        #expect(S.distance(c, S.naiveProduct(a, b)) <= 1e-14 * S.norm(c))
        let v = S.randomVector(5, seed: 3)
        let av = try a.times(v)
        let ref = try a.multiplied(by: Matrix(rows: 5, columns: 1, columnMajor: v)).column(0)
        #expect(S.distance(av, ref) <= 1e-14 * S.norm(ref))
        let w = S.randomVector(7, seed: 4)
        let atw = try a.transposeTimes(w)
        let ref2 = try a.transposed.times(w)
        #expect(S.distance(atw, ref2) <= 1e-14 * S.norm(ref2))
    }

    @Test(arguments: [(1, 1), (7, 3), (33, 7), (257, 33), (100, 70)])
    func gramIsSymmetricAndMatchesTransposeProduct(m: Int, n: Int) throws {
        let x = S.randomMatrix(m, n, seed: UInt64(m * 1000 + n))
        let g = x.gram()
        let ref = S.naiveProduct(x.transposed, x)
        #expect(S.distance(g, ref) <= 1e-14 * S.norm(ref))
        #expect(g == g.transposed)
    }

    @Test func stackedConcatenatesRows() throws {
        let a = try Matrix(rowMajor: [[1, 2], [3, 4]])
        let b = try Matrix(rowMajor: [[5, 6]])
        #expect(try a.stacked(below: b) == Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]]))
    }

    @Test func emptyMatricesAreFine() throws {
        let e = Matrix(rows: 0, columns: 3)
        #expect(e.gram() == Matrix(rows: 3, columns: 3))
        #expect(try e.transposeTimes([]) == [0, 0, 0])
        #expect(try Matrix(rows: 3, columns: 0).multiplied(by: Matrix(rows: 0, columns: 2)) == Matrix(rows: 3, columns: 2))
    }
}
