import Testing
import CLossKitKernels
import RealModule
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The vectorized C kernels must agree with the portable scalar kernel to rounding.
@Suite struct DenseKernelsTests {
    typealias S = LinearAlgebraTestSupport
    static let sizes = [1, 7, 33, 257]

    /// `Σ|op(A)[i,l]·op(B)[l,j]|`-scaled bound: each entry may differ by ~2k·ε·Σ|terms|.
    static func bound(_ k: Int) -> Double { 4 * Double(k) * Double.ulpOfOne }

    @Test(arguments: sizes, [false, true])
    func gemmAgreesWithPortable(size: Int, transposeA: Bool) throws {
        for (m, n, k) in [(size, 7, 33), (33, size, 7), (7, 33, size), (size, size, 5)] {
            let a = transposeA ? S.randomMatrix(k, m, seed: 1) : S.randomMatrix(m, k, seed: 1)
            for transposeB in [false, true] {
                let b = transposeB ? S.randomMatrix(n, k, seed: 2) : S.randomMatrix(k, n, seed: 2)
                let c0 = S.randomMatrix(m, n, seed: 3)
                let results = KernelInstructionSet.allCases.map { isa in
                    var c = c0
                    a.withUnsafeBufferPointer { ap in
                        b.withUnsafeBufferPointer { bp in
                            c.withUnsafeMutableBufferPointer { cp in
                                isa.kernels().gemm(
                                    transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: 0.75,
                                    a: ap.baseAddress!, lda: a.rows, b: bp.baseAddress!, ldb: b.rows,
                                    beta: -0.5, c: cp.baseAddress!, ldc: m)
                            }
                        }
                    }
                    return c
                }
                // Reference from plain loops.
                let opA = transposeA ? a.transposed : a
                let opB = transposeB ? b.transposed : b
                let ab = S.naiveProduct(opA, opB)
                for c in results {
                    for j in 0..<n {
                        for i in 0..<m {
                            let expected = 0.75 * ab[row: i, column: j] - 0.5 * c0[row: i, column: j]
                            // |entries| ≤ 1, so Σ|terms| ≤ k + 1.
                            #expect(abs(c[row: i, column: j] - expected) <= Self.bound(k) * Double(k + 1),
                                    "m \(m) n \(n) k \(k) tA \(transposeA) tB \(transposeB) (\(i), \(j))")
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: sizes)
    func syrkAgreesWithPortable(size: Int) throws {
        for (k, n) in [(size, 33), (65, size), (size * 40 + 3, 9)] {
            let a = S.randomMatrix(k, n, seed: UInt64(k + n))
            let reference = S.naiveProduct(a.transposed, a)
            for isa in KernelInstructionSet.allCases {
                for threaded in [false, true] {
                    var c = Matrix(rows: n, columns: n, repeating: .nan)  // beta = 0 must not read C
                    a.withUnsafeBufferPointer { ap in
                        c.withUnsafeMutableBufferPointer { cp in
                            isa.kernels(threaded: threaded).syrkLowerTransposed(
                                n: n, k: k, a: ap.baseAddress!, lda: k, c: cp.baseAddress!, ldc: n)
                        }
                    }
                    for j in 0..<n {
                        for i in j..<n {
                            #expect(abs(c[row: i, column: j] - reference[row: i, column: j]) <= Self.bound(k) * Double(k),
                                    "\(isa) k \(k) n \(n) (\(i), \(j))")
                        }
                    }
                }
            }
        }
    }

    /// Blocked Householder kernels: every ISA gives the same factors up to rounding
    /// (R to ~1e-13 relative; signs are fixed by the algorithm, so no sign ambiguity).
    @Test(arguments: sizes)
    func householderKernelsAgreeAcrossInstructionSets(size: Int) throws {
        for (m, n) in [(size, 33), (size + 40, 7), (max(size, 70), 70)] where m >= 1 {
            let a = S.randomMatrix(m, n, seed: UInt64(m * 3 + n))
            var results: [[Double]] = []
            for isa in KernelInstructionSet.allCases {
                var f = a.storage
                var tau = [Double](repeating: 0, count: min(m, n))
                f.withUnsafeMutableBufferPointer { fp in
                    tau.withUnsafeMutableBufferPointer { losskit_qr_dense(isa.rawValue, m, n, fp.baseAddress!, m, $0.baseAddress!) }
                }
                results.append(f + tau)
            }
            for other in results.dropFirst() {
                #expect(S.distance(other, results[0]) <= 1e-13 * S.norm(results[0]), "dense m \(m) n \(n)")
            }
            // Stacked [R; X].
            var stacked: [[Double]] = []
            for isa in KernelInstructionSet.allCases {
                // A well-conditioned triangular R, so every reflector is determined by more than rounding.
                var r = S.randomMatrix(n, n, seed: 78).storage
                for j in 0..<n { for i in 0..<n { r[i + j * n] = i > j ? 0 : (i == j ? 3 : r[i + j * n]) } }
                var x = S.randomMatrix(size, n, seed: 77).storage
                var tau = [Double](repeating: 0, count: n)
                r.withUnsafeMutableBufferPointer { rp in
                    x.withUnsafeMutableBufferPointer { xp in
                        tau.withUnsafeMutableBufferPointer {
                            losskit_qr_stacked(isa.rawValue, n, rp.baseAddress!, n, size, xp.baseAddress!, size, $0.baseAddress!)
                        }
                    }
                }
                stacked.append(r + x + tau)
            }
            for other in stacked.dropFirst() {
                #expect(S.distance(other, stacked[0]) <= 1e-13 * S.norm(stacked[0]), "stacked rows \(size) n \(n)")
            }
        }
    }

    /// The double-double column kernel is element-wise, so every ISA must match
    /// the Swift reference bit for bit (including the FMA-based TwoProd).
    @Test(arguments: sizes)
    func doubleDoubleAxpyIsBitIdenticalAcrossInstructionSets(size: Int) {
        var g = S.Generator(seed: UInt64(size))
        // Values spanning many binades so TwoSum/TwoProd errors are nonzero.
        let col = (0..<size).map { _ in g.uniform() * Double.pow(2, Double(Int(g.next() % 60)) - 30) }
        let hi0 = (0..<size).map { _ in g.uniform() * 1e8 }
        let lo0 = (0..<size).map { _ in g.uniform() * 1e-9 }
        let beta = 1 + 0x1p-30
        var refHi = hi0, refLo = lo0
        col.withUnsafeBufferPointer { c in
            refHi.withUnsafeMutableBufferPointer { h in
                refLo.withUnsafeMutableBufferPointer { l in
                    ExtendedPrecision.accumulate(size, c.baseAddress!, beta, h.baseAddress!, l.baseAddress!)
                }
            }
        }
        #expect(refLo != lo0)  // the error terms really were accumulated
        for isa in KernelInstructionSet.allCases {
            var hi = hi0, lo = lo0
            col.withUnsafeBufferPointer { c in
                hi.withUnsafeMutableBufferPointer { h in
                    lo.withUnsafeMutableBufferPointer { losskit_dd_axpy(isa.rawValue, size, c.baseAddress!, beta, h.baseAddress!, $0.baseAddress!) }
                }
            }
            #expect(hi == refHi && lo == refLo, "\(isa)")
        }
    }

    @Test func reportsTheResolvedInstructionSet() {
        // Not a speed claim: just that dispatch resolves to something this CPU runs.
        let isa = KernelInstructionSet.resolved
        #expect(isa != .best)
    }
}
