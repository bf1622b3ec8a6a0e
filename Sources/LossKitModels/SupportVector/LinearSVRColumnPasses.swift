import CLossKitKernels
import Foundation
import LossKitNumerics

/// The passes of the primal solvers over the column-major design, in blocks
/// of `blockRows` rows: each block's residuals (`X_block·w`, the block of X
/// read from memory), then whatever the pass needs from them (`X_blockᵀ·a`,
/// the block of X still in cache), so that a pass reads X from memory once.
/// Large problems split the rows into two contiguous parts, one per core,
/// each with its own partial sums, added in part order (deterministic).
extension LinearSVRProblem {
    /// Rows per block: the block's residuals (2 KB) stay in L1, its part of X
    /// (256·p doubles) in L2.
    static let blockRows = 256

    /// 2 on problems large enough to pay for a second thread, else 1.
    func parallelParts(rows count: Int) -> Int {
        count * max(features, 1) >= 400_000 ? min(2, ProcessInfo.processInfo.activeProcessorCount) : 1
    }

    /// What `lossPass` returns.
    struct LossPass {
        var residuals: [Double]
        /// `Σ Cᵢ ℓ(rᵢ)` (the smoothed ℓ when `smoothing > 0` with the L1 loss), compensated per part.
        var loss: Double
        /// `slopeᵢ = −∂(Cᵢℓ)/∂ŷᵢ` and `curvatureᵢ = ∂²(Cᵢℓ)/∂ŷᵢ²` (0 where none); empty without derivatives.
        var slopes: [Double]
        var curvatures: [Double]
        /// `Σ slopeᵢ·x̃ᵢ` (p + 1 entries, the last `B·Σ slopeᵢ`); empty without derivatives.
        var slopeSum: [Double]
    }

