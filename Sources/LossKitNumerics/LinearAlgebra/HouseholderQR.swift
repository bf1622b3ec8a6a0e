/// The QR factorization `A·P = Q·R` by Householder reflections, with optional
/// column pivoting that reveals the numerical rank.
///
/// For an `m × n` matrix `A`, `Q` is `m × m` orthogonal (kept implicitly as
/// `min(m, n)` reflectors), `R` is `min(m, n) × n` upper triangular and `P`
/// permutes the columns (`permutation[j]` is the original index of `R`'s column
/// `j`). With pivoting (Businger–Golub, as LAPACK `dgeqp3`: at each step the
/// remaining column of largest norm is moved forward; the norms are downdated
/// and recomputed when cancellation makes the downdate unreliable) the diagonal
/// of `R` is non-increasing in magnitude and
///
///     rank = #{ k : |R[k,k]| > tol · |R[0,0]| },   tol = max(m, n)·ε by default.
///
/// ```swift
/// let qr = HouseholderQR(x)                    // pivoted
/// let beta = try qr.solveLeastSquares(y)       // min ‖Xβ − y‖
/// print(qr.rank, qr.r)
/// ```
///
/// Accuracy: Householder QR is backward stable — the computed factors are the
/// exact factors of `A + ΔA` with `‖ΔA‖ ≲ c·m·n·ε·‖A‖` — so `‖A P − Q R‖/‖A‖`
/// is a small multiple of ε and least-squares solutions have the forward error
/// of the problem's condition number (not its square, as the normal equations do).
///
/// NaN and ±∞ in `A` propagate into `R`; no error is thrown, `rank` is then
/// not meaningful, and both solvers return all-NaN coefficients when `R`
/// holds a NaN (rather than a plausible-looking partial answer). Empty matrices factor to empty
/// results with rank 0.
///
/// - Complexity: O(m·n·min(m, n)) time (`2mn² − 2n³/3` flops for m ≥ n),
///   O(m·n) memory for the compact factors.
public struct HouseholderQR: Sendable {
    /// Rows of `A`.
    public let rows: Int
    /// Columns of `A`.
    public let columns: Int
    /// Numerical rank: the number of leading diagonal elements of `R` with
    /// `|R[k,k]| > rankTolerance · |R[0,0]|`.
    public let rank: Int
    /// `R`'s column `j` is the original column `permutation[j]` (identity without pivoting).
    public let permutation: [Int]
    /// The relative tolerance used to decide `rank`.
    public let rankTolerance: Double

    /// `R`, `min(m, n) × n` column-major (leading dimension `min(m, n)`), upper triangular.
    let rFactor: [Double]
    /// Whether `R` holds a NaN (from NaN or ∞ in `A`): solutions are then all NaN.
    let hasNaN: Bool
    /// For tall matrices: the row-block QR `A = Q₁ [R₁; 0]` done first.
    let tallSkinny: TallSkinnyReflectors?
    /// The column-by-column (optionally pivoted) QR: of `A` itself, or of `R₁`
    /// on the tall path. Acts on the first `dense.m` entries of a vector.
    let dense: HouseholderReflectors
    /// When `rank < columns`: the factorization `R[0..<rank, :]ᵀ = Z·S` used by the
    /// complete orthogonal decomposition `A P = Q [Sᵀ 0; 0 0] Zᵀ`.
    let completeOrthogonal: HouseholderReflectors?

    /// Factors `a`.
    ///
    /// Tall matrices (`m ≥ 2n` and `m·n ≥ 65 536`) are first reduced by a
    /// cache-blocked, multi-threaded row-block QR (`A = Q₁ R₁`, see
    /// `TallSkinnyReflectors`), and the pivoted QR is then taken of the `n × n`
    /// `R₁`. Column norms are invariant under `Q₁`, so the pivot order and the
    /// rank decision are those of pivoted QR of `A` itself (LAPACK's `xGEQP3`
    /// "QR preprocessing"), at a fraction of the memory traffic.
    ///
    /// - Parameters:
    ///   - a: the `m × n` matrix.
    ///   - pivoting: move the column of largest remaining norm forward at each
    ///     step (rank revealing). Without it `permutation` is the identity.
    ///   - rankTolerance: relative threshold on `|R[k,k]|/|R[0,0]|`; `nil` means
    ///     `max(m, n)·ε`. Negative or NaN values are treated as 0 (rank = the
    ///     number of leading nonzero pivots).
    public init(_ a: Matrix, pivoting: Bool = true, rankTolerance: Double? = nil) {
        self.init(a, pivoting: pivoting, rankTolerance: rankTolerance, tallSkinnyBlockRows: nil, chains: nil)
    }

