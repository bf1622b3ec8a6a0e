/// How per-sample loss values are combined. One meaning for every loss, metric
/// and model objective in LossKit.
///
/// With sample weights `w`:
/// - `.none`: the per-sample values `wᵢ·ℓᵢ` (unweighted: `ℓᵢ`).
/// - `.sum`:  `Σ wᵢ·ℓᵢ`.
/// - `.mean`: `Σ wᵢ·ℓᵢ / Σ wᵢ` — the weighted mean divides by the **sum of the
///   weights**, never by n. Unweighted, that is `Σ ℓᵢ / n`. This is
///   scikit-learn's `sample_weight` meaning (`np.average`), and the one every
///   LossKit metric and model objective uses. (PyTorch's `weight` arguments and
///   Keras' `sample_weight` with `sum_over_batch_size` divide by n instead.)
///
/// The default everywhere is `.mean`.
public enum Reduction: String, Sendable, CaseIterable, Codable {
    case none
    case sum
    case mean
}

/// What to do with NaN in inputs.
///
/// - `.propagate` (default): a NaN in predictions or targets makes the
///   reduced result NaN (and the element's own value NaN with `.none`), as IEEE
///   arithmetic does; nothing is silently dropped. A NaN *weight* is invalid
///   input under `.propagate` and throws `LossKitError.invalidWeight` (as
///   scikit-learn rejects non-finite `sample_weight`).
/// - `.skip`: samples where the prediction, the target or the weight is NaN are
///   left out, as if not given (`n` and the weight total count only the rest).
///   If every sample is skipped, the reduced result of `.mean` is NaN.
public enum NaNPolicy: String, Sendable, CaseIterable, Codable {
    case propagate
    case skip
}