    /// One pass: the residuals `rᵢ = yᵢ − offset − xᵢ·w − B·v`, the loss and,
    /// with `derivatives`, each row's slope and curvature and `Σ slopeᵢ·x̃ᵢ`
    /// (x̃ = [x, B]):
    /// - L2 loss: slope `2Cᵢ sign(rᵢ) e`, curvature `2Cᵢ`, loss `Cᵢe²` for `e = |rᵢ| − ε > 0`;
    /// - L1 loss with `smoothing` μ > 0 (Huber, `LinearSVRSmoothedNewton`):
    ///   slope `Cᵢ sign(rᵢ) min(e/μ, 1)`, curvature `Cᵢ/μ` for `0 < e ≤ μ`, loss
    ///   `Cᵢe²/(2μ)` or `Cᵢ(e − μ/2)`;
    /// - L1 loss with μ = 0: loss `Cᵢe` (no derivatives).
    /// - Complexity: one read of X (none when w = 0), O(n·p).
    func lossPass(w: [Double], v: Double, bias: Double, offset: Double, smoothing: Double, derivatives: Bool) -> LossPass {
        let n = rows, p = features
        let parts = parallelParts(rows: n)
        var r = [Double](repeating: 0, count: n)
        var slopes = [Double](repeating: 0, count: derivatives ? n : 0)
        var curvatures = [Double](repeating: 0, count: derivatives ? n : 0)
        var sums = [Double](repeating: 0, count: derivatives ? parts * (p + 1) : 0)
        var losses = [Double](repeating: 0, count: parts)
        let negative = w.map { -$0 }
        let readsX = p > 0 && w.contains { $0 != 0 }
        design.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                cost.withUnsafeBufferPointer { cb in
                    negative.withUnsafeBufferPointer { wb in
                        r.withUnsafeMutableBufferPointer { rb in
                            slopes.withUnsafeMutableBufferPointer { sb in
                                curvatures.withUnsafeMutableBufferPointer { kb in
                                    sums.withUnsafeMutableBufferPointer { gb in
                                        losses.withUnsafeMutableBufferPointer { lb in
                                            let pass = EvaluationPass(
                                                x: xb.baseAddress, residualsReadX: readsX, y: yb.baseAddress!, cost: cb.baseAddress!,
                                                negativeW: wb.baseAddress, r: rb.baseAddress!,
                                                slopes: derivatives ? sb.baseAddress : nil, curvatures: kb.baseAddress,
                                                sums: gb.baseAddress, losses: lb.baseAddress!,
                                                rows: n, features: p, parts: parts, shift: offset + bias * v, bias: bias,
                                                epsilon: epsilon, smoothing: smoothing,
                                                l2: loss == .squaredEpsilonInsensitive)
                                            if parts == 1 {
                                                pass.run(part: 0)
                                            } else {
                                                DispatchQueue.concurrentPerform(iterations: parts) { pass.run(part: $0) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var total = CompensatedAccumulator()
        for value in losses { total.add(value) }
        var slopeSum: [Double] = []
        if derivatives {
            slopeSum = Array(sums[0...p])
            for part in 1..<parts { for k in 0...p { slopeSum[k] += sums[part * (p + 1) + k] } }
        }
        return LossPass(residuals: r, loss: total.value, slopes: slopes, curvatures: curvatures, slopeSum: slopeSum)
    }

    private struct EvaluationPass: @unchecked Sendable {
        let x: UnsafePointer<Double>?
        /// false when w = 0 (the residuals need no X).
        let residualsReadX: Bool
        let y: UnsafePointer<Double>, cost: UnsafePointer<Double>
        let negativeW: UnsafePointer<Double>?
        let r: UnsafeMutablePointer<Double>
        /// nil: no derivatives.
        let slopes: UnsafeMutablePointer<Double>?, curvatures: UnsafeMutablePointer<Double>?
        let sums: UnsafeMutablePointer<Double>?
        let losses: UnsafeMutablePointer<Double>
        let rows: Int, features: Int, parts: Int
        let shift: Double, bias: Double, epsilon: Double, smoothing: Double
        let l2: Bool

        func run(part: Int) {
            let n = rows, p = features, mu = smoothing
            let lo = n * part / parts, hi = n * (part + 1) / parts
            var loss = CompensatedAccumulator()
            let isa = Int32(LOSSKIT_ISA_BEST)
            var i0 = lo
            while i0 < hi {
                let i1 = min(hi, i0 + LinearSVRProblem.blockRows)
                for i in i0..<i1 { r[i] = y[i] - shift }
                if residualsReadX, let x { losskit_lsvr_gemv_n(isa, i1 - i0, p, x + i0, n, negativeW, r + i0) }
                var slopeTotal = 0.0
                for i in i0..<i1 {
                    let ri = r[i]
                    let e = abs(ri) - epsilon
                    guard e > 0 else { continue }
                    let c = cost[i]
                    let sign = ri > 0 ? 1.0 : -1.0
                    if l2 {
                        loss.add(c * e * e)
                        if let slopes {
                            slopes[i] = 2 * c * e * sign
                            curvatures![i] = 2 * c
                        }
                    } else if mu > 0 {
                        if e <= mu {
                            loss.add(c * e * e / (2 * mu))
                            if let slopes {
                                slopes[i] = c * (e / mu) * sign
                                curvatures![i] = c / mu
                            }
                        } else {
                            loss.add(c * (e - 0.5 * mu))
                            slopes?[i] = c * sign
                        }
                    } else {
                        loss.add(c * e)
                    }
                    if let slopes { slopeTotal += slopes[i] }
                }
                if let slopes, let sums {
                    let target = sums + part * (p + 1)
                    if p > 0, let x {
                        losskit_lsvr_gemv_t(isa, i1 - i0, p, x + i0, n, slopes + i0, target)
                    }
                    target[p] += bias * slopeTotal
                }
                i0 = i1
            }
            losses[part] = loss.value
        }
    }
    /// `Xᵀa = Σ aᵢ·xᵢ` (p entries): one pass over X, on one core.
    func transposeTimes(_ a: [Double]) -> [Double] {
        let n = rows, p = features
        var out = [Double](repeating: 0, count: p)
        guard p > 0, n > 0 else { return out }
        design.withUnsafeBufferPointer { xb in
            a.withUnsafeBufferPointer { ab in
                out.withUnsafeMutableBufferPointer { ob in
                    var i0 = 0
                    while i0 < n {
                        let i1 = min(n, i0 + LinearSVRProblem.blockRows)
                        losskit_lsvr_gemv_t(Int32(LOSSKIT_ISA_BEST), i1 - i0, p, xb.baseAddress! + i0, n,
                                            ab.baseAddress! + i0, ob.baseAddress!)
                        i0 = i1
                    }
                }
            }
        }
        return out
    }

    /// `Σ curvatureᵢ·(x̃ᵢ·d)·x̃ᵢ` (p + 1 entries; x̃ = [x, B]) in one pass over
    /// X: each block's `X̃_block·d`, scaled by the curvatures, then
    /// `X̃_blockᵀ` times that while the block is in cache. Blocks without
    /// curvature are skipped.
    func curvatureTimes(_ d: [Double], curvatures: [Double], bias: Double) -> [Double] {
        let n = rows, p = features
        let parts = parallelParts(rows: n)
        var sums = [Double](repeating: 0, count: parts * (p + 1))
        design.withUnsafeBufferPointer { xb in
            d.withUnsafeBufferPointer { db in
                curvatures.withUnsafeBufferPointer { kb in
                    sums.withUnsafeMutableBufferPointer { gb in
                        let pass = CurvaturePass(x: xb.baseAddress, d: db.baseAddress!, curvatures: kb.baseAddress!,
                                                 sums: gb.baseAddress!, rows: n, features: p, parts: parts, bias: bias)
                        if parts == 1 {
                            pass.run(part: 0)
                        } else {
                            DispatchQueue.concurrentPerform(iterations: parts) { pass.run(part: $0) }
                        }
                    }
                }
            }
        }
        var out = Array(sums[0...p])
        for part in 1..<parts { for k in 0...p { out[k] += sums[part * (p + 1) + k] } }
        return out
    }

    private struct CurvaturePass: @unchecked Sendable {
        let x: UnsafePointer<Double>?
        let d: UnsafePointer<Double>, curvatures: UnsafePointer<Double>
        let sums: UnsafeMutablePointer<Double>
        let rows: Int, features: Int, parts: Int
        let bias: Double

        func run(part: Int) {
            let n = rows, p = features, block = LinearSVRProblem.blockRows
            let lo = n * part / parts, hi = n * (part + 1) / parts
            let target = sums + part * (p + 1)
            let isa = Int32(LOSSKIT_ISA_BEST)
            let t = UnsafeMutablePointer<Double>.allocate(capacity: block)
            defer { t.deallocate() }
            let shift = bias * d[p]
            var i0 = lo
            while i0 < hi {
                let i1 = min(hi, i0 + block), count = i1 - i0
                var any = false
                for i in i0..<i1 where curvatures[i] != 0 { any = true; break }
                if any {
                    for k in 0..<count { t[k] = shift }
                    if p > 0, let x { losskit_lsvr_gemv_n(isa, count, p, x + i0, n, d, t) }
                    var total = 0.0
                    for k in 0..<count {
                        t[k] *= curvatures[i0 + k]
                        total += t[k]
                    }
                    if p > 0, let x { losskit_lsvr_gemv_t(isa, count, p, x + i0, n, t, target) }
                    target[p] += bias * total
                }
                i0 = i1
            }
        }
    }
}

/// The curvature part of the Newton method's Hessian as a matrix,
/// `G = Σᵢ curvatureᵢ·x̃ᵢx̃ᵢᵀ` ((p + 1) × (p + 1), x̃ = [x, B]), for problems
/// with few features: a Hessian–vector product is then O(p²) instead of a
/// pass over X. Built by SYRK on blocks of gathered, scaled rows
/// (`losskit_dsyrk_lower_t`, O(|rows|·p²)); when the curvatures change (the
/// rows in and out of the Hessian move between Newton steps) only the rows
/// that changed are added or taken away, unless they outnumber the rows
/// with curvature, when G is rebuilt.
final class LinearSVRGramHessian {
    let dimension: Int
    private(set) var matrix: [Double]
    /// The curvatures `matrix` holds (all 0 at first, with G = 0).
    private var held: [Double]
    private let problem: LinearSVRProblem
    private let bias: Double

    /// Rows per SYRK call.
    private static let chunkRows = 512

    init(problem: LinearSVRProblem, bias: Double) {
        self.problem = problem
        self.bias = bias
        dimension = problem.features + 1
        matrix = [Double](repeating: 0, count: dimension * dimension)
        held = [Double](repeating: 0, count: problem.rows)
    }

    /// Makes `matrix` the G of `curvatures`.
    func update(to curvatures: [Double]) {
        var changed = 0, active = 0
        for i in 0..<curvatures.count {
            if curvatures[i] != held[i] { changed += 1 }
            if curvatures[i] != 0 { active += 1 }
        }
        guard changed > 0 else { return }
        let m = dimension
        if changed < active {
            var plus: [Int32] = [], plusScale: [Double] = [], minus: [Int32] = [], minusScale: [Double] = []
            for i in 0..<curvatures.count where curvatures[i] != held[i] {
                let delta = curvatures[i] - held[i]
                if delta > 0 {
                    plus.append(Int32(i)); plusScale.append(delta.squareRoot())
                } else {
                    minus.append(Int32(i)); minusScale.append((-delta).squareRoot())
                }
            }
            accumulate(rows: plus, scales: plusScale, alpha: 1)
            accumulate(rows: minus, scales: minusScale, alpha: -1)
        } else {
            for k in matrix.indices { matrix[k] = 0 }
            var list: [Int32] = [], scales: [Double] = []
            list.reserveCapacity(active)
            scales.reserveCapacity(active)
            for i in 0..<curvatures.count where curvatures[i] != 0 {
                list.append(Int32(i)); scales.append(curvatures[i].squareRoot())
            }
            accumulate(rows: list, scales: scales, alpha: 1)
        }
        // SYRK fills the lower triangle: mirror it.
        for j in 0..<m { for i in (j + 1)..<m { matrix[j + i * m] = matrix[i + j * m] } }
        held = curvatures
    }

    /// `G·d`.
    func times(_ d: [Double]) -> [Double] {
        let m = dimension
        var out = [Double](repeating: 0, count: m)
        matrix.withUnsafeBufferPointer { g in
            for j in 0..<m {
                let dj = d[j]
                guard dj != 0 else { continue }
                for i in 0..<m { out[i] += g[i + j * m] * dj }
            }
        }
        return out
    }

    /// Lower triangle of `matrix += alpha·Σₖ (scaleₖ x̃_rowsₖ)(scaleₖ x̃_rowsₖ)ᵀ`.
    private func accumulate(rows list: [Int32], scales: [Double], alpha: Double) {
        guard !list.isEmpty else { return }
        let m = dimension
        let parts = list.count * m >= 100_000 ? min(2, ProcessInfo.processInfo.activeProcessorCount) : 1
        var partials = [Double](repeating: 0, count: parts * m * m)
        problem.design.withUnsafeBufferPointer { xb in
            list.withUnsafeBufferPointer { lb in
                scales.withUnsafeBufferPointer { sb in
                    partials.withUnsafeMutableBufferPointer { pb in
                        let pass = GramPass(x: xb.baseAddress, rows: problem.rows, features: problem.features, bias: bias,
                                            list: lb.baseAddress!, scales: sb.baseAddress!, count: list.count,
                                            alpha: alpha, out: pb.baseAddress!, parts: parts)
                        if parts == 1 {
                            pass.run(part: 0)
                        } else {
                            DispatchQueue.concurrentPerform(iterations: parts) { pass.run(part: $0) }
                        }
                    }
                }
            }
        }
        for part in 0..<parts {
            for j in 0..<m { for i in j..<m { matrix[i + j * m] += partials[part * m * m + i + j * m] } }
        }
    }

    private struct GramPass: @unchecked Sendable {
        let x: UnsafePointer<Double>?
        let rows: Int, features: Int, bias: Double
        let list: UnsafePointer<Int32>, scales: UnsafePointer<Double>
        let count: Int, alpha: Double
        let out: UnsafeMutablePointer<Double>
        let parts: Int

        func run(part: Int) {
            let p = features, m = p + 1, chunk = LinearSVRGramHessian.chunkRows
            let lo = count * part / parts, hi = count * (part + 1) / parts
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: chunk * m)
            defer { buffer.deallocate() }
            let target = out + part * m * m
            let isa = Int32(LOSSKIT_ISA_BEST)
            var k0 = lo
            while k0 < hi {
                let k1 = min(hi, k0 + chunk), size = k1 - k0
                if p > 0, let x { losskit_lsvr_gather_rows(size, p, x, rows, list + k0, scales + k0, buffer, chunk) }
                for t in 0..<size { buffer[p * chunk + t] = scales[k0 + t] * bias }
                losskit_dsyrk_lower_t(isa, m, size, alpha, buffer, chunk, 1, target, m)
                k0 = k1
            }
        }
    }
}
