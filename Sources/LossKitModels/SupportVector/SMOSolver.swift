import CLossKitKernels

/// Sequential minimal optimization for the ε-SVR dual, as libsvm solves it
/// (Fan, Chen & Lin, JMLR 6, 2005; Chang & Lin, LIBSVM, 2011).
///
/// The dual in 2n variables `α = (α⁺, α⁻)`:
///
///     min_α  ½ αᵀ Q α + pᵀ α   subject to  yᵀα = 0,  0 ≤ α_t ≤ C_t
///
/// with `y = (1…1, −1…−1)`, `p = (ε − y_i, ε + y_i)`, `Q_st = y_s y_t K(x_{s mod n}, x_{t mod n})`
/// (+ `D_i` on the diagonal for the squared ε-insensitive loss, whose C_t is ∞).
///
/// Each step picks the maximal-violating `i` and the `j` of the largest
/// second-order decrease, solves the two-variable problem exactly with
/// libsvm's clipping, and updates the gradient with two kernel rows. Every
/// `min(l, 1000)` steps bounded variables that cannot move are shrunk away;
/// the gradient is rebuilt once (`unshrink`) when the violation falls below
/// 10·tol and before the final check, so the stopping rule
/// `max_{I_up} −y_t G_t + max_{I_low} y_t G_t < tol` holds on all l variables.
/// Kernel rows come from an LRU `KernelCache` in single precision, as in libsvm;
/// between unshrinks only their entries on the active set are computed
/// (libsvm's `get_Q(i, active_size)`), and a row is completed when the
/// gradient bookkeeping (`gBar`, reconstruction) needs all of it. Which rows
/// are cached never changes a value: every entry is the same bits however it
/// was computed (`losskit_kernel_panels`).
final class SMOSolver {
    struct Solution {
        /// `α⁺_i − α⁻_i`, one per training row.
        var coefficients: [Double]
        /// libsvm's ρ: the decision function is `Σ β_i K(x_i, x) − ρ`.
        var rho: Double
        /// `½ αᵀQα + pᵀα` at the solution.
        var objective: Double
        var iterations: Int
        var converged: Bool
        /// The final maximal violation `m(α) − M(α)`.
        var violation: Double
        var cacheHits: Int
        var cacheMisses: Int
    }

    private static let tau = 1e-12
    private enum Status: UInt8 { case lower = 0, upper = 1, free = 2 }

    private let rows: KernelRows
    private let cache: KernelCache
    private let n: Int
    private let l: Int
    private let tolerance: Double
    private let shrinking: Bool
    private let maxIterations: Int
    /// D_i per training row for the squared loss (nil: ε-insensitive).
    private let diagonalShift: UnsafeMutablePointer<Double>?

    // Per variable, permuted together by `swapIndex`.
    private let y: UnsafeMutablePointer<Int8>
    private let index: UnsafeMutablePointer<Int32>
    private let G: UnsafeMutablePointer<Double>
    private let gBar: UnsafeMutablePointer<Double>
    private let alpha: UnsafeMutablePointer<Double>
    private let status: UnsafeMutablePointer<UInt8>
    private let p: UnsafeMutablePointer<Double>
    private let C: UnsafeMutablePointer<Double>
    private let QD: UnsafeMutablePointer<Double>
    private let activeSet: UnsafeMutablePointer<Int32>
    /// y_t as a Double, and membership of I_up / I_low as 0/1 (kept with the
    /// status), so that the selection loops need no data-dependent branch.
    private let yd: UnsafeMutablePointer<Double>
    private let inUp: UnsafeMutablePointer<UInt8>
    private let inLow: UnsafeMutablePointer<UInt8>
    /// The first half of the next selection (argmax over I_up of −y_t G_t),
    /// found while the last step updated G; nil after shrinking.
    private var pendingMax: (value: Double, index: Int)?
    private var activeSize: Int
    private var unshrink = false
    /// The active set's generation for the kernel cache: 0 while every
    /// variable is active, a new number each time shrinking starts from the
    /// whole set (within a generation the active set only shrinks).
    private var generation = 0
    private var generationCount = 0
    /// Per training row: is variable i or i + n active (valid while generation > 0).
    private let rowIsActive: UnsafeMutablePointer<Bool>
    private var activeRowCount: Int

