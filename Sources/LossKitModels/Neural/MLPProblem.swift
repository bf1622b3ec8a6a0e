import LossKitNumerics

/// The data of one MLP fit, checked, with the standardization the network
/// trains on: `x′ = (x − mean)/scale` per input column and per target.
///
/// `scale` is the population standard deviation (scikit-learn's
/// `StandardScaler`); a constant column gets scale 1 (it is only centered).
/// With standardization off, mean 0 and scale 1. The means and scales are
/// part of the model file, and training and prediction standardize with the
/// same expression, so a loaded model predicts bit-identically.
struct MLPProblem {
    let features: Matrix
    let targets: Matrix
    let weights: [Double]?
    let featureNames: [String]
    let targetNames: [String]
    let inputMeans: [Double]
    let inputScales: [Double]
    let targetMeans: [Double]
    let targetScales: [Double]

    init(features: Matrix, targets: Matrix, weights: [Double]?, featureNames: [String], targetNames: [String],
         standardizeInputs: Bool, standardizeTargets: Bool) {
        self.features = features
        self.targets = targets
        self.weights = weights
        self.featureNames = featureNames
        self.targetNames = targetNames
        (inputMeans, inputScales) = standardizeInputs ? Self.moments(features) : (Array(repeating: 0, count: features.columns), Array(repeating: 1, count: features.columns))
        (targetMeans, targetScales) = standardizeTargets ? Self.moments(targets) : (Array(repeating: 0, count: targets.columns), Array(repeating: 1, count: targets.columns))
    }

    /// Column means and population standard deviations (1 where that is 0).
    /// - Complexity: O(n·p), two passes.
    static func moments(_ m: Matrix) -> ([Double], [Double]) {
        let n = m.rows
        guard n > 0 else { return (Array(repeating: 0, count: m.columns), Array(repeating: 1, count: m.columns)) }
        var means: [Double] = [], scales: [Double] = []
        m.withUnsafeBufferPointer { s in
            for j in 0..<m.columns {
                let column = UnsafeBufferPointer(rebasing: s[(j * n)..<((j + 1) * n)])
                let mean = Summation.compensatedSum(count: n) { column[$0] } / Double(n)
                let variance = Summation.compensatedSum(count: n) { (column[$0] - mean) * (column[$0] - mean) } / Double(n)
                let sd = variance.squareRoot()
                means.append(mean)
                scales.append(sd > 0 && sd.isFinite ? sd : 1)
            }
        }
        return (means, scales)
    }
}

/// `(x − mean)/scale` in the network's scalar type: the one expression
/// training and prediction both use.
@inline(__always)
func standardized<Scalar: NeuralScalar>(_ x: Double, mean: Double, scale: Double) -> Scalar {
    Scalar((x - mean) / scale)
}
