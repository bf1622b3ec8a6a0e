import LossKitData
import LossKitModels
import LossKitNumerics

/// What a `Plot` draws, back to front in the order given.
enum PlotLayer: Sendable {
    /// Points joined by straight segments in the given order; a point that
    /// cannot be drawn (NaN, ±∞, ≤ 0 on a log axis) breaks the line.
    case line(PlotSeries)
    /// Markers at the points; `opacity` in 0…1 for overplotting.
    case scatter(PlotSeries, radius: Double, opacity: Double)
    /// Histogram bars from `edges[i]` to `edges[i + 1]` with height `heights[i]`.
    case bars(edges: [Double], heights: [Double], style: SeriesStyle, name: String?)
    /// The line y = x across the part of the plot where both axes overlap.
    case diagonal(label: String?)
    /// A horizontal reference line at `y`, e.g. zero residual.
    case horizontalRule(y: Double, label: String?)
    /// A vertical marker at `x`, e.g. the chosen regularization strength.
    case verticalRule(x: Double, label: String?, style: SeriesStyle)
    /// Short ticks along the bottom edge at each `x` (a rug plot).
    case rug(x: [Double], name: String?)
    /// Labels drawn next to points, with a white halo.
    case labels([PointLabel], style: SeriesStyle)
}
