import LossKitData
import LossKitModels
import LossKitNumerics

/// Predicted against actual values for one or more models, with the diagonal
/// y = x where a perfect model's points would lie.
///
/// The x axis is the actual value y, the y axis the prediction ŷ; both axes
/// share one domain so the diagonal is a true 45° reference in data units.
/// A point below the diagonal is under-predicted (ŷ < y, residual r = y − ŷ > 0).
/// Several series are drawn as small multiples (one panel each, two per row,
/// all on the same axes) or overlaid in one panel.
public struct PredictedVsActual: ReportBlock {
    public struct Series: Sendable {
        public var name: String
        public var actual: [Double]
        public var predicted: [Double]

        public init(name: String, actual: [Double], predicted: [Double]) {
            self.name = name
            self.actual = actual
            self.predicted = predicted
        }
    }

    public enum Layout: Sendable {
        /// One panel per series, same axes: easiest to compare when the models are close.
        case smallMultiples
        /// All series in one panel, told apart by colour and marker shape.
        case overlay
    }

    public var title: String?
    public var series: [Series]
    public var layout: Layout
    public var caption: String?
    /// At most this many markers per series; more are sampled deterministically.
    public var pointLimit: Int

    public init(title: String? = nil, series: [Series], layout: Layout = .smallMultiples, caption: String? = nil, pointLimit: Int = 5_000) {
        self.title = title
        self.series = series
        self.layout = layout
        self.caption = caption
        self.pointLimit = pointLimit
    }

    public func html(id: String) -> String {
        var notes: [String] = []
        var extent = Extent()
        var layers: [PlotLayer] = []
        for (i, s) in series.enumerated() {
            let points = ChartData.sample(x: s.actual, y: s.predicted, limit: pointLimit)
            if let note = ChartData.pairingNote("\(s.name): actual", s.actual.count, "predicted", s.predicted.count) { notes.append(note) }
            if let note = points.note { notes.append("\(s.name): \(note)") }
            for (a, p) in zip(points.x, points.y) where a.isFinite && p.isFinite { extent.add(a); extent.add(p) }
            layers.append(.scatter(PlotSeries(name: s.name, x: points.x, y: points.y, style: .series(i)), radius: 3, opacity: 0.6))
        }
        // One padded domain for every panel and both axes.
        var domain: ClosedRange<Double>?
        if extent.lower <= extent.upper {
            let pad = extent.upper > extent.lower ? 0.04 * (extent.upper - extent.lower) : max(abs(extent.lower) * 0.1, 1)
            domain = (extent.lower - pad)...(extent.upper + pad)
        }
        func plot(_ suffix: String, _ data: [PlotLayer], width: Double, height: Double) -> Plot {
            var p = Plot(id: "\(id)-\(suffix)", xTitle: "actual y", yTitle: "predicted ŷ", width: width, height: height)
            p.sharedDomain = true
            p.xDomain = domain
            p.yDomain = domain
            p.layers = [.diagonal(label: "ŷ = y")] + data
            return p
        }
        let panels: [Plot.Rendering]
        if layout == .smallMultiples && series.count > 1 {
            panels = Plot.renderAligned(layers.enumerated().map { plot("\($0.offset + 1)", [$0.element], width: 450, height: 440) })
        } else {
            panels = [plot("all", layers, width: 640, height: 560).render()]
        }
        return Figure(id: id, title: title, panels: panels, notes: notes, caption: caption ?? Self.defaultCaption,
                      sideBySide: true).html()
    }

    static let defaultCaption = "Each point is one row: its actual value across, its prediction up. A perfect model puts every point on the dashed diagonal; the vertical distance to it is the error. Points below the diagonal are under-predicted, points above it over-predicted. A cloud flatter than the diagonal means the model shrinks towards the mean."
}
