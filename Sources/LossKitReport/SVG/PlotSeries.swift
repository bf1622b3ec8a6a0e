import LossKitData
import LossKitModels
import LossKitNumerics

/// One named set of points for a plot layer, in data units.
struct PlotSeries: Sendable {
    var name: String?
    var x: [Double]
    var y: [Double]
    var style: SeriesStyle
    /// Whether the series gets a legend entry (named series only).
    var inLegend: Bool = true
}
