import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// The distribution of the residuals as a histogram with Freedman–Diaconis
/// bins, and the normal curve with the residuals' mean and standard deviation.
///
/// Bins as numpy's `histogram_bin_edges(r, bins="fd")`: the Freedman–Diaconis
/// width `h = 2·IQR·n^(−1/3)` (Freedman & Diaconis, 1981; quartiles by linear
/// interpolation) gives `k = ⌈(max − min)/h⌉` equal bins spanning exactly
/// [min, max]. Where numpy would fall back to one bin because the IQR is 0,
/// the width comes from Scott's rule `3.49·s·n^(−1/3)` instead; equal
/// residuals get one bin [r − 0.5, r + 0.5], as in numpy. At most `maxBins`
/// bins (and never more than 10 000) are drawn (a few huge outliers can ask for millions); the chart says
/// when the bins were widened.
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
        if span == .infinity {
            // Finite data whose range overflows (±1e308): bin a quarter of it,
            // exactly (a power of two), and scale the edges back.
            return binEdges(sorted.map { $0 * 0.25 }, maxBins: maxBins).map { ($0.edges.map { $0 * 4 }, $0.capped) }
        }
        if !(span > 0) {
            return ([lo - 0.5, lo + 0.5], false)
        }
        var width = 2 * (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / cbrt(n)
        if !(width > 0) {
            let (_, sd) = meanAndStandardDeviation(sorted)
            width = 3.49 * sd / cbrt(n)
        }
        if !(width > 0) || !width.isFinite { width = span }
        let wanted = (span / width).rounded(.up)
        let limit = min(max(maxBins, 1), 10_000)
        let count = wanted.isFinite ? min(max(Int(saturating: wanted), 1), limit) : limit
        // numpy's linspace(min, max, k + 1): the last edge is exactly max.
        let edges = (0...count).map { $0 == count ? hi : lo + span * (Double($0) / Double(count)) }
        return (edges, wanted > Double(limit))
    }

    /// How many `values` fall in each bin; bins are half-open `[eᵢ, eᵢ₊₁)`
    /// except the last, which includes its right edge (numpy's convention).
    static func counts(_ values: [Double], edges: [Double]) -> [Int] {
        let bins = edges.count - 1
        guard bins > 0 else { return [] }
        var counts = [Int](repeating: 0, count: bins)
        // Halves, so that neither difference overflows when the edges reach ±1e308.
        let lo = edges[0], halfSpan = edges[bins] / 2 - edges[0] / 2
        for v in values where v.isFinite && v >= lo && v <= edges[bins] {
            var k = min(max(Int(saturating: (Double(bins) * ((v / 2 - lo / 2) / halfSpan)).rounded(.down)), 0), bins - 1)
            // The estimate can be off by one where an edge was rounded.
            if k > 0 && v < edges[k] { k -= 1 }
            if k < bins - 1 && v >= edges[k + 1] { k += 1 }
            counts[k] += 1
        }
        return counts
    }

    /// Linear-interpolation quantile of sorted data (numpy `linear`, R type 7).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let i = Int(saturating: h.rounded(.down))
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
            let counts = Self.counts(finite, edges: edges).map(Double.init)
            let width = edges[1] - edges[0]
            plot.layers.append(.bars(edges: edges, heights: counts, style: .series(5), name: "residuals"))
            let (mean, sd) = Self.meanAndStandardDeviation(finite)
            if showsNormalCurve, sd > 0, sd.isFinite, mean.isFinite, finite.count > 1 {
                let lo = edges[0], hi = edges[edges.count - 1]
                let grid = (0...240).map { lo + (hi - lo) * (Double($0) / 240) }
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
