/// An objective that is an average over samples, `f(x) = (1/N) Σᵢ fᵢ(x) + R(x)`,
/// which the stochastic optimizers (mini-batch SGD, Adam, AdamW) minimize one
/// batch at a time.
///
/// **Contract.** `valueAndGradient(at:batch:gradient:)` returns the mean of
/// `fᵢ(x)` over the sample indices in `batch` plus the regularizer `R(x)`, and
/// writes the matching gradient into `gradient` (count `dimension`, never
/// resized). The indices are 0-based rows in `0..<sampleCount`; a batch may
/// hold any of them in any order. Weighted samples are the conformer's
/// business: with weights `wᵢ`, the "mean" is `Σ wᵢ fᵢ / Σ wᵢ` over the batch,
/// the meaning sample weights have everywhere in LossKit.
///
/// Every stochastic objective is also a full-batch objective (the batch of
/// all samples), so the deterministic optimizers can run on it too.
public protocol StochasticObjective: DifferentiableObjective {
    /// N, the number of samples.
    var sampleCount: Int { get }

    /// The batch mean of `fᵢ(x)` plus `R(x)`, and its gradient.
    func valueAndGradient(at x: [Double], batch: ArraySlice<Int>, gradient: inout [Double]) -> Double
}

extension StochasticObjective {
    /// The full objective: the batch of every sample.
    public func valueAndGradient(at x: [Double], gradient: inout [Double]) -> Double {
        valueAndGradient(at: x, batch: Array(0..<sampleCount)[...], gradient: &gradient)
    }
}
