import LossKitData
import LossKitModels
import LossKitNumerics

/// Residuals r = y − ŷ against the fitted values ŷ, with the zero line, and
/// the `highlightCount` largest |r| marked and labelled with their row.
///
/// The highlighted rows are found among all finite residuals, before any
/// sampling, so an outlier is never sampled away.
public struct ResidualsVsFitted: ReportBlock {
    public var title: String?
    public var fitted: [Double]
    public var residuals: [Double]
    /// How many of the largest |residuals| to mark and label (0 for none).
    public var highlightCount: Int
    /// Labels of the rows, parallel to `residuals`; when nil a highlighted
    /// point is labelled with its 1-based row number ("#17").
    public var rowLabels: [String]?
    public var caption: String?
    public var pointLimit: Int

    public init(title: String? = nil, fitted: [Double], residuals: [Double], highlightCount: Int = 0,
                rowLabels: [String]? = nil, caption: String? = nil, pointLimit: Int = 5_000) {
        self.title = title
        self.fitted = fitted
        self.residuals = residuals
        self.highlightCount = highlightCount
        self.rowLabels = rowLabels
        self.caption = caption
        self.pointLimit = pointLimit
    }

    /// Row indices (0-based) of the `k` largest finite |residuals| (with a
    /// finite fitted value), largest first; ties keep the earlier row.
    /// - Complexity: O(n·log k) comparisons for random data, one pass.
    static func largest(_ k: Int, of residuals: [Double], fitted: [Double]) -> [Int] {
        let n = min(residuals.count, fitted.count)
        guard k > 0 else { return [] }
        // A sorted list of the best k so far; a newcomer must beat the last
        // strictly, so among equal |r| the earlier row stays.
        var top: [(magnitude: Double, row: Int)] = []
        top.reserveCapacity(k + 1)
        for i in 0..<n where residuals[i].isFinite && fitted[i].isFinite {
            let a = abs(residuals[i])
            if top.count == k, let last = top.last, !(a > last.magnitude) { continue }
            var lo = 0, hi = top.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if top[mid].magnitude >= a { lo = mid + 1 } else { hi = mid }
            }
            top.insert((a, i), at: lo)
            if top.count > k { top.removeLast() }
        }
        return top.map(\.row)
    }

    public func html(id: String) -> String {
        let n = min(fitted.count, residuals.count)
        let top = Self.largest(highlightCount, of: residuals, fitted: fitted)
        var isTop = [Bool](repeating: false, count: n)
        for i in top { isTop[i] = true }
        let rest = (0..<n).filter { !isTop[$0] }
        let points = ChartData.sample(x: rest.map { fitted[$0] }, y: rest.map { residuals[$0] }, limit: pointLimit)

        var plot = Plot(id: id, xTitle: "fitted value ŷ", yTitle: "residual r = y − ŷ")
        plot.yIncludesZero = true
        plot.layers.append(.horizontalRule(y: 0, label: nil))
        plot.layers.append(.scatter(PlotSeries(name: top.isEmpty ? nil : "residuals", x: points.x, y: points.y, style: .series(0)),
                                    radius: 2.8, opacity: 0.55))
        if !top.isEmpty {
            let name = top.count == 1 ? "largest |r|" : "\(top.count) largest |r|"
            plot.layers.append(.scatter(PlotSeries(name: name, x: top.map { fitted[$0] }, y: top.map { residuals[$0] }, style: .highlight),
                                        radius: 4.5, opacity: 0.9))
            let labels = top.map { i in
                PointLabel(x: fitted[i], y: residuals[i], text: rowLabels.flatMap { i < $0.count ? $0[i] : nil } ?? "#\(i + 1)")
            }
            plot.layers.append(.labels(labels, style: .highlight))
        }
        var notes = [ChartData.pairingNote("fitted", fitted.count, "residuals", residuals.count), points.note].compactMap { $0 }
        if !top.isEmpty, rowLabels == nil { notes.append("Labels are 1-based row numbers.") }
        return Figure(id: id, title: title, panels: [plot.render()], notes: notes, caption: caption ?? Self.defaultCaption).html()
    }

    static let defaultCaption = "Each point is one row: its prediction across, its error up. A good fit leaves a structureless band around the zero line. A funnel that widens to one side means the error variance changes with the prediction (heteroscedasticity); a curve means a missing nonlinear term; isolated points far from the band are outliers, and L2 pulls the fit towards them with a force proportional to their distance."
}