    /// The factorization with the tall-skinny path's tuning exposed (tests force
    /// it with small blocks): `tallSkinnyBlockRows` nil = automatic, 0 = never.
    init(_ a: Matrix, pivoting: Bool, rankTolerance: Double?, tallSkinnyBlockRows: Int?, chains: Int?) {
        let m = a.rows, n = a.columns, k = min(m, n)
        rows = m
        columns = n
        let tolerance = rankTolerance ?? Double(max(m, n)) * Double.ulpOfOne
        self.rankTolerance = tolerance.isNaN ? 0 : max(tolerance, 0)
        let kernels = DenseKernels.backend
        // tallSkinnyBlockRows: nil = automatic, 0 = never, > 0 = always with that block size.
        let useTallPath = tallSkinnyBlockRows != 0 && n > 0 && m >= 2 * n && (m * n >= 1 << 16 || tallSkinnyBlockRows != nil)

        // Stage 1 (tall matrices only): A = Q₁ R₁ by row blocks; stage 2 factors R₁ (n × n).
        var factors: [Double]
        var denseRows = m
        if useTallPath {
            let (t, r1) = TallSkinnyReflectors.factor(a.storage, m: m, n: n, blockRows: tallSkinnyBlockRows, chainCount: chains, kernels: kernels)
            tallSkinny = t
            factors = r1
            denseRows = n
        } else {
            tallSkinny = nil
            factors = a.storage
        }
        var perm = Array(0..<n)
        var tau = [Double](repeating: 0, count: min(denseRows, n))
        if pivoting || !useTallPath {
            factors.withUnsafeMutableBufferPointer { f in
                tau.withUnsafeMutableBufferPointer { t in
                    guard let f = f.baseAddress, let t = t.baseAddress else { return }
                    if pivoting {
                        Self.factorPivoted(f, m: denseRows, n: n, tau: t, permutation: &perm)
                    } else {
                        kernels.householderQR(m: denseRows, n: n, a: f, lda: denseRows, tau: t)
                    }
                }
            }
        } else {
            tau = []  // R₁ is already triangular: no second stage
        }
        dense = HouseholderReflectors(m: denseRows, n: n, factors: factors, tau: tau)
        permutation = perm
        var rOut = [Double](repeating: 0, count: k * n)
        for j in 0..<n {
            for i in 0..<min(j + 1, k) { rOut[i + j * k] = factors[i + j * denseRows] }
        }
        rFactor = rOut
        hasNaN = rOut.contains { $0.isNaN }

        // Numerical rank from the diagonal of R.
        var r = 0
        if k > 0 {
            let threshold = self.rankTolerance * abs(rOut[0])
            while r < k, abs(rOut[r + r * k]) > threshold { r += 1 }
        }
        rank = r

        // Complete orthogonal decomposition for minimum-norm solutions.
        if r < n, r > 0 {
            var t = [Double](repeating: 0, count: n * r)
            for i in 0..<r {
                for j in i..<n { t[j + i * n] = rOut[i + j * k] }
            }
            var zTau = [Double](repeating: 0, count: r)
            t.withUnsafeMutableBufferPointer { tp in
                zTau.withUnsafeMutableBufferPointer { kernels.householderQR(m: n, n: r, a: tp.baseAddress!, lda: n, tau: $0.baseAddress!) }
            }
            completeOrthogonal = HouseholderReflectors(m: n, n: r, factors: t, tau: zTau)
        } else {
            completeOrthogonal = nil
        }
    }

