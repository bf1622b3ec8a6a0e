/// The validated inputs of a regression metric: `k` output columns of `n`
/// samples, optional sample weights, and the NaN screening of `NaNPolicy`.
///
/// Validation, in order (the first problem found is thrown):
/// 1. as many prediction columns as target columns, every column the same
///    length → `LossKitError.countMismatch` naming both inputs;
/// 2. at least one output and one sample → `LossKitError.tooFewValues`;
/// 3. weights: as many as samples (`countMismatch`), each finite and ≥ 0
///    (`invalidWeight` with its 0-based index), and, once NaN rows are dealt
///    with, not all zero (`zeroTotalWeight`).
///
/// NaN: with `.propagate`, an output column holding a NaN target or prediction
/// scores NaN (other outputs are unaffected) and a NaN weight makes every
/// output NaN. With `.skip`, a **sample (row) is dropped** when its weight or
/// any of its targets or predictions is NaN, so all outputs see the same rows;
/// if every row is dropped, every output scores NaN.
@usableFromInline
struct MetricInput: Sendable {
    /// Output columns of targets and predictions, NaN rows removed under `.skip`.
    var targets: [[Double]]
    var predictions: [[Double]]
    /// Finite, non-negative weights (scaled by an exact power of two if their
    /// sum would overflow; a weighted mean does not change).
    var weights: [Double]?
    /// `Σ wᵢ` (compensated), or `n` without weights.
    var weightTotal: Double
    /// Outputs whose score is NaN because of a NaN under `.propagate`.
    var nanOutputs: [Bool]

    var count: Int { targets[0].count }
    var outputs: Int { targets.count }

    @usableFromInline
    init(
        targetColumns: [[Double]], predictionColumns: [[Double]], sampleWeights: [Double]?,
        nanPolicy: NaNPolicy, names: Names
    ) throws {
        let k = targetColumns.count
        guard predictionColumns.count == k else {
            throw LossKitError.countMismatch(
                name: names.predictionColumns, count: predictionColumns.count,
                otherName: names.targetColumns, otherCount: k)
        }
        guard k > 0 else {
            throw LossKitError.tooFewValues(name: names.targetColumns, count: 0, minimum: 1)
        }
        let n = targetColumns[0].count
        for j in 0..<k {
            guard targetColumns[j].count == n else {
                throw LossKitError.countMismatch(
                    name: names.target(j), count: targetColumns[j].count,
                    otherName: names.target(0), otherCount: n)
            }
            guard predictionColumns[j].count == n else {
                throw LossKitError.countMismatch(
                    name: names.prediction(j), count: predictionColumns[j].count,
                    otherName: names.target(j), otherCount: n)
            }
        }
        guard n > 0 else {
            throw LossKitError.tooFewValues(name: names.target(0), count: 0, minimum: 1)
        }
        var weightIsNaN = false
        if let w = sampleWeights {
            guard w.count == n else {
                throw LossKitError.countMismatch(
                    name: "weights", count: w.count, otherName: names.target(0), otherCount: n)
            }
            weightIsNaN = Self.containsNaN(w)
            if let i = Self.firstInvalidWeight(w) { throw LossKitError.invalidWeight(index: i, value: w[i]) }
        }
        targets = targetColumns
        predictions = predictionColumns
        weights = sampleWeights
        weightTotal = Double(n)
        nanOutputs = (0..<k).map { j in Self.containsNaN(targetColumns[j]) || Self.containsNaN(predictionColumns[j]) }

        switch nanPolicy {
        case .propagate:
            if weightIsNaN {
                nanOutputs = Array(repeating: true, count: k)
                weightTotal = .nan
                return
            }
        case .skip:
            if weightIsNaN || nanOutputs.contains(true) {
                let keep = (0..<n).filter { i in
                    !(sampleWeights?[i].isNaN ?? false)
                        && !targetColumns.contains { $0[i].isNaN }
                        && !predictionColumns.contains { $0[i].isNaN }
                }
                targets = targetColumns.map { column in keep.map { column[$0] } }
                predictions = predictionColumns.map { column in keep.map { column[$0] } }
                weights = sampleWeights.map { w in keep.map { w[$0] } }
                nanOutputs = Array(repeating: keep.isEmpty, count: k)
                weightTotal = Double(keep.count)
                if keep.isEmpty {
                    // Keep one placeholder row so `count` and column access stay valid.
                    targets = Array(repeating: [.nan], count: k)
                    predictions = targets
                    weights = nil
                    weightTotal = .nan
                    return
                }
            }
        }
        if let w = weights {
            var total = w.withUnsafeBufferPointer { b in MetricColumn.accurateSum(count: b.count) { b[$0] } }
            guard total > 0 else { throw LossKitError.zeroTotalWeight }
            if total.isInfinite, let largest = w.max() {
                // Scale by an exact power of two so that Σw (≤ n·max) is finite.
                let shift = -(largest.exponent + 1)
                let scaled = w.map { Double(sign: .plus, exponent: shift, significand: $0) }
                weights = scaled
                total = Summation.compensatedSum(count: scaled.count) { scaled[$0] }
            }
            weightTotal = total
        }
    }