    /// - Parameters:
    ///   - rows: the kernel of the n training rows.
    ///   - targets: y, n values.
    ///   - epsilon: the tube half-width ε ≥ 0.
    ///   - upperBounds: C_i = C·w_i per row (∞ for the squared loss).
    ///   - diagonalShift: D_i = 1/(2 C_i) per row for the squared loss, nil otherwise.
    init(rows: KernelRows, targets: [Double], epsilon: Double, upperBounds: [Double], diagonalShift: [Double]?,
         tolerance: Double, shrinking: Bool, maxIterations: Int, cacheBytes: Int) {
        self.rows = rows
        n = targets.count
        l = 2 * n
        self.tolerance = tolerance
        self.shrinking = shrinking
        self.maxIterations = maxIterations
        cache = KernelCache(rowLength: n, bytes: cacheBytes)
        y = .allocate(capacity: l); index = .allocate(capacity: l)
        G = .allocate(capacity: l); gBar = .allocate(capacity: l); alpha = .allocate(capacity: l)
        status = .allocate(capacity: l); p = .allocate(capacity: l); C = .allocate(capacity: l)
        QD = .allocate(capacity: l); activeSet = .allocate(capacity: l)
        yd = .allocate(capacity: l); inUp = .allocate(capacity: l); inLow = .allocate(capacity: l)
        rowIsActive = .allocate(capacity: max(n, 1))
        activeRowCount = n
        if let diagonalShift {
            let d = UnsafeMutablePointer<Double>.allocate(capacity: n)
            for i in 0..<n { d[i] = diagonalShift[i] }
            self.diagonalShift = d
        } else {
            self.diagonalShift = nil
        }
        for i in 0..<n {
            let kii = rows.value(i, i) + (diagonalShift?[i] ?? 0)
            for (t, s) in [(i, 1), (i + n, -1)] {
                y[t] = Int8(s)
                index[t] = Int32(i)
                p[t] = epsilon - Double(s) * targets[i]
                C[t] = upperBounds[i]
                QD[t] = kii
                alpha[t] = 0
                status[t] = Status.lower.rawValue
                G[t] = p[t]
                gBar[t] = 0
                activeSet[t] = Int32(t)
                yd[t] = Double(s)
            }
        }
        activeSize = l
        for t in 0..<l { updateStatus(t) }
    }

    deinit {
        y.deallocate(); index.deallocate(); G.deallocate(); gBar.deallocate()
        alpha.deallocate(); status.deallocate(); p.deallocate(); C.deallocate(); QD.deallocate()
        activeSet.deallocate(); yd.deallocate(); inUp.deallocate(); inLow.deallocate(); diagonalShift?.deallocate()
        rowIsActive.deallocate()
    }

    @inline(__always) private func isUpper(_ t: Int) -> Bool { status[t] == Status.upper.rawValue }
    @inline(__always) private func isLower(_ t: Int) -> Bool { status[t] == Status.lower.rawValue }
    @inline(__always) private func isFree(_ t: Int) -> Bool { status[t] == Status.free.rawValue }

    @inline(__always) private func updateStatus(_ t: Int) {
        status[t] = alpha[t] >= C[t] ? Status.upper.rawValue : alpha[t] <= 0 ? Status.lower.rawValue : Status.free.rawValue
        let up = y[t] == 1 ? !isUpper(t) : !isLower(t)
        let low = y[t] == 1 ? !isLower(t) : !isUpper(t)
        inUp[t] = up ? 1 : 0
        inLow[t] = low ? 1 : 0
    }

    private func swapIndex(_ a: Int, _ b: Int) {
        guard a != b else { return }
        swap(&y[a], &y[b]); swap(&index[a], &index[b])
        swap(&G[a], &G[b]); swap(&gBar[a], &gBar[b]); swap(&alpha[a], &alpha[b])
        swap(&status[a], &status[b]); swap(&p[a], &p[b]); swap(&C[a], &C[b])
        swap(&QD[a], &QD[b]); swap(&activeSet[a], &activeSet[b])
        swap(&yd[a], &yd[b]); swap(&inUp[a], &inUp[b]); swap(&inLow[a], &inLow[b])
    }