    /// `R`: `min(m, n) × n`, upper triangular, columns in pivoted order.
    /// With pivoting, `|R[0,0]| ≥ |R[1,1]| ≥ …`; `|R[0,0]|` is the largest column norm of `A`.
    public var r: Matrix {
        Matrix(uncheckedRows: min(rows, columns), columns: columns, storage: rFactor)
    }

    /// `x ← Qᵀx` for `x` of length `m`.
    func applyQTranspose(_ x: UnsafeMutablePointer<Double>) {
        tallSkinny?.applyQTranspose(x)
        dense.applyQTranspose(x)
    }

    /// `x ← Qx` for `x` of length `m`.
    func applyQ(_ x: UnsafeMutablePointer<Double>) {
        dense.applyQ(x)
        tallSkinny?.applyQ(x)
    }

    /// The thin `Q`: the first `min(m, n)` columns of `Q` (`m × min(m, n)`, orthonormal columns).
    /// - Complexity: O(m·n·min(m, n)).
    public var thinQ: Matrix {
        let k = min(rows, columns)
        var out = [Double](repeating: 0, count: rows * k)
        out.withUnsafeMutableBufferPointer { o in
            for j in 0..<k {
                let col = o.baseAddress! + j * rows
                col[j] = 1
                applyQ(col)
            }
        }
        return Matrix(uncheckedRows: rows, columns: k, storage: out)
    }

    /// `Qᵀb` (length `m`). The first `rank` entries are the coordinates of `b`
    /// in the column space of `A`; the norm of the entries from `rank` on is the
    /// least-squares residual norm.
    /// - Throws: `LossKitError.countMismatch` when `b.count != m`.
    /// - Complexity: O(m·min(m, n)).
    public func qTransposeTimes(_ b: [Double]) throws -> [Double] {
        guard b.count == rows else {
            throw LossKitError.countMismatch(name: "b", count: b.count, otherName: "matrix rows", otherCount: rows)
        }
        var x = b
        x.withUnsafeMutableBufferPointer { applyQTranspose($0.baseAddress!) }
        return x
    }

    /// `Qb` (length `m`). `b` may also have `min(m, n)` entries, which are
    /// padded with zeros (then the result is `thinQ · b`).
    /// - Throws: `LossKitError.countMismatch` for any other length.
    /// - Complexity: O(m·min(m, n)).
    public func qTimes(_ b: [Double]) throws -> [Double] {
        let k = min(rows, columns)
        guard b.count == rows || b.count == k else {
            throw LossKitError.countMismatch(name: "b", count: b.count, otherName: "matrix rows", otherCount: rows)
        }
        var x = b
        if x.count < rows { x += [Double](repeating: 0, count: rows - x.count) }
        x.withUnsafeMutableBufferPointer { applyQ($0.baseAddress!) }
        return x
    }

    /// The least-squares solution of `min ‖A x − b‖₂`, in the original column order.
    ///
    /// With full column rank this is the unique minimizer `x = P R⁻¹ (Qᵀb)[0..<n]`.
    /// With `rank < n` it is the **basic** solution: the coefficients of the
    /// `n − rank` dropped (last pivoted) columns are exactly zero and the rest
    /// solve `R₁₁ z = (Qᵀb)[0..<rank]`. For the minimum-norm minimizer use
    /// `minimumNormSolution(_:)`. Rank 0 gives all zeros.
    /// - Throws: `LossKitError.countMismatch` when `b.count != m`.
    /// - Complexity: O(m·min(m, n) + rank²).
    public func solveLeastSquares(_ b: [Double]) throws -> [Double] {
        var c = try qTransposeTimes(b)
        if hasNaN { return [Double](repeating: .nan, count: columns) }
        var x = [Double](repeating: 0, count: columns)
        guard rank > 0 else { return x }
        try rFactor.withUnsafeBufferPointer { f in
            try c.withUnsafeMutableBufferPointer { cp in
                try TriangularSolve.solveUpper(f.baseAddress, ld: min(rows, columns), n: rank, cp.baseAddress, transposed: false)
            }
        }
        for j in 0..<rank { x[permutation[j]] = c[j] }
        return x
    }

