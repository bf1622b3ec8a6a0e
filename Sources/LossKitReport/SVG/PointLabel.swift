import LossKitData
import LossKitModels
import LossKitNumerics

/// A text label attached to a data point (e.g. the row number of an outlier).
struct PointLabel: Sendable {
    var x: Double
    var y: Double
    var text: String
}