    /// The raw kernel row of training row `real` (valid until the next cache
    /// call but one): its entries for the active variables, or all with `whole`.
    @inline(__always)
    private func kernelRow(_ real: Int, whole: Bool = false) -> UnsafePointer<Float> {
        cache.row(real, generation: generation, whole: whole) { rows.row(real, $1, into: $0) }
    }

    /// Every variable active again (after `reconstructGradient`).
    private func activateAll() {
        activeSize = l
        generation = 0
        activeRowCount = n
    }

    /// After shrinking: the training rows of the active variables, packed for
    /// the kernel rows when they changed.
    private func refreshActiveRows() {
        guard activeSize < l else { activateAll(); return }
        for r in 0..<n { rowIsActive[r] = false }
        var count = 0
        for t in 0..<activeSize {
            let r = Int(index[t])
            if !rowIsActive[r] { rowIsActive[r] = true; count += 1 }
        }
        if count == n {
            generation = 0
        } else if generation == 0 || count != activeRowCount {
            if generation == 0 {
                generationCount += 1
                generation = generationCount
            }
            rows.setActive(rowIsActive)
        }
        activeRowCount = count
    }

    /// Runs SMO to the tolerance or the iteration limit.
    func solve(progress: ((_ iterations: Int, _ violation: Double) -> Void)?) -> Solution {
        var iterations = 0
        var counter = min(l, 1000) + 1
        var converged = true
        var violation = Double.infinity
        while true {
            if iterations >= maxIterations {
                converged = false
                break
            }
            counter -= 1
            if counter == 0 {
                counter = min(l, 1000)
                if shrinking { doShrinking() }
                progress?(iterations, violation)
            }
            var (i, j) = (0, 0)
            if !selectWorkingSet(&i, &j, violation: &violation) {
                reconstructGradient()
                activateAll()
                if !selectWorkingSet(&i, &j, violation: &violation) { break }
                counter = 1
            }
            iterations += 1
            takeStep(i, j)
        }
        if activeSize < l {
            reconstructGradient()
            activateAll()
        }
        let rho = calculateRho()
        var objective = 0.0
        var coefficients = [Double](repeating: 0, count: n)
        for t in 0..<l {
            objective += alpha[t] * (G[t] + p[t])
            let original = Int(activeSet[t])
            if original < n { coefficients[original] += alpha[t] } else { coefficients[original - n] -= alpha[t] }
        }
        return Solution(coefficients: coefficients, rho: rho, objective: objective / 2, iterations: iterations,
                        converged: converged, violation: violation, cacheHits: cache.hits, cacheMisses: cache.misses)
    }

