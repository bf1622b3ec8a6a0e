import CLossKitKernels
import Testing
@testable import LossKitModels
import LossKitNumerics

/// The two O(active set) loops of an SMO step (Sources/CLossKitKernels/smo_kernels.c):
/// every instruction set picks the same index, with the same value, and
/// updates the gradient to the same bits as the portable scalar loop,
/// including exact ties (the last of equal maxima wins).
@Suite("SMO kernels (smo_kernels.c)")
struct SMOKernelsTests {
    static let instructionSets: [Int32] = [Int32(LOSSKIT_ISA_PORTABLE), Int32(LOSSKIT_ISA_AVX2), Int32(LOSSKIT_ISA_AVX512)]

    struct Problem {
        var g: [Double], y: [Double], flags: [UInt8], index: [Int32], qd: [Double], rowI: [Float], rowJ: [Float]
    }

    /// `count` variables over `count / 2 + 1` training rows; values on a coarse
    /// grid so that exact ties occur.
    static func problem(_ count: Int, seed: UInt64) -> Problem {
        var rng = SplitMix64(seed: seed)
        func grid(_ steps: UInt64) -> Double { Double(rng.next() % steps) / Double(steps) }
        let rows = count / 2 + 1
        return Problem(
            g: (0..<count).map { _ in grid(9) * 2 - 1 },
            y: (0..<count).map { _ in rng.next() % 2 == 0 ? 1 : -1 },
            flags: (0..<count).map { _ in rng.next() % 4 == 0 ? 0 : 1 },
            index: (0..<count).map { _ in Int32(rng.next() % UInt64(rows)) },
            qd: (0..<count).map { _ in 1 + grid(3) },
            rowI: (0..<rows).map { _ in Float(grid(5)) },
            rowJ: (0..<rows).map { _ in Float(grid(7)) })
    }

    @Test("the fused gradient update and I_up maximum agree on every instruction set", arguments: [0, 1, 3, 4, 7, 8, 9, 16, 31, 64, 203])
    func update(count: Int) {
        for seed: UInt64 in 1...4 {
            let problem = Self.problem(count, seed: seed)
            var results: [(Int, UInt64, [UInt64])] = []
            for isa in Self.instructionSets {
                var g = problem.g, best = 0.0
                let index = losskit_smo_update(isa, count, &g, problem.y, problem.flags, problem.index, problem.rowI, problem.rowJ,
                                               0.37, -1.25, &best)
                results.append((index, best.bitPattern, g.map(\.bitPattern)))
            }
            for r in results {
                #expect(r.0 == results[0].0 && r.1 == results[0].1 && r.2 == results[0].2, "count \(count) seed \(seed)")
            }
            // The portable answer is the last maximum of −y·g over the flagged variables.
            var g = problem.g
            for k in 0..<count {
                g[k] += problem.y[k] * (0.37 * Double(problem.rowI[Int(problem.index[k])]) + -1.25 * Double(problem.rowJ[Int(problem.index[k])]))
            }
            let candidates = (0..<count).filter { problem.flags[$0] != 0 }
            let top = candidates.map { -problem.y[$0] * g[$0] }.max()
            #expect(results[0].0 == (candidates.last { -problem.y[$0] * g[$0] == top } ?? -1))
        }
    }

    @Test("the second-order selection agrees on every instruction set", arguments: [0, 1, 3, 4, 7, 8, 9, 16, 31, 64, 203])
    func select(count: Int) {
        for seed: UInt64 in 1...4 {
            let problem = Self.problem(count, seed: seed)
            var results: [(Int, UInt64)] = []
            for isa in Self.instructionSets {
                var m2 = 0.0
                let index = losskit_smo_select(isa, count, problem.g, problem.y, problem.flags, problem.index, problem.qd, problem.rowI,
                                               0.5, 1.0, 1e-12, &m2)
                results.append((index, m2.bitPattern))
            }
            for r in results { #expect(r == results[0], "count \(count) seed \(seed)") }
        }
    }
}
