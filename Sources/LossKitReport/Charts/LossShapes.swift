import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// Loss functions ℓ(r) and their derivatives ℓ′(r) side by side, with the
/// data's residuals as a rug on the r axis, so you can see which residuals
/// each loss punishes and how hard each residual pulls on the fit.
///
/// The closures are evaluated once, when the block is created (241 points of
/// `range`, plus once per residual for the caption's shares); the block
/// stores only numbers. The derivative is taken with respect to the residual
/// r = y − ŷ (the gradient with respect to the prediction is its negative).
public struct LossShapes: ReportBlock {
    /// A named loss given as closures of the residual.
    public struct Loss {
        public var name: String
        public var value: (Double) -> Double
        public var derivative: ((Double) -> Double)?

        public init(name: String, value: @escaping (Double) -> Double, derivative: ((Double) -> Double)? = nil) {
            self.name = name
            self.value = value
            self.derivative = derivative
        }
    }

    struct Curve: Sendable {
        var name: String
        var values: [Double]
        var derivatives: [Double]?
        /// Share of Σℓ(rᵢ) carried by the `topCount` largest |rᵢ|.
        var topShare: Double?
    }

    public var title: String?
    public var caption: String?
    let grid: [Double]
    let curves: [Curve]
    let residuals: [Double]
    let topCount: Int

    /// - Parameters:
    ///   - title: the figure's heading; none by default.
    ///   - losses: the losses to draw, one color each; their derivative panel
    ///     is drawn when at least one has a derivative.
    ///   - range: residuals to draw; by default ±1.1·max|r| of the finite
    ///     residuals (±3 without residuals).
    ///   - residuals: the data's residuals, drawn as a rug; also used for the
    ///     caption's sentence on how much of each loss the largest 1% carry.
    ///   - caption: the text under the figure; by default a caption that says
    ///     how to read the panels and the rug.
    public init(title: String? = nil, losses: [Loss], range: ClosedRange<Double>? = nil,
                residuals: [Double] = [], caption: String? = nil) {
        self.title = title
        self.caption = caption
        let finite = ChartData.finite(residuals)
        // 1.1 × 1e308 would be +∞: the reach stays finite after the margin.
        let reach = Swift.min(finite.map(abs).max() ?? 0, Double.greatestFiniteMagnitude / 1.1)
        let r = range ?? (reach > 0 ? (-1.1 * reach)...(1.1 * reach) : -3...3)
        // Interpolated, not lower + span × t: the span of ±1e308 overflows.
        let grid = (0...240).map { i -> Double in
            let t = Double(i) / 240
            return r.lowerBound * (1 - t) + r.upperBound * t
        }
        self.grid = grid
        self.residuals = residuals
        let k = finite.isEmpty ? 0 : max(1, Int(saturating: (Double(finite.count) * 0.01).rounded(.up)))
        topCount = k
        let order = finite.map { (abs($0), $0) }.sorted { $0.0 > $1.0 }.map(\.1)
        curves = losses.map { loss in
            var share: Double?
            if k > 0 {
                let values = order.map(loss.value)
                let total = Summation.compensatedSum(count: values.count) { values[$0] }
                let top = Summation.compensatedSum(count: k) { values[$0] }
                if total > 0, total.isFinite { share = top / total }
            }
            return Curve(name: loss.name, values: grid.map(loss.value), derivatives: loss.derivative.map { grid.map($0) }, topShare: share)
        }
    }

    public func html(id: String) -> String {
        let rug = ChartData.sample(x: residuals, y: residuals, limit: Downsampling.defaultLimit)
        let hasDerivatives = curves.contains { $0.derivatives != nil }
        var valuePlot = Plot(id: "\(id)-value", xTitle: "residual r", yTitle: "loss ℓ(r)", width: hasDerivatives ? 450 : 900, height: 360)
        var slopePlot = Plot(id: "\(id)-slope", xTitle: "residual r", yTitle: "ℓ′(r): pull on the fit", width: 450, height: 360)
        slopePlot.yIncludesZero = true
        for (i, curve) in curves.enumerated() {
            valuePlot.layers.append(.line(PlotSeries(name: curve.name, x: grid, y: curve.values, style: .series(i))))
            if let d = curve.derivatives {
                slopePlot.layers.append(.line(PlotSeries(name: curve.name, x: grid, y: d, style: .series(i))))
            }
        }
        if !residuals.isEmpty {
            valuePlot.layers.append(.rug(x: rug.x, name: "residuals of the data"))
            slopePlot.layers.append(.rug(x: rug.x, name: "residuals of the data"))
        }
        let panels = Plot.renderAligned(hasDerivatives ? [valuePlot, slopePlot] : [valuePlot])
        var notes: [String] = []
        if let note = rug.note { notes.append("Rug: " + note) }
        return Figure(id: id, title: title, panels: panels, notes: notes, caption: caption ?? defaultCaption, sideBySide: true).html()
    }

    var defaultCaption: String {
        var text = "Left: how much each loss charges for a residual r. "
        if curves.contains(where: { $0.derivatives != nil }) {
            text += "Right: its derivative, the pull a residual exerts on the fit — unbounded and growing for L2, capped for Huber and L1. "
        }
        if !residuals.isEmpty { text += "Ticks along the r axis are the data's residuals. " }
        let shares = curves.compactMap { c in c.topShare.map { "\(NumberText.percent($0)) of the \(c.name) loss" } }
        if !shares.isEmpty {
            let who = topCount == 1 ? "the largest residual carries" : "the \(topCount) largest residuals (1%) carry"
            text += "With these residuals, \(who) " + Self.list(shares) + "."
        }
        return text
    }

    static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        if items.count == 1 { return last }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }
}
