import Foundation
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// Deterministic pseudo-random matrices and norms for the linear-algebra tests.
enum LinearAlgebraTestSupport {
    /// A splitmix64 generator: same numbers on every platform.
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Uniform in [-1, 1).
        mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
    }

    static func randomMatrix(_ m: Int, _ n: Int, seed: UInt64) -> Matrix {
        var g = Generator(seed: seed)
        let values = (0..<(m * n)).map { _ in g.uniform() }
        return try! Matrix(rows: m, columns: n, columnMajor: values)
    }

    static func randomVector(_ n: Int, seed: UInt64) -> [Double] {
        var g = Generator(seed: seed)
        return (0..<n).map { _ in g.uniform() }
    }

    /// Frobenius norm.
    static func norm(_ a: Matrix) -> Double {
        a.withUnsafeBufferPointer { p in p.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    }

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// ‖a − b‖_F.
    static func distance(_ a: Matrix, _ b: Matrix) -> Double {
        precondition(a.rows == b.rows && a.columns == b.columns)
        return a.withUnsafeBufferPointer { p in
            b.withUnsafeBufferPointer { q in
                zip(p, q).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            }
        }
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        return zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    /// Columns of `a` reordered so that column j is `a`'s column `permutation[j]`.
    static func permuteColumns(_ a: Matrix, _ permutation: [Int]) -> Matrix {
        try! Matrix(columns: permutation.map { a.column($0) })
    }

    /// A straightforward triple-loop product, the reference for the kernels.
    static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        let m = a.rows, n = b.columns, k = a.columns
        var c = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                for j in 0..<n {
                    for i in 0..<m {
                        var s = 0.0
                        for l in 0..<k { s += ap[i + l * m] * bp[l + j * k] }
                        c[i + j * m] = s
                    }
                }
            }
        }
        return try! Matrix(rows: m, columns: n, columnMajor: c)
    }

    // MARK: Fixtures

    struct LeastSquaresCase: Decodable {
        let name: String
        let rows: Int
        let columns: Int
        let rowMajor: [[Double]]
        let b: [Double]
        let lstsq: [Double]
        let pinvTimesB: [Double]
        let rank: Int
        let singularValues: [Double]
        let gramEigenvalues: [Double]

        var matrix: Matrix { try! Matrix(rowMajor: rowMajor) }
    }

    struct LeastSquaresFixture: Decodable {
        let generatedBy: String
        let numpy: String
        let cases: [LeastSquaresCase]
    }

    static func leastSquaresCases() throws -> [LeastSquaresCase] {
        guard let url = Bundle.module.url(forResource: "lstsq", withExtension: "json", subdirectory: "Fixtures/linalg") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(LeastSquaresFixture.self, from: Data(contentsOf: url)).cases
    }
}
