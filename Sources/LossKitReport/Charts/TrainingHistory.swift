import LossKitData
import LossKitModels
import LossKitNumerics

/// The loss after each iteration of an iterative fit (gradient descent, IRLS,
/// coordinate descent), one line per run, optionally on a log y axis.
///
/// Runs longer than 2 000 iterations are thinned to the minimum and maximum of
/// 1 000 buckets, so spikes stay visible. On a log axis values ≤ 0 are skipped
/// and counted.
public struct TrainingHistory: ReportBlock {
    public struct Series: Sendable {
        public var name: String
        /// Iteration numbers; `1...values.count` when nil.
        public var iterations: [Double]?
        public var values: [Double]

        public init(name: String, values: [Double], iterations: [Double]? = nil) {
            self.name = name
            self.values = values
            self.iterations = iterations
        }
    }

    public var title: String?
    public var series: [Series]
    public var yLabel: String
    public var logarithmic: Bool
    public var caption: String?

    public init(title: String? = nil, series: [Series], yLabel: String = "loss", logarithmic: Bool = true, caption: String? = nil) {
        self.title = title
        self.series = series
        self.yLabel = yLabel
        self.logarithmic = logarithmic
        self.caption = caption
    }

    public func html(id: String) -> String {
        var plot = Plot(id: id, xTitle: "iteration", yTitle: logarithmic ? "\(yLabel) (log scale)" : yLabel)
        plot.yKind = logarithmic ? .logarithmic : .linear
        var notes: [String] = []
        for (i, s) in series.enumerated() {
            let x = s.iterations ?? (0..<s.values.count).map { Double($0 + 1) }
            if let note = ChartData.pairingNote("\(s.name): iterations", x.count, "values", s.values.count) { notes.append(note) }
            let line = ChartData.thinLine(x: x, y: s.values)
            plot.layers.append(.line(PlotSeries(name: s.name, x: line.x, y: line.y, style: .series(i))))
        }
        let text = caption ?? "The objective after each iteration. A curve that flattens has converged; "
            + (logarithmic ? "on the log axis a straight descent means linear convergence (the error shrinks by a constant factor per step), and a curve that bends down faster is superlinear. " : "")
            + "A curve that rises or oscillates points to a step size that is too large."
        return Figure(id: id, title: title, panels: [plot.render()], notes: notes, caption: text).html()
    }
}
