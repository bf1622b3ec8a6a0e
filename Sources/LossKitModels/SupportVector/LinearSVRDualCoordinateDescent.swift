import LossKitNumerics

/// Dual coordinate descent with shrinking for the L1- and L2-loss linear SVR
/// (Ho & Lin, "Large-scale linear support vector regression", JMLR 2012,
/// Algorithm 4; LIBLINEAR's `-s 12/13`).
///
/// The dual of `LinearSVRProblem` (bias feature of value `B`, penalized, at
/// offset λ) in one variable `βᵢ` per row:
///
///     min_β ½‖w̃(β)‖² + Σᵢ (ε|βᵢ| − (yᵢ − λ)βᵢ + ½dᵢβᵢ²),  −Uᵢ ≤ βᵢ ≤ Uᵢ
///     w̃(β) = Σᵢ βᵢ·(xᵢ, B)
///
/// with `Uᵢ = Cᵢ`, `dᵢ = 0` (L1 loss) or `Uᵢ = ∞`, `dᵢ = 1/(2Cᵢ)` (L2 loss). It
/// keeps `w = Σβᵢxᵢ` and `v = B·Σβᵢ`, so a coordinate step costs O(p): the
/// gradient `Gᵢ = xᵢ·w + B·v + λ − yᵢ + dᵢβᵢ`, then the exact minimizer of the
/// one-variable piecewise quadratic `G·δ + ½Hδ² + ε|βᵢ + δ|` (H = ‖xᵢ‖² + B² + dᵢ),
/// clipped to the box. Rows whose projected gradient is well inside their
/// optimality range (measured against the previous epoch's largest violation)
/// are shrunk — left out of later epochs — and brought back for a final check
/// before convergence is declared. Each epoch visits the active rows in a
/// random order (by blocks of nearby rows, see `blockRows`) from the seeded `SplitMix64`.
///
/// Stopping rule (LIBLINEAR's): the sum of the violations of the optimality
/// conditions over the active rows `≤ tolerance · reference`, with
/// `reference` the same sum at β = 0; checked again on all rows.
struct LinearSVRDualCoordinateDescent {
    var beta: [Double]
    var w: [Double]
    /// `Σβᵢ`, kept so that the bias weight `v = B·Σβᵢ` follows a change of `B`.
    var betaSum = 0.0
    var rng: SplitMix64
    private var index: [Int32]

    init(rows: Int, features: Int, seed: UInt64) {
        beta = [Double](repeating: 0, count: rows)
        w = [Double](repeating: 0, count: features)
        rng = SplitMix64(seed: seed)
        index = (0..<rows).map { Int32($0) }
    }

    /// The optimality violation sum at β = 0 for targets `y − offset`.
    static func reference(_ problem: LinearSVRProblem, offset: Double) -> Double {
        Summation.compensatedSum(count: problem.rows) { max(0, abs(problem.y[$0] - offset) - problem.epsilon) }
    }

    /// Runs epochs from the current β until the stopping rule holds or
    /// `maxEpochs` have run.
    /// - Parameters:
    ///   - bias: `B`, the value of the bias feature (0: no intercept).
    ///   - offset: λ, subtracted from every target.
    ///   - onEpoch: called after each epoch with the violation ratio.
    /// - Returns: the epochs run and whether the rule was met.
    /// - Complexity: O(active rows · p) per epoch.
    mutating func run(_ problem: LinearSVRProblem, bias: Double, offset: Double, tolerance: Double, reference: Double,
                      maxEpochs: Int, onEpoch: ((Int, Double) -> Void)? = nil) -> (epochs: Int, converged: Bool) {
        guard problem.rows > 0 else { return (0, true) }
        guard reference > 0 else {
            // Every target inside the tube at β = 0: w = 0, v = 0 is optimal unless β moved.
            if beta.allSatisfy({ $0 == 0 }) { return (0, true) }
            return runEpochs(problem, bias: bias, offset: offset, threshold: 0, maxEpochs: maxEpochs, onEpoch: onEpoch,
                             reference: 1)
        }
        return runEpochs(problem, bias: bias, offset: offset, threshold: tolerance * reference, maxEpochs: maxEpochs,
                         onEpoch: onEpoch, reference: reference)
    }

    /// Rows per block of the visiting order: each epoch visits the blocks of
    /// the (ascending) active list in random order and the rows of a block in
    /// random order, so that rows are read from nearby memory (a fully random
    /// order over a design larger than the caches waits on memory for every row).
    static let blockRows = 128