    /// The two-variable subproblem on (i, j), solved exactly and clipped to the
    /// box; the gradient update also finds the next step's i.
    private func takeStep(_ i: Int, _ j: Int) {
        let rowI = kernelRow(Int(index[i]))
        let rowJ = kernelRow(Int(index[j]))
        let ci = C[i], cj = C[j]
        let oldI = alpha[i], oldJ = alpha[j]
        // Q_ij = y_i y_j K_ij.
        let qij = yd[i] * yd[j] * Double(rowI[Int(index[j])])
        if y[i] != y[j] {
            var quad = QD[i] + QD[j] + 2 * qij
            if quad <= 0 { quad = Self.tau }
            let delta = (-G[i] - G[j]) / quad
            let diff = alpha[i] - alpha[j]
            alpha[i] += delta
            alpha[j] += delta
            if diff > 0 {
                if alpha[j] < 0 { alpha[j] = 0; alpha[i] = diff }
            } else {
                if alpha[i] < 0 { alpha[i] = 0; alpha[j] = -diff }
            }
            if diff > ci - cj {
                if alpha[i] > ci { alpha[i] = ci; alpha[j] = ci - diff }
            } else {
                if alpha[j] > cj { alpha[j] = cj; alpha[i] = cj + diff }
            }
        } else {
            var quad = QD[i] + QD[j] - 2 * qij
            if quad <= 0 { quad = Self.tau }
            let delta = (G[i] - G[j]) / quad
            let sum = alpha[i] + alpha[j]
            alpha[i] -= delta
            alpha[j] += delta
            if sum > ci {
                if alpha[i] > ci { alpha[i] = ci; alpha[j] = sum - ci }
            } else {
                if alpha[j] < 0 { alpha[j] = 0; alpha[i] = sum }
            }
            if sum > cj {
                if alpha[j] > cj { alpha[j] = cj; alpha[i] = sum - cj }
            } else {
                if alpha[i] < 0 { alpha[i] = 0; alpha[j] = sum }
            }
        }
        let di = alpha[i] - oldI, dj = alpha[j] - oldJ
        if let shift = diagonalShift {
            G[i] += shift[Int(index[i])] * di
            G[j] += shift[Int(index[j])] * dj
        }
        let wasUpperI = isUpper(i), wasUpperJ = isUpper(j)
        updateStatus(i)
        updateStatus(j)
        // G_k += Q_ik Δα_i + Q_jk Δα_j = y_k (y_i Δα_i K_ik + y_j Δα_j K_jk), and
        // the largest −y_k G_k over I_up for the next selection.
        var best = -Double.infinity
        let bestIndex = losskit_smo_update(Int32(LOSSKIT_ISA_BEST), activeSize, G, yd, inUp, index, rowI, rowJ,
                                           yd[i] * di, yd[j] * dj, &best)
        pendingMax = (best, bestIndex)
        if wasUpperI != isUpper(i) { addToGBar(i, scale: wasUpperI ? -ci : ci) }
        if wasUpperJ != isUpper(j) { addToGBar(j, scale: wasUpperJ ? -cj : cj) }
    }

    private func addToGBar(_ t: Int, scale: Double) {
        let row = kernelRow(Int(index[t]), whole: true)
        let signed = scale * yd[t]
        for k in 0..<l { gBar[k] += signed * yd[k] * Double(row[Int(index[k])]) }
    }

    /// libsvm's WSS 3: i maximizes −y_t G_t over I_up; j maximizes the
    /// second-order decrease (G_max + y_t G_t)² / (K_ii + K_tt − 2K_it) over
    /// I_low with G_max + y_t G_t > 0. Returns false when
    /// `G_max + max_{I_low} y_t G_t` is below the tolerance. The comparison
    /// `g²/q ≥ best` is made as `g² ≥ best·q`, so the loop has no division.
    private func selectWorkingSet(_ outI: inout Int, _ outJ: inout Int, violation: inout Double) -> Bool {
        var gMax = -Double.infinity, gMaxIndex = -1
        if let pending = pendingMax {
            (gMax, gMaxIndex) = pending
        } else {
            for t in 0..<activeSize {
                if inUp[t] != 0, -yd[t] * G[t] >= gMax { gMax = -yd[t] * G[t]; gMaxIndex = t }
            }
        }
        pendingMax = nil
        var gMax2 = -Double.infinity, gMinIndex = -1
        let i = gMaxIndex
        if i >= 0 {
            let rowI = kernelRow(Int(index[i]))
            let qdi = QD[i]
            gMinIndex = losskit_smo_select(Int32(LOSSKIT_ISA_BEST), activeSize, G, yd, inLow, index, QD, rowI,
                                           gMax, qdi, Self.tau, &gMax2)
        }
        violation = gMax + gMax2
        if gMax + gMax2 < tolerance || gMinIndex == -1 { return false }
        outI = gMaxIndex
        outJ = gMinIndex
        return true
    }

    private func beShrunk(_ t: Int, _ gMax1: Double, _ gMax2: Double) -> Bool {
        if isUpper(t) { return y[t] == 1 ? -G[t] > gMax1 : -G[t] > gMax2 }
        if isLower(t) { return y[t] == 1 ? G[t] > gMax2 : G[t] > gMax1 }
        return false
    }

