import Testing
import CLossKitKernels
import RealModule
@testable import LossKitNumerics

/// The single-precision GEMM (every instruction set this CPU runs, forced one
/// at a time) against a plain Double-accumulated reference, the fused bias +
/// activation epilogue, and bit-identical results however C is split.
@Suite struct FloatKernelsTests {
    typealias S = LinearAlgebraTestSupport

    /// A column-major float matrix with leading dimension `ld ≥ rows`; the
    /// padding rows hold NaN, so reading them would show in the result.
    struct Stored {
        var rows: Int, columns: Int, ld: Int
        var values: [Float]
        init(_ rows: Int, _ columns: Int, ld: Int, seed: UInt64) {
            var g = S.Generator(seed: seed)
            self.rows = rows
            self.columns = columns
            self.ld = ld
            values = [Float](repeating: .nan, count: max(1, ld * columns))
            for j in 0..<columns { for i in 0..<rows { values[i + j * ld] = Float(g.uniform()) } }
        }
        subscript(i: Int, j: Int) -> Float { values[i + j * ld] }
    }

    struct Case: CustomStringConvertible, Sendable {
        var m: Int, n: Int, k: Int
        var description: String { "\(m)×\(n)×\(k)" }
    }

    /// Odd shapes around every tile and block edge (tiles 8×4, 16×6, 32×12;
    /// depth blocks of 256), plus the MLP's.
    static let shapes: [Case] = [
        (1, 1, 1), (1, 67, 5), (67, 1, 300), (2, 3, 4), (7, 13, 17), (31, 11, 255), (32, 12, 256),
        (33, 13, 257), (45, 29, 64), (64, 64, 20), (67, 67, 67), (17, 50, 300), (66, 25, 1), (3, 65, 129),
    ].map { Case(m: $0.0, n: $0.1, k: $0.2) }

    /// Every instruction set the machine runs (the dispatch clamps the others to the best one).
    static let instructionSets = KernelInstructionSet.allCases.filter {
        $0 != .best && $0.rawValue <= KernelInstructionSet.resolved.rawValue
    }

    /// op(A)·op(B) in Double, and Σ|op(A)ᵢₗ op(B)ₗⱼ| for the error bound.
    static func reference(_ a: Stored, transA: Bool, _ b: Stored, transB: Bool, m: Int, n: Int, k: Int)
        -> (product: [Double], magnitude: [Double])
    {
        var product = [Double](repeating: 0, count: m * n), magnitude = product
        for j in 0..<n {
            for i in 0..<m {
                var s = 0.0, t = 0.0
                for l in 0..<k {
                    let x = Double(transA ? a[l, i] : a[i, l]), y = Double(transB ? b[j, l] : b[l, j])
                    s += x * y
                    t += abs(x * y)
                }
                product[i + j * m] = s
                magnitude[i + j * m] = t
            }
        }
        return (product, magnitude)
    }

    /// Operands for one shape and transpose combination, with leading dimensions
    /// larger than the row counts.
    static func operands(_ shape: Case, transA: Bool, transB: Bool) -> (Stored, Stored) {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        let a = transA ? Stored(k, m, ld: k + 3, seed: UInt64(7 * m + k)) : Stored(m, k, ld: m + 3, seed: UInt64(7 * m + k))
        let b = transB ? Stored(n, k, ld: n + 2, seed: UInt64(11 * n + k)) : Stored(k, n, ld: k + 2, seed: UInt64(11 * n + k))
        return (a, b)
    }

