import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// Ridge regularization at a glance: each coefficient against α (log axis),
/// and the cross-validation error against α with the chosen α marked.
///
/// `coefficients[j].values[i]` is coefficient j fitted with `alphas[i]`;
/// `cvError[i]` the CV error (e.g. leave-one-out MSE) at `alphas[i]`. Values
/// at α ≤ 0 cannot be placed on the log axis and are skipped with a note.
public struct RidgePath: ReportBlock {
    public struct Coefficient: Sendable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String?
    public var alphas: [Double]
    public var coefficients: [Coefficient]
    public var cvError: [Double]?
    public var cvLabel: String
    public var chosenAlpha: Double?
    public var caption: String?

    public init(title: String? = nil, alphas: [Double], coefficients: [Coefficient], cvError: [Double]? = nil,
                cvLabel: String = "LOO MSE", chosenAlpha: Double? = nil, caption: String? = nil) {
        self.title = title
        self.alphas = alphas
        self.coefficients = coefficients
        self.cvError = cvError
        self.cvLabel = cvLabel
        self.chosenAlpha = chosenAlpha
        self.caption = caption
    }

    public func html(id: String) -> String {
        let twoPanels = cvError != nil
        let order = alphas.indices.sorted { alphas[$0] < alphas[$1] }
        let x = order.map { alphas[$0] }
        var path = Plot(id: "\(id)-path", xTitle: "α (log scale)", yTitle: "coefficient", width: twoPanels ? 450 : 900, height: 380)
        path.xKind = .logarithmic
        path.yIncludesZero = true
        var notes: [String] = []
        for (j, c) in coefficients.enumerated() {
            if let note = ChartData.pairingNote("coefficient \(c.name)", c.values.count, "alphas", alphas.count) { notes.append(note) }
            let y = order.map { $0 < c.values.count ? c.values[$0] : .nan }
            path.layers.append(.line(PlotSeries(name: c.name, x: x, y: y, style: .series(j))))
        }
        path.layers.append(.horizontalRule(y: 0, label: nil))
        let chosenLabel = chosenAlpha.map { "α = " + NumberText.significant($0, digits: 3) }
        if let a = chosenAlpha { path.layers.append(.verticalRule(x: a, label: chosenLabel, style: .reference)) }
        var plots = [path]
        if let cv = cvError {
            var curve = Plot(id: "\(id)-cv", xTitle: "α (log scale)", yTitle: cvLabel, width: 450, height: 380)
            curve.xKind = .logarithmic
            if let note = ChartData.pairingNote(cvLabel, cv.count, "alphas", alphas.count) { notes.append(note) }
            let y = order.map { $0 < cv.count ? cv[$0] : .nan }
            curve.layers.append(.line(PlotSeries(name: cvLabel, x: x, y: y, style: .series(0))))
            curve.layers.append(.scatter(PlotSeries(name: nil, x: x, y: y, style: .series(0)), radius: 2.5, opacity: 1))
            if let a = chosenAlpha { curve.layers.append(.verticalRule(x: a, label: chosenLabel.map { $0 + " (chosen)" }, style: .highlight)) }
            plots.append(curve)
        }
        let panels = Plot.renderAligned(plots)
        let text = caption ?? "Left: each coefficient as the penalty α grows; all shrink towards zero, and coefficients that swing or cross zero early are the ones the data pins down least (often correlated features). "
            + (twoPanels ? "Right: the cross-validated error at each α; the chosen α is at its minimum. Too small an α overfits (error rises on the left), too large underfits (error rises on the right)." : "")
        return Figure(id: id, title: title, panels: panels, notes: notes, caption: text, sideBySide: true).html()
    }
}
