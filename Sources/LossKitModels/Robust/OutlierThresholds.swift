import LossKitData
import LossKitNumerics

/// The cut-offs `OutlierDiagnostics` and `L2Verdict` use. Defaults are the
/// textbook screening rules; every one is a plain stored property.
public struct OutlierThresholds: Sendable, Equatable {
    /// A row is an **outlier** when `|tᵢ*| >` this (externally studentized
    /// residual; default 3). Under normal errors `P(|t*| > 3) ≈ 0.3 %`, so
    /// in large samples a few rows pass by chance: the verdict therefore asks
    /// for the combination with influence or with a coefficient shift.
    public var studentizedResidual: Double = 3
    /// A row is **influential** when Cook's distance `Dᵢ > cooksDistanceFactor / n` (default 4/n).
    public var cooksDistanceFactor: Double = 4
    /// A row has **high leverage** when `hᵢᵢ > leverageFactor · p / n` (default 2p/n;
    /// reported, not used by the verdict on its own).
    public var leverageFactor: Double = 2
    /// "watch" when a row's leverage is at least this (default 0.99): that row
    /// alone fixes part of the fit (at `hᵢ = 1` its residual is 0 whatever
    /// its y), so no residual-based check — nor any loss — can question it.
    public var dominantLeverage: Double = 0.99
    /// "switch" when the largest residual carries more than this share of the
    /// squared error (default 0.5).
    public var topShareOfSquaredError: Double = 0.5
    /// "switch" when Huber's fit moves the slopes by more than this relative
    /// amount (default 0.10) and some row is an outlier or influential.
    public var coefficientShift: Double = 0.10
    /// Recommend L1 instead of Huber when more than this fraction of rows lie
    /// beyond 3 robust scales of Huber's fit (default 0.10).
    public var heavyContamination: Double = 0.10

    public init() {}
}