    /// Runs the backend's gemmBiasActivation on a copy of `c0` (leading dimension m + 1).
    static func run(
        _ kernels: any DenseLinearAlgebraBackend, _ a: Stored, transA: Bool, _ b: Stored, transB: Bool,
        m: Int, n: Int, k: Int, alpha: Float, beta: Float, c0: [Float],
        bias: [Float]? = nil, perRow: Bool = true, activation: FloatKernels.Activation? = nil
    ) -> [Float] {
        var c = c0
        a.values.withUnsafeBufferPointer { ap in
            b.values.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    if let activation {
                        (bias ?? [0]).withUnsafeBufferPointer { biasp in
                            let p = biasp.baseAddress!
                            kernels.gemmBiasActivation(
                                transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                a: ap.baseAddress!, lda: a.ld, b: bp.baseAddress!, ldb: b.ld, beta: beta,
                                c: cp.baseAddress!, ldc: m + 1,
                                bias: bias == nil ? .none : (perRow ? .perRow(p) : .perColumn(p)), activation: activation)
                        }
                    } else {
                        kernels.gemm(
                            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                            a: ap.baseAddress!, lda: a.ld, b: bp.baseAddress!, ldb: b.ld, beta: beta,
                            c: cp.baseAddress!, ldc: m + 1)
                    }
                }
            }
        }
        return c
    }

    /// A C of leading dimension m + 1: random values, or NaN everywhere (for beta = 0).
    static func initialC(m: Int, n: Int, nan: Bool) -> [Float] {
        var g = S.Generator(seed: UInt64(m * 131 + n))
        return (0..<((m + 1) * n)).map { _ in nan ? .nan : Float(g.uniform()) }
    }

    @Test(arguments: shapes)
    func gemmMatchesDoubleReference(shape: Case) {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        for transA in [false, true] {
            for transB in [false, true] {
                let (a, b) = Self.operands(shape, transA: transA, transB: transB)
                let (product, magnitude) = Self.reference(a, transA: transA, b, transB: transB, m: m, n: n, k: k)
                for (alpha, beta) in [(Float(1), Float(0)), (0.75, -0.5), (-2, 1), (0, 0.5)] {
                    let c0 = Self.initialC(m: m, n: n, nan: beta == 0)
                    for isa in Self.instructionSets {
                        let c = Self.run(isa.kernels(threaded: false), a, transA: transA, b, transB: transB,
                                         m: m, n: n, k: k, alpha: alpha, beta: beta, c0: c0)
                        var worst = 0.0
                        for j in 0..<n {
                            for i in 0..<m {
                                let old = beta == 0 ? 0 : Double(beta) * Double(c0[i + j * (m + 1)])
                                let expected = Double(alpha) * product[i + j * m] + old
                                // k roundings of the FMA chain, one of alpha·Σ + beta·c, one of beta·c.
                                let bound = Double(k + 3) * Double(Float.ulpOfOne)
                                    * (abs(Double(alpha)) * magnitude[i + j * m] + abs(old) + abs(expected))
                                let error = abs(Double(c[i + j * (m + 1)]) - expected)
                                if !(error <= bound) { worst = max(worst, error.isNaN ? .infinity : error / bound) }
                            }
                        }
                        #expect(worst == 0, "\(isa) \(shape) tA \(transA) tB \(transB) α \(alpha) β \(beta): error/bound \(worst)")
                        // The padding row of C is never written.
                        for j in 0..<n where !c0[m + j * (m + 1)].isNaN {
                            #expect(c[m + j * (m + 1)] == c0[m + j * (m + 1)])
                        }
                    }
                }
            }
        }
    }

    /// act(αAB + βC + bias) for each activation and bias layout, against the
    /// Double reference: the activations are 1-Lipschitz, so the product's
    /// bound carries over, plus a few ulp of the activation itself.
    @Test(arguments: FloatKernels.Activation.allCases)
    func epilogueMatchesReference(activation: FloatKernels.Activation) {
        for shape in [Case(m: 67, n: 13, k: 33), Case(m: 32, n: 12, k: 300), Case(m: 5, n: 40, k: 7)] {
            let (m, n, k) = (shape.m, shape.n, shape.k)
            for (transA, transB) in [(false, false), (true, false), (false, true)] {
                let (a, b) = Self.operands(shape, transA: transA, transB: transB)
                let (product, magnitude) = Self.reference(a, transA: transA, b, transB: transB, m: m, n: n, k: k)
                for perRow in [true, false] {
                    var g = S.Generator(seed: 5)
                    let bias = (0..<(perRow ? m : n)).map { _ in Float(2 * g.uniform()) }
                    for beta in [Float(0), 0.5] {
                        let c0 = Self.initialC(m: m, n: n, nan: beta == 0)
                        for isa in Self.instructionSets {
                            let c = Self.run(isa.kernels(threaded: false), a, transA: transA, b, transB: transB,
                                             m: m, n: n, k: k, alpha: 1.5, beta: beta, c0: c0,
                                             bias: bias, perRow: perRow, activation: activation)
                            var worst = 0.0
                            for j in 0..<n {
                                for i in 0..<m {
                                    let old = beta == 0 ? 0 : Double(beta) * Double(c0[i + j * (m + 1)])
                                    let z = 1.5 * product[i + j * m] + old + Double(bias[perRow ? i : j])
                                    let expected = Self.activate(activation, z)
                                    let bound = Double(k + 4) * Double(Float.ulpOfOne) * (1.5 * magnitude[i + j * m] + abs(old) + abs(z))
                                        + 4 * Double(Float.ulpOfOne) * abs(expected) + 1e-38
                                    let error = abs(Double(c[i + j * (m + 1)]) - expected)
                                    if !(error <= bound) { worst = max(worst, error.isNaN ? .infinity : error / bound) }
                                }
                            }
                            #expect(worst == 0, "\(activation) \(isa) \(shape) tA \(transA) tB \(transB) row \(perRow) β \(beta): error/bound \(worst)")
                        }
                    }
                }
            }
        }
    }

    static func activate(_ activation: FloatKernels.Activation, _ z: Double) -> Double {
        switch activation {
        case .identity: z
        case .relu: z < 0 ? 0 : z
        case .tanh: Double.tanh(z)
        case .logistic: 1 / (1 + Double.exp(-z))
        }
    }

    /// The activations alone (k = 0, β = 1) on a dense grid and at the edges:
    /// within the documented ulp of the Double functions; NaN stays NaN.
    @Test func activationsAloneAreAccurateAndHandleSpecialValues() {
        var grid = (0..<40_001).map { Float($0 - 20_000) * 0.0025 }  // −50 … 50
        grid += [1e-30, -1e-30, 1e-8, -1e-8, 0.625, -0.625, 0.6249999, 88, -87, -87.5, -100, 200]
        let special: [Float] = [.nan, .infinity, -.infinity, 0, -0.0]
        let none = [Float](repeating: 0, count: 1)
        for isa in Self.instructionSets {
            for activation in FloatKernels.Activation.allCases {
                var c = grid + special
                none.withUnsafeBufferPointer { z in
                    c.withUnsafeMutableBufferPointer { cp in
                        isa.kernels(threaded: false).gemmBiasActivation(
                            transA: false, transB: false, m: cp.count, n: 1, k: 0, alpha: 1,
                            a: z.baseAddress!, lda: cp.count, b: z.baseAddress!, ldb: 1, beta: 1,
                            c: cp.baseAddress!, ldc: cp.count, bias: .none, activation: activation)
                    }
                }
                for (x, y) in zip(grid, c) {
                    let expected = Self.activate(activation, Double(x))
                    // tanh ≤ 2 ulp, logistic ≤ 3 ulp (documented); test 4. Logistic
                    // below z = −87.3 is clamped to logistic(−87.3) (documented).
                    let clampedLogistic = activation == .logistic && x < -87.3
                    let bound = clampedLogistic ? 1.2e-38 : 4 * Double(Float.ulpOfOne) * abs(expected)
                    #expect(abs(Double(y) - expected) <= bound, "\(isa) \(activation)(\(x)) = \(y), expected \(expected)")
                }
                let out = Array(c.suffix(special.count))
                #expect(out[0].isNaN, "\(isa) \(activation)(NaN)")
                switch activation {
                case .identity: #expect(Array(out.dropFirst()) == Array(special.dropFirst()))
                case .relu:
                    #expect(out[1] == .infinity && out[2] == 0 && out[3] == 0)
                case .tanh:
                    #expect(out[1] == 1 && out[2] == -1 && out[3] == 0)
                case .logistic:
                    #expect(out[1] == 1 && out[2] >= 0 && out[2] <= 1.2e-38 && out[3] == 0.5)
                }
            }
        }
    }

    /// An entry's bits do not depend on where it lies in C: the product computed
    /// whole equals the product computed block by block at cuts that fall inside
    /// tiles, for every ISA and epilogue. This is what makes the threaded split
    /// (any number of threads) bit-identical.
    /// With k ≤ 256 (one depth block) the 13 × 35 block takes the route that
    /// computes Cᵀ for short C; with k = 300 every block takes the direct one.
    @Test(arguments: [false, true], [300, 200])
    func blocksOfCAreBitIdenticalToTheWhole(transA: Bool, k: Int) {
        let shape = Case(m: 75, n: 60, k: k)
        let (m, n) = (shape.m, shape.n)
        for transB in [false, true] {
            let (a, b) = Self.operands(shape, transA: transA, transB: transB)
            let c0 = Self.initialC(m: m, n: n, nan: false)
            var g = S.Generator(seed: 9)
            let rowBias = (0..<m).map { _ in Float(g.uniform()) }
            let columnBias = (0..<n).map { _ in Float(g.uniform()) }
            for isa in Self.instructionSets {
                for (activation, perRow) in [(FloatKernels.Activation.identity, true), (.identity, false), (.relu, true),
                                              (.relu, false), (.tanh, false), (.logistic, true)] {
                    let bias = perRow ? rowBias : columnBias
                    let whole = Self.run(isa.kernels(threaded: false), a, transA: transA, b, transB: transB,
                                         m: m, n: n, k: k, alpha: 0.7, beta: 0.3, c0: c0,
                                         bias: bias, perRow: perRow, activation: activation)
                    var blocks = c0
                    for (i0, i1) in [(0, 13), (13, 50), (50, m)] {
                        for (j0, j1) in [(0, 5), (5, 40), (40, n)] {
                            a.values.withUnsafeBufferPointer { ap in
                                b.values.withUnsafeBufferPointer { bp in
                                    bias.withUnsafeBufferPointer { biasp in
                                        blocks.withUnsafeMutableBufferPointer { cp in
                                            let ai = transA ? ap.baseAddress! + i0 * a.ld : ap.baseAddress! + i0
                                            let bj = transB ? bp.baseAddress! + j0 : bp.baseAddress! + j0 * b.ld
                                            losskit_sgemm_bias_act(
                                                isa.rawValue, transA ? 1 : 0, transB ? 1 : 0, i1 - i0, j1 - j0, k, 0.7,
                                                ai, a.ld, bj, b.ld, 0.3, cp.baseAddress! + i0 + j0 * (m + 1), m + 1,
                                                perRow ? Int32(LOSSKIT_BIAS_ROW) : Int32(LOSSKIT_BIAS_COLUMN),
                                                biasp.baseAddress! + (perRow ? i0 : j0), activation.rawValue)
                                        }
                                    }
                                }
                            }
                        }
                    }
                    #expect(whole.map(\.bitPattern) == blocks.map(\.bitPattern), "\(isa) \(activation) tA \(transA) tB \(transB)")
                }
            }
        }
    }

    /// Threaded products (above the threshold, split over columns or rows)
    /// are bit-identical to single-threaded ones; the identity epilogue without
    /// bias is bit-identical to plain gemm.
    @Test(arguments: [Case(m: 70, n: 260, k: 130), Case(m: 300, n: 45, k: 200)])
    func threadedIsBitIdenticalToSingleThreaded(shape: Case) {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        #expect(m * n * k >= BuiltInDenseKernels.floatParallelThreshold)  // really threaded
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let (a, b) = Self.operands(shape, transA: transA, transB: transB)
            let c0 = Self.initialC(m: m, n: n, nan: false)
            var g = S.Generator(seed: 3)
            let bias = (0..<max(m, n)).map { _ in Float(g.uniform()) }
            for isa in Self.instructionSets {
                let single = Self.run(isa.kernels(threaded: false), a, transA: transA, b, transB: transB,
                                      m: m, n: n, k: k, alpha: 1.3, beta: -0.6, c0: c0)
                let threaded = Self.run(isa.kernels(threaded: true), a, transA: transA, b, transB: transB,
                                        m: m, n: n, k: k, alpha: 1.3, beta: -0.6, c0: c0)
                let identity = Self.run(isa.kernels(threaded: true), a, transA: transA, b, transB: transB,
                                        m: m, n: n, k: k, alpha: 1.3, beta: -0.6, c0: c0, activation: .identity)
                #expect(single.map(\.bitPattern) == threaded.map(\.bitPattern), "\(isa) \(shape) tA \(transA) tB \(transB)")
                #expect(single.map(\.bitPattern) == identity.map(\.bitPattern), "\(isa) \(shape) identity epilogue")
                for perRow in [true, false] {
                    let fused = [false, true].map { threaded in
                        Self.run(isa.kernels(threaded: threaded), a, transA: transA, b, transB: transB,
                                 m: m, n: n, k: k, alpha: 1.3, beta: 0, c0: Self.initialC(m: m, n: n, nan: true),
                                 bias: bias, perRow: perRow, activation: .tanh)
                    }
                    #expect(fused[0].map(\.bitPattern) == fused[1].map(\.bitPattern), "\(isa) \(shape) fused row \(perRow)")
                }
            }
        }
    }

    /// relu fused into the store (AVX-512, full and edge tiles) keeps NaN and
    /// −0 as `z < 0 ? 0 : z` does, like the separate pass of the other ISAs.
    @Test func fusedReluKeepsNaNAndNegativeZero() {
        let (m, n, k) = (37, 15, 3)  // one full 32 × 12 tile and edges on both sides
        var a = Stored(m, k, ld: m, seed: 1)
        let b = Stored(k, n, ld: k, seed: 2)
        for l in 0..<k { a.values[3 + l * m] = l == 0 ? .nan : 0; a.values[33 + l * m] = l == 1 ? .nan : 0 }
        // Row 5 of A·B is exactly zero; with alpha = −1 and a −0 bias it stays −0.
        for l in 0..<k { a.values[5 + l * m] = 0; a.values[34 + l * m] = 0 }
        let bias = (0..<m).map { $0 == 5 || $0 == 34 ? Float(-0.0) : Float($0 % 3) - 1 }
        for isa in Self.instructionSets {
            let c = Self.run(isa.kernels(threaded: false), a, transA: false, b, transB: false, m: m, n: n, k: k,
                             alpha: -1, beta: 0, c0: Self.initialC(m: m, n: n, nan: true),
                             bias: bias, perRow: true, activation: .relu)
            for j in 0..<n {
                #expect(c[3 + j * (m + 1)].isNaN && c[33 + j * (m + 1)].isNaN, "\(isa) column \(j)")
                #expect(c[5 + j * (m + 1)].bitPattern == Float(-0.0).bitPattern, "\(isa) column \(j)")
                #expect(c[34 + j * (m + 1)].bitPattern == Float(-0.0).bitPattern, "\(isa) column \(j)")
                for i in 0..<m where ![3, 33].contains(i) { #expect(c[i + j * (m + 1)] >= 0) }
            }
        }
    }

    /// The public entry point goes through the default backend (best ISA).
    @Test func floatKernelsEntryPointUsesTheBestKernels() {
        let shape = Case(m: 40, n: 30, k: 20)
        let (a, b) = Self.operands(shape, transA: false, transB: false)
        let c0 = Self.initialC(m: 40, n: 30, nan: true)
        let expected = Self.run(KernelInstructionSet.best.kernels(threaded: false), a, transA: false, b, transB: false,
                                m: 40, n: 30, k: 20, alpha: 1, beta: 0, c0: c0, bias: [Float](repeating: 1, count: 40),
                                activation: .relu)
        var c = c0
        let bias = [Float](repeating: 1, count: 40)
        a.values.withUnsafeBufferPointer { ap in
            b.values.withUnsafeBufferPointer { bp in
                bias.withUnsafeBufferPointer { biasp in
                    c.withUnsafeMutableBufferPointer { cp in
                        FloatKernels.gemmBiasActivation(
                            m: 40, n: 30, k: 20, a: ap.baseAddress!, lda: a.ld, b: bp.baseAddress!, ldb: b.ld,
                            c: cp.baseAddress!, ldc: 41, bias: .perRow(biasp.baseAddress!), activation: .relu)
                    }
                }
            }
        }
        #expect(c.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(c.allSatisfy { $0.isNaN || $0 >= 0 })  // padding rows stay NaN
    }
}