    private mutating func runEpochs(_ problem: LinearSVRProblem, bias: Double, offset: Double, threshold: Double,
                                    maxEpochs: Int, onEpoch: ((Int, Double) -> Void)?, reference: Double)
        -> (epochs: Int, converged: Bool) {
        let n = problem.rows, p = problem.features
        let epsilon = problem.epsilon
        let l1 = problem.loss == .epsilonInsensitive
        let biasSquared = bias * bias
        let blockRows = Self.blockRows
        var v = bias * betaSum
        var activeSize = n
        var largestOld = Double.infinity
        var epochs = 0
        var converged = false
        var rng = self.rng
        var sum = betaSum
        var keep = [Bool](repeating: true, count: n)
        var blockOrder = [Int32](repeating: 0, count: (n + blockRows - 1) / blockRows)
        var order = [Int32](repeating: 0, count: blockRows)
        for k in index.indices { index[k] = Int32(k) }

        problem.x.withUnsafeBufferPointer { xb in
            problem.y.withUnsafeBufferPointer { yb in
                problem.cost.withUnsafeBufferPointer { cb in
                    problem.squaredNorms.withUnsafeBufferPointer { qb in
                        beta.withUnsafeMutableBufferPointer { bb in
                            w.withUnsafeMutableBufferPointer { wb in
                                index.withUnsafeMutableBufferPointer { ib in
                                    let x = xb.baseAddress, wp = wb.baseAddress
                                    func shuffle(_ a: inout [Int32], count: Int) {
                                        for k in 0..<count { a[k] = Int32(k) }
                                        guard count > 1 else { return }
                                        for k in 0..<(count - 1) {
                                            let j = k + Int(rng.next().multipliedFullWidth(by: UInt64(count - k)).high)
                                            a.swapAt(k, j)
                                        }
                                    }
                                    while epochs < maxEpochs {
                                        var largestNew = 0.0
                                        var violationSum = 0.0
                                        let blocks = (activeSize + blockRows - 1) / blockRows
                                        shuffle(&blockOrder, count: blocks)
                                        for block in blockOrder[0..<blocks] {
                                            let lo = Int(block) * blockRows
                                            let length = min(activeSize, lo + blockRows) - lo
                                            shuffle(&order, count: length)
                                            for k in order[0..<length] {
                                                let s = lo + Int(k)
                                                let i = Int(ib[s])
                                                let upper = l1 ? cb[i] : Double.infinity
                                                let d = l1 ? 0 : 0.5 / cb[i]
                                                let b = bb[i]
                                                var g = offset - yb[i] + d * b + bias * v
                                                if p > 0 { g += LinearSVRKernels.dot(x! + i * p, wp!, p) }
                                                let h = max(qb[i] + biasSquared + d, 1e-300)
                                                let gp = g + epsilon, gn = g - epsilon
                                                var violation = 0.0
                                                var shrink = false
                                                if b == 0 {
                                                    if gp < 0 { violation = -gp }
                                                    else if gn > 0 { violation = gn }
                                                    else if gp > largestOld && gn < -largestOld { shrink = true }
                                                } else if b >= upper {
                                                    if gp > 0 { violation = gp }
                                                    else if gp < -largestOld { shrink = true }
                                                } else if b <= -upper {
                                                    if gn < 0 { violation = -gn }
                                                    else if gn > largestOld { shrink = true }
                                                } else {
                                                    violation = b > 0 ? abs(gp) : abs(gn)
                                                }
                                                keep[s] = !shrink
                                                if shrink { continue }
                                                largestNew = max(largestNew, violation)
                                                violationSum += violation
                                                // The minimizer of G·δ + ½Hδ² + ε|b + δ|.
                                                let step: Double
                                                if gp < h * b { step = -gp / h }
                                                else if gn > h * b { step = -gn / h }
                                                else { step = -b }
                                                if abs(step) < 1e-12 { continue }
                                                let updated = min(max(b + step, -upper), upper)
                                                let change = updated - b
                                                if change != 0 {
                                                    bb[i] = updated
                                                    if p > 0 { LinearSVRKernels.axpy(change, x! + i * p, wp!, p) }
                                                    sum += change
                                                    v += bias * change
                                                }
                                            }
                                        }
                                        // Drop the shrunk rows, keeping the list ascending.
                                        var kept = 0
                                        for s in 0..<activeSize where keep[s] {
                                            ib[kept] = ib[s]
                                            kept += 1
                                        }
                                        activeSize = kept
                                        epochs += 1
                                        onEpoch?(epochs, violationSum / reference)
                                        if violationSum <= threshold {
                                            if activeSize == n { converged = true; break }
                                            activeSize = n
                                            for k in 0..<n { ib[k] = Int32(k) }
                                            largestOld = .infinity
                                            continue
                                        }
                                        largestOld = largestNew
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.rng = rng
        betaSum = sum
        return (epochs, converged)
    }
}
