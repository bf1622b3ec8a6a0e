import CLossKitKernels
import Foundation
import Testing
@testable import LossKitModels
import LossKitData
import LossKitNumerics

/// The fused kernel-row C kernels (Sources/CLossKitKernels/kernel_rows.c) and
/// `KernelRows` (SupportVectorKernel.swift): every instruction set gives the
/// same bits, the values are the kernel to single (rows) or double (sums)
/// rounding of a plain reference computed here with Foundation's exp/tanh,
/// and active + inactive entries make the whole row.
@Suite("Kernel rows (kernel_rows.c)")
struct KernelRowsTests {
    struct Kind: CustomTestStringConvertible, Sendable {
        var name: String
        var code: Int32
        var gamma: Double
        var coef0: Double
        var degree: Int32
        var testDescription: String { name }

        func reference(_ a: [Double], _ b: [Double]) -> Double {
            var dot = 0.0, na = 0.0, nb = 0.0
            for k in a.indices { dot += a[k] * b[k]; na += a[k] * a[k]; nb += b[k] * b[k] }
            switch code {
            case Int32(LOSSKIT_KERNEL_POLY): return Foundation.pow(gamma * dot + coef0, Double(degree))
            case Int32(LOSSKIT_KERNEL_RBF): return Foundation.exp(-gamma * (na + nb - 2 * dot))
            case Int32(LOSSKIT_KERNEL_SIGMOID): return Foundation.tanh(gamma * dot + coef0)
            default: return dot
            }
        }

        var resolved: ResolvedKernel {
            switch code {
            case Int32(LOSSKIT_KERNEL_POLY): return ResolvedKernel(kind: .poly, gamma: gamma, coef0: coef0, degree: Int(degree))
            case Int32(LOSSKIT_KERNEL_RBF): return ResolvedKernel(kind: .rbf, gamma: gamma, coef0: 0, degree: 1)
            case Int32(LOSSKIT_KERNEL_SIGMOID): return ResolvedKernel(kind: .sigmoid, gamma: gamma, coef0: coef0, degree: 1)
            default: return ResolvedKernel(kind: .linear, gamma: 0, coef0: 0, degree: 1)
            }
        }
    }

    static let kinds = [
        Kind(name: "linear", code: Int32(LOSSKIT_KERNEL_LINEAR), gamma: 0, coef0: 0, degree: 1),
        Kind(name: "poly", code: Int32(LOSSKIT_KERNEL_POLY), gamma: 0.3, coef0: 0.5, degree: 3),
        Kind(name: "rbf", code: Int32(LOSSKIT_KERNEL_RBF), gamma: 0.07, coef0: 0, degree: 1),
        Kind(name: "sigmoid", code: Int32(LOSSKIT_KERNEL_SIGMOID), gamma: 0.2, coef0: -0.4, degree: 1),
    ]
    static let instructionSets: [Int32] = [Int32(LOSSKIT_ISA_PORTABLE), Int32(LOSSKIT_ISA_AVX2), Int32(LOSSKIT_ISA_AVX512)]

