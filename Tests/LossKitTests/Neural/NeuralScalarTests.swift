import Testing
@testable import LossKitModels
@testable import LossKitNumerics
import RealModule

/// The per-scalar building blocks of the network's passes (`NeuralScalar`):
/// the dense layer (Float: the fused product + bias + activation), the relu
/// derivative mask and the bias gradient's row sums, each against the plain
/// loop it replaces, bit for bit where the arithmetic is the same.
@Suite struct NeuralScalarTests {
    static func draw(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(Double(generator.next() >> 11) * 0x1p-53 * 4 - 2) }
    }

    /// The unfused reference: product, then bias added to the rounded
    /// product, then the activation (what `forward` did before the fusion).
    static func unfusedLayer(weights: [Float], bias: [Float], input: [Float], fanIn: Int, fanOut: Int, batch: Int,
                             activation: MLPActivation?) -> [Float] {
        var out = [Float](repeating: .nan, count: fanOut * batch)
        neuralMatrixProduct(transA: true, m: fanOut, n: batch, k: fanIn, a: weights, lda: fanIn, b: input, ldb: fanIn,
                            c: &out, ldc: fanOut)
        for j in 0..<batch { for i in 0..<fanOut { out[i + j * fanOut] += bias[i] } }
        out.withUnsafeMutableBufferPointer { activation?.apply($0.baseAddress!, count: fanOut * batch) }
        return out
    }

    static func fusedLayer(weights: [Float], bias: [Float], input: [Float], fanIn: Int, fanOut: Int, batch: Int,
                           activation: MLPActivation?) -> [Float] {
        var out = [Float](repeating: .nan, count: fanOut * batch)
        out.withUnsafeMutableBufferPointer { o in
            Float.denseLayer(weights: weights, bias: bias, input: input, output: o.baseAddress!, fanIn: fanIn,
                             fanOut: fanOut, batch: batch, activation: activation)
        }
        return out
    }

    /// Shapes of the benchmark's network (20 → 64 → 64 → 1) and edge tiles.
    static let shapes = [(20, 64, 256), (64, 64, 256), (64, 1, 256), (7, 5, 3), (33, 37, 13)]

    /// relu and identity: the fused epilogue is the same arithmetic (a float
    /// add, then `z < 0 ? 0 : z`), so the same bits as the unfused passes.
    @Test(arguments: [MLPActivation.relu, .identity])
    func floatDenseLayerIsTheUnfusedLayerBitForBit(activation: MLPActivation) {
        for (fanIn, fanOut, batch) in Self.shapes {
            let w = Self.draw(fanIn * fanOut, seed: 1), b = Self.draw(fanOut, seed: 2), x = Self.draw(fanIn * batch, seed: 3)
            let fused = Self.fusedLayer(weights: w, bias: b, input: x, fanIn: fanIn, fanOut: fanOut, batch: batch, activation: activation)
            let plain = Self.unfusedLayer(weights: w, bias: b, input: x, fanIn: fanIn, fanOut: fanOut, batch: batch, activation: activation)
            #expect(fused.map(\.bitPattern) == plain.map(\.bitPattern), "\(activation) \(fanIn)→\(fanOut) × \(batch)")
        }
        // The output layer (no activation) is the identity too.
        let w = Self.draw(64, seed: 4), b = Self.draw(1, seed: 5), x = Self.draw(64 * 9, seed: 6)
        #expect(Self.fusedLayer(weights: w, bias: b, input: x, fanIn: 64, fanOut: 1, batch: 9, activation: nil).map(\.bitPattern)
                == Self.unfusedLayer(weights: w, bias: b, input: x, fanIn: 64, fanOut: 1, batch: 9, activation: nil).map(\.bitPattern))
    }

    /// tanh and logistic: the kernel's vectorized functions (≤ 2–3 ulp)
    /// against the layer computed in Double.
    @Test(arguments: [MLPActivation.tanh, .logistic])
    func floatDenseLayerMatchesDoubleWithSmoothActivations(activation: MLPActivation) {
        let (fanIn, fanOut, batch) = (20, 64, 40)
        let w = Self.draw(fanIn * fanOut, seed: 7), b = Self.draw(fanOut, seed: 8), x = Self.draw(fanIn * batch, seed: 9)
        let fused = Self.fusedLayer(weights: w, bias: b, input: x, fanIn: fanIn, fanOut: fanOut, batch: batch, activation: activation)
        var worst = 0.0
        for j in 0..<batch {
            for i in 0..<fanOut {
                var z = Double(b[i])
                for l in 0..<fanIn { z += Double(w[l + i * fanIn]) * Double(x[l + j * fanIn]) }
                let exact = activation == .tanh ? Double.tanh(z) : 1 / (1 + Double.exp(-z))
                worst = max(worst, abs(Double(fused[i + j * fanOut]) - exact))
            }
        }
        // The float product's rounding (20 terms of |·| ≤ 4) dominates: ~20·4·6e-8.
        #expect(worst < 1e-5, "\(activation): \(worst)")
    }

    @Test func reluBackwardKeepsTheGradientWhereTheActivationIsPositive() {
        let specials: [Float] = [1, 0, -0.0, -1, .nan, .infinity, -.infinity, .leastNonzeroMagnitude]
        for count in [0, 1, 7, 8, 9, 31, 64, 67] {
            let a = (0..<count).map { specials[$0 % specials.count] }
            let g = (0..<count).map { i -> Float in i % 5 == 4 ? .nan : Float(i) + 0.5 }
            var out = g
            out.withUnsafeMutableBufferPointer { Float.reluBackward($0.baseAddress!, activations: a, count: count) }
            let expected = (0..<count).map { a[$0] > 0 ? g[$0] : 0 }
            #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "count \(count)")
            var outD = g.map(Double.init)
            outD.withUnsafeMutableBufferPointer { Double.reluBackward($0.baseAddress!, activations: a.map(Double.init), count: count) }
            #expect(outD.map(\.bitPattern) == expected.map { Double($0).bitPattern }, "count \(count)")
        }
    }

    @Test(arguments: [(1, 1), (64, 256), (20, 3), (37, 11), (1, 256)])
    func rowSumsAddColumnByColumnFromZero(rows: Int, columns: Int) {
        let x = Self.draw(rows * columns, seed: 10)
        var out = [Float](repeating: .nan, count: rows)
        out.withUnsafeMutableBufferPointer { Float.rowSums(x, rows: rows, columns: columns, into: $0.baseAddress!) }
        var expected = [Float](repeating: 0, count: rows)
        for j in 0..<columns { for i in 0..<rows { expected[i] += x[i + j * rows] } }
        #expect(out.map(\.bitPattern) == expected.map(\.bitPattern))
        let xd = x.map { Double($0) / 3 }
        var outD = [Double](repeating: .nan, count: rows)
        outD.withUnsafeMutableBufferPointer { Double.rowSums(xd, rows: rows, columns: columns, into: $0.baseAddress!) }
        var expectedD = [Double](repeating: 0, count: rows)
        for j in 0..<columns { for i in 0..<rows { expectedD[i] += xd[i + j * rows] } }
        #expect(outD.map(\.bitPattern) == expectedD.map(\.bitPattern))
    }
}
