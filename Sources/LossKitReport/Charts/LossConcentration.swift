import LossKitData
import LossKitModels
import LossKitNumerics

/// How concentrated the error is: the share of the total squared error
/// carried by the rows with the largest |residuals| (a Lorenz-like curve),
/// against the same curve for the absolute error.
///
/// Rows are sorted by |r| from the largest down; the curve at x% is the share
/// of Σ rᵢ² carried by the first x% of rows. An error spread evenly over the
/// rows follows the diagonal; a curve that shoots up at the left means a few
/// rows carry most of the loss — and an L2 fit is mostly fitting them.
/// Squares are computed as (|r| / max|r|)², so the shares neither overflow nor
/// underflow; sums are compensated.
public struct LossConcentration: ReportBlock {
    public var title: String?
    public var residuals: [Double]
    public var caption: String?

    public init(title: String? = nil, residuals: [Double], caption: String? = nil) {
        self.title = title
        self.residuals = residuals
        self.caption = caption
    }

    /// Summary of the concentration of the finite residuals.
    struct Summary: Equatable {
        /// 0-based row of the largest |r|.
        var largestRow: Int
        /// Share of Σr² carried by the largest |r|.
        var largestSquaredShare: Double
        var largestAbsoluteShare: Double
        /// Rows in the top 1% (at least 1) and their shares.
        var topOnePercentCount: Int
        var topOnePercentSquaredShare: Double
        var topOnePercentAbsoluteShare: Double
        /// Smallest share of rows carrying at least half of Σr².
        var rowsForHalfSquaredShare: Double
    }

    /// Cumulative shares after the k largest |r|, k = 0…n, and the summary.
    /// Nil when there is no finite nonzero residual.
    static func curves(_ residuals: [Double]) -> (squared: [Double], absolute: [Double], rows: [Int], summary: Summary)? {
        // (|r|, row) pairs sort faster than row indices compared through the array.
        var pairs: [(magnitude: Double, row: Int)] = []
        pairs.reserveCapacity(residuals.count)
        for (i, r) in residuals.enumerated() where r.isFinite { pairs.append((abs(r), i)) }
        pairs.sort { $0.magnitude > $1.magnitude || ($0.magnitude == $1.magnitude && $0.row < $1.row) }
        guard let first = pairs.first?.row, pairs[0].magnitude > 0 else { return nil }
        let rows = pairs.map(\.row)
        let scale = pairs[0].magnitude
        let a = pairs.map { $0.magnitude / scale }
        let totalSquared = Summation.compensatedSum(count: a.count) { a[$0] * a[$0] }
        let totalAbsolute = Summation.compensatedSum(count: a.count) { a[$0] }
        var squared = [0.0], absolute = [0.0]
        squared.reserveCapacity(a.count + 1); absolute.reserveCapacity(a.count + 1)
        var s = 0.0, cs = 0.0, t = 0.0, ct = 0.0
        for v in a {
            // Kahan-compensated running sums keep the curve's tail exact enough to reach 100%.
            let y1 = v * v - cs; let s1 = s + y1; cs = (s1 - s) - y1; s = s1
            let y2 = v - ct; let t1 = t + y2; ct = (t1 - t) - y2; t = t1
            squared.append(min(s / totalSquared, 1))
            absolute.append(min(t / totalAbsolute, 1))
        }
        let n = a.count
        let k = max(1, Int(saturating: (Double(n) * 0.01).rounded(.up)))
        let half = squared.firstIndex { $0 >= 0.5 } ?? n
        let summary = Summary(
            largestRow: first,
            largestSquaredShare: squared[1], largestAbsoluteShare: absolute[1],
            topOnePercentCount: k, topOnePercentSquaredShare: squared[k], topOnePercentAbsoluteShare: absolute[k],
            rowsForHalfSquaredShare: Double(half) / Double(n))
        return (squared, absolute, rows, summary)
    }

    /// The sentence under the chart, e.g. "The largest residual (row 17)
    /// carries 62% of the squared error …".
    static func sentence(_ s: Summary, rowCount: Int) -> String {
        var text = "The largest residual (row \(s.largestRow + 1)) carries \(NumberText.percent(s.largestSquaredShare)) of the squared error"
            + " but only \(NumberText.percent(s.largestAbsoluteShare)) of the absolute error."
        if s.topOnePercentCount > 1 {
            text += " The top 1% (\(NumberText.count(s.topOnePercentCount)) rows) carry \(NumberText.percent(s.topOnePercentSquaredShare)) of the squared error."
        }
        text += " Half of the squared error comes from \(NumberText.percent(s.rowsForHalfSquaredShare)) of the \(NumberText.count(rowCount)) rows."
        return text
    }

    public func html(id: String) -> String {
        var plot = Plot(id: id, xTitle: "share of rows, largest |residual| first (%)", yTitle: "share of total error (%)")
        plot.xDomain = -1.5...101.5
        plot.yDomain = -1.5...101.5
        plot.emptyMessage = "All residuals are zero (or none is finite): there is no error to share out."
        var notes = [ChartData.skippedNote(ChartData.nonFiniteCount(residuals), what: "residual")].compactMap { $0 }
        var text = caption
        if let (squared, absolute, _, summary) = Self.curves(residuals) {
            let n = squared.count - 1
            // At most ~1 000 points per curve: every k for the first rows (where the curve bends), then a grid.
            var ks = Array(0...min(n, 50))
            if n > 50 {
                let step = max(1, (n - 50) / 950)
                ks += stride(from: 50 + step, to: n, by: step)
                ks.append(n)
            }
            let x = ks.map { 100 * Double($0) / Double(n) }
            plot.layers.append(.line(PlotSeries(name: "squared error (L2)", x: x, y: ks.map { 100 * squared[$0] }, style: .series(0))))
            plot.layers.append(.line(PlotSeries(name: "absolute error (L1)", x: x, y: ks.map { 100 * absolute[$0] }, style: .series(1))))
            plot.layers.append(.line(PlotSeries(name: "error spread evenly", x: [0, 100], y: [0, 100], style: .reference)))
            if text == nil {
                text = Self.sentence(summary, rowCount: n)
                    + " Rows are sorted by |residual|, largest first; the curves climb by each row's share. The further a curve bows above the diagonal, the fewer rows the loss listens to."
            }
            if n < residuals.count, notes.isEmpty { notes.append("\(residuals.count - n) non-finite residuals were left out.") }
        }
        return Figure(id: id, title: title, panels: [plot.render()], notes: notes, caption: text).html()
    }
}
