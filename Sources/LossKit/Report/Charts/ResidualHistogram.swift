import Foundation

/// The distribution of the residuals as a histogram with Freedman–Diaconis
/// bins, and the normal curve with the residuals' mean and standard deviation.
///
/// Bin width `h = 2·IQR·n^(−1/3)` (Freedman & Diaconis, 1981), quartiles by
/// linear interpolation (numpy's default). When the IQR is 0 the width falls
/// back to Scott's `3.49·s·n^(−1/3)`, and when all residuals are equal to a
/// single bin. At most `maxBins` bins are drawn (a few huge outliers would
/// otherwise ask for millions); the chart says when the width was widened.
public struct ResidualHistogram: ReportBlock {
    public var title: String?
    public var residuals: [Double]
    public var showsNormalCurve: Bool
    public var maxBins: Int
    public var caption: String?

    public init(title: String? = nil, residuals: [Double], showsNormalCurve: Bool = true, maxBins: Int = 120, caption: String? = nil) {
        self.title = title
        self.residuals = residuals
        self.showsNormalCurve = showsNormalCurve
        self.maxBins = maxBins
        self.caption = caption
    }

    /// Bin edges for `values` (finite, any order). Returns nil for no values.
    /// - Complexity: O(n log n) for the quartiles.
    static func binEdges(_ values: [Double], maxBins: Int) -> (edges: [Double], capped: Bool)? {
        let sorted = values.filter(\.isFinite).sorted()
        guard let lo = sorted.first, let hi = sorted.last else { return nil }
        let n = Double(sorted.count)
        let span = hi - lo
        if !(span > 0) || !span.isFinite {
            let half = lo == 0 ? 0.5 : abs(lo) * 0.05
            return ([lo - half, lo + half], false)
        }
        var width = 2 * (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / cbrt(n)
        if !(width > 0) {
            let (_, sd) = meanAndStandardDeviation(sorted)
            width = 3.49 * sd / cbrt(n)
        }
        if !(width > 0) || !width.isFinite { width = span }
        var count = Int((span / width).rounded(.up))
        var capped = false
        let limit = max(maxBins, 1)
        if count > limit || count < 1 {
            capped = count > limit
            count = min(max(count, 1), limit)
            width = span / Double(count)
        }
        // Centre the bins on the data range.
        let start = lo - (Double(count) * width - span) / 2
        return ((0...count).map { start + Double($0) * width }, capped)
    }

    /// Linear-interpolation quantile of sorted data (numpy `linear`, R type 7).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let i = Int(h.rounded(.down))
        let j = min(i + 1, sorted.count - 1)
        return sorted[i] + (h - Double(i)) * (sorted[j] - sorted[i])
    }

    /// Mean and sample standard deviation (n − 1), by Welford's update.
    static func meanAndStandardDeviation(_ values: [Double]) -> (mean: Double, sd: Double) {
        var mean = 0.0, m2 = 0.0, k = 0.0
        for v in values {
            k += 1
            let d = v - mean
            mean += d / k
            m2 += d * (v - mean)
        }
        return (mean, k > 1 ? (m2 / (k - 1)).squareRoot() : 0)
    }

    public func html(id: String) -> String {
        let finite = ChartData.finite(residuals)
        var notes = [ChartData.skippedNote(residuals.count - finite.count, what: "residual")].compactMap { $0 }
        var plot = Plot(id: id, xTitle: "residual r = y − ŷ", yTitle: "number of rows")
        plot.yStartsAtZero = true
        plot.emptyMessage = "No finite residuals to plot."
        var text = caption
        if let (edges, capped) = Self.binEdges(finite, maxBins: maxBins) {
            var counts = [Double](repeating: 0, count: edges.count - 1)
            let width = edges[1] - edges[0]
            for v in finite {
                let k = min(max(Int(((v - edges[0]) / width).rounded(.down)), 0), counts.count - 1)
                counts[k] += 1
            }
            plot.layers.append(.bars(edges: edges, heights: counts, style: .series(5), name: "residuals"))
            let (mean, sd) = Self.meanAndStandardDeviation(finite)
            if showsNormalCurve, sd > 0, finite.count > 1 {
                let lo = edges.first!, hi = edges.last!
                let grid = (0...240).map { lo + (hi - lo) * Double($0) / 240 }
                let scale = Double(finite.count) * width / (sd * (2 * Double.pi).squareRoot())
                let curve = grid.map { x -> Double in let z = (x - mean) / sd; return scale * exp(-0.5 * z * z) }
                plot.layers.append(.line(PlotSeries(name: "normal, same mean and sd", x: grid, y: curve, style: .series(1))))
            }
            if capped {
                notes.append("The Freedman–Diaconis rule asked for more than \(maxBins) bins (a few residuals lie very far out); the bins were widened to \(maxBins) over the full range.")
            }
            if text == nil {
                text = "Bars count the rows whose residual falls in each bin (width \(NumberText.significant(width, digits: 3)), Freedman–Diaconis rule). "
                    + (showsNormalCurve && sd > 0
                       ? "The curve is the normal distribution with the residuals' mean (\(NumberText.significant(abs(mean) < 1e-9 * sd ? 0 : mean, digits: 3))) and standard deviation (\(NumberText.significant(sd, digits: 3))), scaled to the same area. "
                        + "Bars above the curve far from zero are heavier tails than a normal model expects: that is where L2 — the right loss for normal errors — is pulled hardest, and where a robust loss helps."
                       : "")
            }
        }
        return Figure(id: id, title: title, panels: [plot.render()], notes: notes, caption: text).html()
    }
}
