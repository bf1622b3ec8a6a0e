import LossKitData
import LossKitModels
import LossKitNumerics

/// The data of one feature as a scatter plot, with several fitted lines on top:
/// one per model or loss ("L2 (OLS)", "L1", "Huber"), so you can see which
/// points pull which fit.
///
/// ```swift
/// ScatterWithLines(xLabel: "rooms", yLabel: "price", x: rooms, y: price, lines: [
///     .init(name: "L2 (OLS)", over: 3...9) { ols.intercept + ols.slope * $0 },
///     .init(name: "Huber", x: grid, y: huberPredictions),
/// ])
/// ```
///
/// Points with NaN or ±∞ are skipped and counted in a note; more than
/// `pointLimit` points are replaced by a fixed random sample (the lines are not
/// sampled). Lines are drawn in increasing x.
public struct ScatterWithLines: ReportBlock {
    /// A fitted curve evaluated on an x grid.
    public struct Line: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// A half-width drawn as two thin dashed lines at `y ± band` in the
        /// line's colour (an SVR's ε tube); nil for none.
        public var band: Double?

        public init(name: String, x: [Double], y: [Double], band: Double? = nil) {
            self.name = name
            self.x = x
            self.y = y
            self.band = band
        }

        /// Evaluates `function` at `count` evenly spaced points of `range`
        /// (`count` is kept within 2…100 000).
        public init(name: String, over range: ClosedRange<Double>, count: Int = 200, band: Double? = nil,
                    _ function: (Double) -> Double) {
            let n = min(max(count, 2), 100_000)
            let step = (range.upperBound - range.lowerBound) / Double(n - 1)
            let x = (0..<n).map { range.lowerBound + Double($0) * step }
            self.init(name: name, x: x, y: x.map(function), band: band)
        }
    }

    public var title: String?
    public var xLabel: String
    public var yLabel: String
    public var x: [Double]
    public var y: [Double]
    public var lines: [Line]
    /// What the chart shows and how to read it; a default is used when nil.
    public var caption: String?
    /// More markers than this are replaced by a deterministic sample.
    public var pointLimit: Int

    public init(title: String? = nil, xLabel: String, yLabel: String, x: [Double], y: [Double],
                lines: [Line] = [], caption: String? = nil, pointLimit: Int = 5_000) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.y = y
        self.lines = lines
        self.caption = caption
        self.pointLimit = pointLimit
    }

    public func html(id: String) -> String {
        let points = ChartData.sample(x: x, y: y, limit: pointLimit)
        var plot = Plot(id: id, xTitle: xLabel, yTitle: yLabel)
        plot.layers.append(.scatter(PlotSeries(name: "data", x: points.x, y: points.y, style: .data), radius: 2.6, opacity: 0.55))
        for (i, line) in lines.enumerated() {
            let order = zip(line.x, line.y).sorted { $0.0 < $1.0 }
            plot.layers.append(.line(PlotSeries(name: line.name, x: order.map(\.0), y: order.map(\.1), style: .series(i))))
            if let band = line.band, band > 0, band.isFinite {
                let style = SeriesStyle(color: SeriesStyle.series(i).color, dash: "3 3", marker: .circle)
                for offset in [band, -band] {
                    plot.layers.append(.line(PlotSeries(name: nil, x: order.map(\.0), y: order.map { $0.1 + offset },
                                                        style: style, inLegend: false)))
                }
            }
        }
        let notes = [ChartData.pairingNote("x", x.count, "y", y.count), points.note].compactMap { $0 }
        return Figure(id: id, title: title, panels: [plot.render()], notes: notes, caption: caption ?? defaultCaption).html()
    }

    private var defaultCaption: String {
        lines.count > 1
            ? "Each grey dot is one row; each line is one model's prediction across \(xLabel). Where the lines part, the losses weigh the points differently — usually because a few points lie far from the rest: L2 bends towards them, robust losses do not."
            : "Each grey dot is one row; the line is the model's prediction across \(xLabel). The vertical distance from a dot to the line is its residual."
    }
}