    private func doShrinking() {
        pendingMax = nil
        var gMax1 = -Double.infinity, gMax2 = -Double.infinity
        for t in 0..<activeSize {
            if y[t] == 1 {
                if !isUpper(t), -G[t] >= gMax1 { gMax1 = -G[t] }
                if !isLower(t), G[t] >= gMax2 { gMax2 = G[t] }
            } else {
                if !isUpper(t), -G[t] >= gMax2 { gMax2 = -G[t] }
                if !isLower(t), G[t] >= gMax1 { gMax1 = G[t] }
            }
        }
        if !unshrink, gMax1 + gMax2 <= tolerance * 10 {
            unshrink = true
            reconstructGradient()
            activateAll()
        }
        var t = 0
        while t < activeSize {
            if beShrunk(t, gMax1, gMax2) {
                activeSize -= 1
                while activeSize > t {
                    if !beShrunk(activeSize, gMax1, gMax2) {
                        swapIndex(t, activeSize)
                        break
                    }
                    activeSize -= 1
                }
            }
            t += 1
        }
        sortActiveSet()
        refreshActiveRows()
    }

    /// Puts the active variables in the order of their training rows, so
    /// that the selection and the gradient update read each kernel row
    /// forwards (prefetchable) instead of in the scattered order shrinking's
    /// swaps leave behind. Only the order of the loops changes (and with it
    /// which of exactly tied candidates is picked).
    private func sortActiveSet() {
        let count = activeSize
        var sorted = true
        for t in 1..<max(count, 1) where index[t] < index[t - 1] { sorted = false; break }
        if sorted { return }
        let order = (0..<count).sorted { a, b in
            index[a] != index[b] ? index[a] < index[b] : y[a] > y[b]
        }
        func permute<T>(_ values: UnsafeMutablePointer<T>) {
            let copy = Array(UnsafeBufferPointer(start: values, count: count))
            for (k, t) in order.enumerated() { values[k] = copy[t] }
        }
        permute(y); permute(index); permute(G); permute(gBar); permute(alpha)
        permute(status); permute(p); permute(C); permute(QD); permute(activeSet)
        permute(yd); permute(inUp); permute(inLow)
    }

    /// G of the shrunk variables from `gBar` and the free variables.
    private func reconstructGradient() {
        pendingMax = nil
        guard activeSize < l else { return }
        for t in activeSize..<l { G[t] = gBar[t] + p[t] }
        if let shift = diagonalShift {
            // The shift is on the diagonal: each shrunk variable's own term.
            for t in activeSize..<l { G[t] += shift[Int(index[t])] * alpha[t] }
        }
        // Q_ts = y_t y_s K(index[t], index[s]); the signs are exact, so the
        // sums below are those of libsvm's loops over Q rows, bit for bit.
        var free: [(index: Int, coefficient: Double)] = []
        for s in 0..<activeSize where isFree(s) { free.append((Int(index[s]), alpha[s] * yd[s])) }
        if free.count * l > 2 * activeSize * (l - activeSize) {
            for t in activeSize..<l {
                let row = kernelRow(Int(index[t]))
                var sum = 0.0
                for (r, c) in free { sum += c * Double(row[r]) }
                G[t] += yd[t] * sum
            }
        } else {
            for (r, c) in free {
                let row = kernelRow(r, whole: true)
                for t in activeSize..<l { G[t] += yd[t] * (c * Double(row[Int(index[t])])) }
            }
        }
    }

    private func calculateRho() -> Double {
        var freeCount = 0
        var upper = Double.infinity, lower = -Double.infinity, freeSum = 0.0
        for t in 0..<activeSize {
            let yG = Double(y[t]) * G[t]
            if isUpper(t) {
                if y[t] == -1 { upper = min(upper, yG) } else { lower = max(lower, yG) }
            } else if isLower(t) {
                if y[t] == 1 { upper = min(upper, yG) } else { lower = max(lower, yG) }
            } else {
                freeCount += 1
                freeSum += yG
            }
        }
        return freeCount > 0 ? freeSum / Double(freeCount) : (upper + lower) / 2
    }
}