    /// Whether `values` holds a NaN (one branch-free pass).
    static func containsNaN(_ values: [Double]) -> Bool {
        values.withUnsafeBufferPointer { b in
            var nan = SIMDMask<SIMD4<Double>.MaskStorage>(repeating: false)
            var i = 0
            while i + 4 <= b.count {
                let x = SIMD4(b[i], b[i + 1], b[i + 2], b[i + 3])
                nan = nan .| (x .!= x)
                i += 4
            }
            return any(nan) || b[i...].contains { $0 != $0 }
        }
    }

    /// The index of the first weight that is negative or infinite (NaN is not
    /// invalid here: `NaNPolicy` decides). One vectorized pass when all are fine.
    static func firstInvalidWeight(_ weights: [Double]) -> Int? {
        let anyInvalid = weights.withUnsafeBufferPointer { b in
            var bad = SIMDMask<SIMD4<Double>.MaskStorage>(repeating: false)
            var i = 0
            while i + 4 <= b.count {
                let x = SIMD4(b[i], b[i + 1], b[i + 2], b[i + 3])
                bad = bad .| (x .< 0) .| (x .== .infinity)
                i += 4
            }
            return any(bad) || b[i...].contains { $0 < 0 || $0 == .infinity }
        }
        guard anyInvalid else { return nil }
        return weights.firstIndex { $0 < 0 || $0.isInfinite }
    }

    /// The argument names used in error messages.
    @usableFromInline
    struct Names: Sendable {
        var targetColumns: String
        var predictionColumns: String
        var single: Bool

        @usableFromInline static let singleOutput = Names(targetColumns: "targets", predictionColumns: "predictions", single: true)
        @usableFromInline static let multiOutput = Names(targetColumns: "targetColumns", predictionColumns: "predictionColumns", single: false)

        func target(_ j: Int) -> String { single ? targetColumns : "\(targetColumns)[\(j)]" }
        func prediction(_ j: Int) -> String { single ? predictionColumns : "\(predictionColumns)[\(j)]" }
    }

    @usableFromInline
    init(targets: [Double], predictions: [Double], sampleWeights: [Double]?, nanPolicy: NaNPolicy) throws {
        try self.init(
            targetColumns: [targets], predictionColumns: [predictions], sampleWeights: sampleWeights,
            nanPolicy: nanPolicy, names: .singleOutput)
    }

    /// Runs `body` on every output column (`nanValue` for outputs screened out
    /// by `.propagate` or by skipping every row) and returns the per-output values.
    func perOutput<R>(nanValue: R, _ body: (MetricColumn) -> R) -> [R] {
        (0..<outputs).map { j in
            if nanOutputs[j] { return nanValue }
            return targets[j].withUnsafeBufferPointer { y in
                predictions[j].withUnsafeBufferPointer { p in
                    if let weights {
                        return weights.withUnsafeBufferPointer { w in
                            body(MetricColumn(y: y, p: p, w: w, weightTotal: weightTotal))
                        }
                    }
                    return body(MetricColumn(y: y, p: p, w: nil, weightTotal: weightTotal))
                }
            }
        }
    }

    func perOutput(_ body: (MetricColumn) -> Double) -> [Double] {
        perOutput(nanValue: .nan, body)
    }
}
