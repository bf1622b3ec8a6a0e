import Foundation
import LossKitData
import LossKitNumerics

extension KernelSupportVectorRegressionModel: ModelFileRepresentable {
    public static let modelKind = "kernel-svr"

    enum CodingKeys: String, CodingKey {
        case featureNames, kernel, loss, C, epsilon, intercept, supportVectorCount, supportVectors, dualCoefficients
        case supportRows, dualObjective, iterations, converged, training
    }

    enum KernelKeys: String, CodingKey { case name, gamma, coef0, degree }
    enum TrainingKeys: String, CodingKey { case observationCount, totalWeight, weighted, warnings }

    public func encode(to encoder: Encoder) throws {
        try ModelFileHeader.encode(kind: Self.modelKind, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(featureNames, forKey: .featureNames)
        let resolved = ResolvedKernel(kernel)
        var k = c.nestedContainer(keyedBy: KernelKeys.self, forKey: .kernel)
        try k.encode(kernel.name, forKey: .name)
        try k.encode(resolved.gamma, forKey: .gamma)
        try k.encode(resolved.coef0, forKey: .coef0)
        try k.encode(resolved.degree, forKey: .degree)
        try c.encode(loss, forKey: .loss)
        try c.encode(self.c, forKey: .C)
        try c.encode(epsilon, forKey: .epsilon)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(supportVectorCount, forKey: .supportVectorCount)
        try c.encode(Self.base64(supportVectorValues), forKey: .supportVectors)
        try c.encode(Self.base64(dualCoefficients), forKey: .dualCoefficients)
        try c.encode(supportRows, forKey: .supportRows)
        try c.encode(dualObjective, forKey: .dualObjective)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(converged, forKey: .converged)
        var t = c.nestedContainer(keyedBy: TrainingKeys.self, forKey: .training)
        try t.encode(fitSummary.observationCount, forKey: .observationCount)
        try t.encode(fitSummary.totalWeight, forKey: .totalWeight)
        try t.encode(fitSummary.weighted, forKey: .weighted)
        try t.encode(fitSummary.warnings, forKey: .warnings)
    }

    public init(from decoder: Decoder) throws {
        try ModelFileHeader.check(kind: Self.modelKind, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let names = try c.decode([String].self, forKey: .featureNames)
        let k = try c.nestedContainer(keyedBy: KernelKeys.self, forKey: .kernel)
        let name = try k.decode(String.self, forKey: .name)
        guard let kind = ResolvedKernel.Kind(rawValue: name) else {
            throw ModelFileError.invalidField(name: "kernel.name", detail: "\"\(name)\" is not linear, poly, rbf or sigmoid")
        }
        let resolved = ResolvedKernel(kind: kind, gamma: try k.decode(Double.self, forKey: .gamma),
                                      coef0: try k.decode(Double.self, forKey: .coef0), degree: try k.decode(Int.self, forKey: .degree))
        let kernel = resolved.kernel
        do { try kernel.validate() } catch {
            throw ModelFileError.invalidField(name: "kernel", detail: String(describing: error))
        }
        let count = try c.decode(Int.self, forKey: .supportVectorCount)
        guard count >= 0 else { throw ModelFileError.invalidField(name: "supportVectorCount", detail: "\(count) is negative") }
        let vectors = try Self.doubles(c.decode(String.self, forKey: .supportVectors), field: "supportVectors",
                                       expected: count * names.count)
        let beta = try Self.doubles(c.decode(String.self, forKey: .dualCoefficients), field: "dualCoefficients", expected: count)
        let rows = try c.decode([Int].self, forKey: .supportRows)
        guard rows.count == count else {
            throw ModelFileError.invalidField(name: "supportRows", detail: "\(rows.count) rows for \(count) support vectors")
        }
        let t = try c.nestedContainer(keyedBy: TrainingKeys.self, forKey: .training)
        self.init(featureNames: names, kernel: kernel, loss: try c.decode(KernelSupportVectorRegression.Loss.self, forKey: .loss),
                  c: try c.decode(Double.self, forKey: .C), epsilon: try c.decode(Double.self, forKey: .epsilon),
                  intercept: try c.decode(Double.self, forKey: .intercept), supportVectors: vectors, dualCoefficients: beta,
                  supportRows: rows, dualObjective: try c.decode(Double.self, forKey: .dualObjective),
                  iterations: try c.decode(Int.self, forKey: .iterations), converged: try c.decode(Bool.self, forKey: .converged),
                  fitSummary: FitSummary(observationCount: try t.decode(Int.self, forKey: .observationCount),
                                         totalWeight: try t.decode(Double.self, forKey: .totalWeight),
                                         weighted: try t.decode(Bool.self, forKey: .weighted),
                                         warnings: try t.decode([String].self, forKey: .warnings)))
    }

    /// The values as IEEE-754 binary64, little-endian, base64: exact and fast to parse.
    static func base64(_ values: [Double]) -> String {
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        for (i, v) in values.enumerated() {
            let bits = v.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { raw in for b in 0..<8 { bytes[i * 8 + b] = raw[b] } }
        }
        return Data(bytes).base64EncodedString()
    }

    static func doubles(_ text: String, field: String, expected: Int) throws -> [Double] {
        guard let data = Data(base64Encoded: text) else {
            throw ModelFileError.invalidField(name: field, detail: "not base64")
        }
        guard data.count == expected * 8 else {
            throw ModelFileError.invalidField(name: field, detail: "\(data.count) bytes; expected \(expected) binary64 values (\(expected * 8) bytes)")
        }
        var values = [Double](repeating: 0, count: expected)
        data.withUnsafeBytes { raw in
            for i in 0..<expected {
                values[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            }
        }
        guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return values }
        throw ModelFileError.invalidField(name: "\(field)[\(bad)]", detail: "\(values[bad]) is not finite")
    }
}