    /// `count` rows of p values, row-major, from a SplitMix64 stream.
    static func design(_ count: Int, _ p: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<(count * p)).map { _ in Double(rng.next() % 2_000_001) / 1_000_000 - 1 }
    }

    static func packed(_ x: [Double], count: Int, p: Int, rows: [Int32]? = nil) -> [Double] {
        var panels = [Double](repeating: .nan, count: max((count + 7) / 8 * 8 * p, 1))
        x.withUnsafeBufferPointer { xs in
            panels.withUnsafeMutableBufferPointer { out in
                if let rows {
                    rows.withUnsafeBufferPointer { losskit_pack_panels(count, p, xs.baseAddress!, $0.baseAddress!, out.baseAddress!) }
                } else {
                    losskit_pack_panels(count, p, xs.baseAddress!, nil, out.baseAddress!)
                }
            }
        }
        return panels
    }

    static func norms(_ x: [Double], count: Int, p: Int) -> [Double] {
        x.withUnsafeBufferPointer { xs in (0..<count).map { losskit_panel_dot(p, xs.baseAddress! + $0 * p, xs.baseAddress! + $0 * p) } }
    }

    @Test("a kernel row is the same bits on every instruction set, and the kernel to float rounding",
          arguments: kinds, [1, 7, 8, 9, 16, 37])
    func rowsAgree(kind: Kind, count: Int) {
        for p in [1, 5, 20] {
            let x = Self.design(count, p, seed: UInt64(count * 31 + p))
            let v = Array(Self.design(1, p, seed: 99 + UInt64(p)))
            let panels = Self.packed(x, count: count, p: p), norms = Self.norms(x, count: count, p: p)
            let vNorm = v.withUnsafeBufferPointer { losskit_panel_dot(p, $0.baseAddress!, $0.baseAddress!) }
            var results: [[Float]] = []
            for isa in Self.instructionSets {
                var out = [Float](repeating: .nan, count: count)
                losskit_kernel_panels(isa, kind.code, count, p, panels, norms, v, vNorm, kind.gamma, kind.coef0, kind.degree, nil, &out)
                results.append(out)
            }
            for (n, result) in results.enumerated() {
                #expect(result.map(\.bitPattern) == results[0].map(\.bitPattern), "\(kind.name) p \(p) isa \(n)")
            }
            for j in 0..<count {
                let want = kind.reference(Array(x[(j * p)..<((j + 1) * p)]), v)
                let got = Double(results[0][j])
                #expect(abs(got - want) <= 1.2e-7 * abs(want) + 1e-14, "\(kind.name) p \(p) j \(j): \(got) vs \(want)")
            }
        }
    }

    @Test("rows packed from a list land at their own index; other entries are not touched")
    func scatter() {
        let n = 29, p = 6
        let x = Self.design(n, p, seed: 5)
        let rows: [Int32] = [0, 3, 4, 10, 11, 12, 13, 14, 15, 20, 28]
        let panels = Self.packed(x, count: rows.count, p: p, rows: rows)
        let allNorms = Self.norms(x, count: n, p: p)
        let norms = rows.map { allNorms[Int($0)] }
        let all = Self.packed(x, count: n, p: p)
        let v = Array(x[(7 * p)..<(8 * p)])
        for isa in Self.instructionSets {
            var whole = [Float](repeating: .nan, count: n), some = [Float](repeating: .nan, count: n)
            losskit_kernel_panels(isa, Int32(LOSSKIT_KERNEL_RBF), n, p, all, allNorms, v, allNorms[7], 0.3, 0, 1, nil, &whole)
            losskit_kernel_panels(isa, Int32(LOSSKIT_KERNEL_RBF), rows.count, p, panels, norms, v, allNorms[7], 0.3, 0, 1, rows, &some)
            for j in 0..<n {
                if rows.contains(Int32(j)) {
                    #expect(some[j].bitPattern == whole[j].bitPattern, "isa \(isa) j \(j)")
                } else {
                    #expect(some[j].isNaN, "isa \(isa) j \(j) was written")
                }
            }
            #expect(whole[7] == 1, "k(x, x) is exactly 1 for RBF")
        }
    }

    @Test("a weighted kernel sum is the same bits on every instruction set, and the kernel sum to 1e-13",
          arguments: kinds, [1, 8, 13, 40])
    func sumsAgree(kind: Kind, count: Int) {
        for p in [3, 20] {
            let x = Self.design(count, p, seed: UInt64(count + 7 * p))
            let v = Self.design(1, p, seed: 11)
            var rng = SplitMix64(seed: 3)
            let weights = (0..<count).map { _ in Double(rng.next() % 2001) / 1000 - 1 }
            let panels = Self.packed(x, count: count, p: p), norms = Self.norms(x, count: count, p: p)
            let vNorm = v.withUnsafeBufferPointer { losskit_panel_dot(p, $0.baseAddress!, $0.baseAddress!) }
            let sums = Self.instructionSets.map { isa in
                losskit_kernel_panels_sum(isa, kind.code, count, p, panels, norms, v, vNorm, kind.gamma, kind.coef0, kind.degree, weights)
            }
            for sum in sums { #expect(sum.bitPattern == sums[0].bitPattern, "\(kind.name) p \(p)") }
            var want = 0.0, scale = 0.0
            for j in 0..<count {
                let k = kind.reference(Array(x[(j * p)..<((j + 1) * p)]), v)
                want += weights[j] * k
                scale += abs(weights[j] * k)
            }
            #expect(abs(sums[0] - want) <= 1e-13 * max(scale, 1), "\(kind.name) p \(p): \(sums[0]) vs \(want)")
        }
    }

    @Test("the kernel exp is within 4e-16 of Foundation's, keeps NaN, and clamps far arguments")
    func exponential() {
        var t = -707.9
        while t <= 708 {
            #expect(abs(losskit_exp_double(t) - Foundation.exp(t)) <= 4e-16 * Foundation.exp(t), "t = \(t)")
            t += 0.173
        }
        #expect(losskit_exp_double(0) == 1)
        #expect(losskit_exp_double(.nan).isNaN)
        #expect(losskit_exp_double(-1e6) > 0 && losskit_exp_double(-1e6) < 1e-307)
        #expect(losskit_exp_double(1e6).isFinite)
    }

    @Test("KernelRows: active and inactive entries make the whole row, split over threads or not",
          arguments: kinds)
    func activeAndInactive(kind: Kind) throws {
        // 4000 × 20 is above the parallel threshold: rows are split over the cores.
        for (n, p) in [(4000, 20), (37, 3)] {
            let values = Self.design(n, p, seed: 17)
            let features = try Matrix(rowMajor: (0..<n).map { Array(values[($0 * p)..<(($0 + 1) * p)]) })
            let rows = KernelRows(features: features, kernel: kind.resolved)
            var isActive = (0..<n).map { $0 % 3 != 1 && $0 != n - 1 }
            isActive.withUnsafeMutableBufferPointer { rows.setActive(UnsafePointer($0.baseAddress!)) }
            for r in [0, 1, n / 2, n - 1] {
                var whole = [Float](repeating: .nan, count: n), parts = [Float](repeating: .nan, count: n)
                rows.row(r, .all, into: &whole)
                rows.row(r, .active, into: &parts)
                for j in 0..<n where !isActive[j] { #expect(parts[j].isNaN, "inactive \(j) written") }
                rows.row(r, .inactive, into: &parts)
                #expect(parts.map(\.bitPattern) == whole.map(\.bitPattern), "n \(n) row \(r)")
                // The serial portable kernel on the whole design gives the same bits.
                var serial = [Float](repeating: .nan, count: n)
                let panels = Self.packed(values, count: n, p: p), norms = Self.norms(values, count: n, p: p)
                let v = Array(values[(r * p)..<((r + 1) * p)])
                losskit_kernel_panels(Int32(LOSSKIT_ISA_PORTABLE), kind.code, n, p, panels,
                                      kind.code == Int32(LOSSKIT_KERNEL_RBF) ? norms : [Double](repeating: 0, count: n), v,
                                      kind.code == Int32(LOSSKIT_KERNEL_RBF) ? norms[r] : 0, kind.gamma, kind.coef0, kind.degree,
                                      nil, &serial)
                #expect(serial.map(\.bitPattern) == whole.map(\.bitPattern), "n \(n) row \(r) serial")
            }
        }
    }
}