    /// The minimum-norm least-squares solution `x = A⁺b` (the pseudo-inverse
    /// solution), in the original column order.
    ///
    /// Uses the complete orthogonal decomposition `A P = Q [Sᵀ 0; 0 0] Zᵀ`
    /// (a second Householder QR, of `R[0..<rank, :]ᵀ = Z S`): `x = P Z [S⁻ᵀ (Qᵀb)[0..<rank]; 0]`.
    /// Columns beyond the numerical rank are treated as exactly dependent, so
    /// the answer agrees with the SVD pseudo-inverse truncated at the same rank.
    /// With full column rank it equals `solveLeastSquares(_:)`.
    /// - Throws: `LossKitError.countMismatch` when `b.count != m`.
    /// - Complexity: O(m·min(m, n) + n·rank); the decomposition itself,
    ///   O(n·rank²), is done once in `init`.
    public func minimumNormSolution(_ b: [Double]) throws -> [Double] {
        guard let z = completeOrthogonal, !hasNaN else { return try solveLeastSquares(b) }
        var c = try qTransposeTimes(b)
        var y = [Double](repeating: 0, count: columns)
        for i in 0..<rank { y[i] = c[i] }
        try z.factors.withUnsafeBufferPointer { s in
            try y.withUnsafeMutableBufferPointer { yp in
                // Sᵀ y₁ = c₁, with S the upper triangle of Z's compact factors.
                try TriangularSolve.solveUpper(s.baseAddress, ld: columns, n: rank, yp.baseAddress, transposed: true)
                z.applyQ(yp.baseAddress!)
            }
        }
        c = [Double](repeating: 0, count: columns)
        for j in 0..<columns { c[permutation[j]] = y[j] }
        return c
    }

    // MARK: - Factorization kernels

    /// Column-pivoted Householder QR (LAPACK `dlaqp2`), in place.
    static func factorPivoted(
        _ a: UnsafeMutablePointer<Double>, m: Int, n: Int, tau: UnsafeMutablePointer<Double>, permutation: inout [Int]
    ) {
        let k = min(m, n)
        // vn1: current partial column norms; vn2: the norms when last computed exactly.
        var vn1 = (0..<n).map { j in Summation.scaledNorm(count: m) { a[$0 + j * m] } }
        var vn2 = vn1
        let tol3z = Double.ulpOfOne.squareRoot()
        for i in 0..<k {
            // Pivot: the first column of largest remaining norm.
            var pvt = i
            for j in (i + 1)..<max(n, i + 1) where vn1[j] > vn1[pvt] { pvt = j }
            if pvt != i {
                swapColumns(a, m, i, pvt)
                permutation.swapAt(i, pvt)
                vn1[pvt] = vn1[i]
                vn2[pvt] = vn2[i]
            }
            let col = a + i + i * m
            let t = HouseholderReflectors.makeReflector(col, m - i)
            tau[i] = t
            for j in (i + 1)..<max(n, i + 1) {
                HouseholderReflectors.applyReflector(col, t, m - i, to: a + i + j * m)
                // Downdate the partial norm; recompute when cancellation has eaten
                // more than half the digits (the dgeqp3 safeguard).
                if vn1[j] != 0 {
                    var temp = abs(a[i + j * m]) / vn1[j]
                    temp = max(0, 1 - temp * temp)
                    let ratio = vn1[j] / vn2[j]
                    if temp * ratio * ratio <= tol3z {
                        if i + 1 < m {
                            vn1[j] = Summation.scaledNorm(count: m - i - 1) { a[i + 1 + $0 + j * m] }
                            vn2[j] = vn1[j]
                        } else {
                            vn1[j] = 0
                            vn2[j] = 0
                        }
                    } else {
                        vn1[j] *= temp.squareRoot()
                    }
                }
            }
        }
    }

    static func swapColumns(_ a: UnsafeMutablePointer<Double>, _ m: Int, _ i: Int, _ j: Int) {
        let ci = a + i * m, cj = a + j * m
        for r in 0..<m { let t = ci[r]; ci[r] = cj[r]; cj[r] = t }
    }
}
