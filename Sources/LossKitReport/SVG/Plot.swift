import Foundation
import LossKitData
import LossKitModels
import LossKitNumerics

/// A single x–y plot rendered to an inline `<svg>` element: frame, gridlines,
/// nice ticks, axis titles, legend, and the data layers clipped to the plot
/// area. Charts build one (or two, side by side) and add their own caption.
///
/// Points that cannot be drawn — NaN, ±∞, or ≤ 0 on a log axis — are skipped
/// and counted in `Rendering.notes`; with nothing left to draw the plot shows a
/// message instead of empty axes.
struct Plot: Sendable {
    /// Unique in the document; prefixes the clip path's id.
    var id: String
    var xTitle: String
    var yTitle: String
    var width: Double = 900
    var height: Double = 400
    var xKind: AxisScale.Kind = .linear
    var yKind: AxisScale.Kind = .linear
    var xIncludesZero = false
    var yIncludesZero = false
    /// Start the y axis exactly at 0 (counts).
    var yStartsAtZero = false
    /// Use one domain for both axes (predicted vs actual).
    var sharedDomain = false
    /// Fixed domains (linear axes), instead of the padded data range.
    var xDomain: ClosedRange<Double>?
    var yDomain: ClosedRange<Double>?
    var layers: [PlotLayer] = []
    /// Space reserved above the plot area for the legend, at least; panels
    /// shown side by side use the same value so their frames line up.
    var minimumLegendHeight = 0.0
    /// Shown in place of the plot when no point can be drawn.
    var emptyMessage = "No finite data to plot."

    struct Rendering {
        var svg: String
        /// Sentences about what was skipped, to print under the chart.
        var notes: [String]
        var isEmpty: Bool
        /// Height used by the legend above the plot area.
        var legendHeight = 0.0
    }

    /// Renders panels meant to sit side by side, with their plot areas at the
    /// same height (the tallest legend decides).
    static func renderAligned(_ plots: [Plot]) -> [Rendering] {
        let first = plots.map { $0.render() }
        let tallest = first.map(\.legendHeight).max() ?? 0
        return zip(plots, first).map { plot, rendering in
            guard rendering.legendHeight < tallest, !rendering.isEmpty else { return rendering }
            var aligned = plot
            aligned.minimumLegendHeight = tallest
            return aligned.render()
        }
    }

    // Layout constants, in SVG user units (≈ CSS px at 900 wide).
    static let tickFont = 12.0
    static let titleFont = 13.0
    static let charWidth = 0.6 // × font size, a safe average for sans-serif digits and letters

    func render() -> Rendering {
        var notes: [String] = []
        var skippedNonFinite = 0
        var skippedNonPositiveX = 0
        var skippedNonPositiveY = 0
        func usable(_ v: Double, _ kind: AxisScale.Kind) -> Bool {
            if !v.isFinite { return false }
            if kind == .logarithmic && v <= 0 { return false }
            return true
        }
        func countSkip(_ x: Double, _ y: Double) {
            if !x.isFinite || !y.isFinite { skippedNonFinite += 1; return }
            if xKind == .logarithmic && x <= 0 { skippedNonPositiveX += 1 }
            if yKind == .logarithmic && y <= 0 { skippedNonPositiveY += 1 }
        }

        // Data extents over everything that is drawn.
        var xr = Extent(), yr = Extent()
        var drawablePoints = 0
        for layer in layers {
            switch layer {
            case let .line(s), let .scatter(s, _, _):
                for (x, y) in zip(s.x, s.y) {
                    if usable(x, xKind) && usable(y, yKind) {
                        xr.add(x); yr.add(y); drawablePoints += 1
                    } else {
                        countSkip(x, y)
                    }
                }
                // Unpaired trailing values are ignored here; the charts say so (ChartData.pairingNote).
            case let .bars(edges, heights, _, _):
                for i in 0..<min(heights.count, max(edges.count - 1, 0)) where edges[i].isFinite && edges[i + 1].isFinite && heights[i].isFinite {
                    xr.add(edges[i]); xr.add(edges[i + 1]); yr.add(heights[i]); yr.add(0)
                    drawablePoints += 1
                }
            case let .horizontalRule(y, _):
                if usable(y, yKind) { yr.add(y) }
            case let .verticalRule(x, _, _):
                if usable(x, xKind) { xr.add(x) }
            case let .rug(xs, _):
                for x in xs where usable(x, xKind) { xr.add(x) }
            case .labels, .diagonal:
                break
            }
        }
        if skippedNonFinite > 0 {
            notes.append("\(NumberText.count(skippedNonFinite)) point\(skippedNonFinite == 1 ? "" : "s") with NaN or infinite values \(skippedNonFinite == 1 ? "was" : "were") skipped.")
        }
        if skippedNonPositiveX + skippedNonPositiveY > 0 {
            let n = skippedNonPositiveX + skippedNonPositiveY
            notes.append("\(NumberText.count(n)) value\(n == 1 ? "" : "s") ≤ 0 cannot be shown on the logarithmic axis and \(n == 1 ? "was" : "were") skipped.")
        }
        if drawablePoints == 0 {
            return Rendering(svg: emptySVG(), notes: notes, isEmpty: true)
        }

        if sharedDomain {
            let lo = min(xr.lower, yr.lower), hi = max(xr.upper, yr.upper)
            xr = Extent(lower: lo, upper: hi); yr = xr
        }
        if let d = xDomain { xr = Extent(lower: d.lowerBound, upper: d.upperBound) }
        if let d = yDomain { yr = Extent(lower: d.lowerBound, upper: d.upperBound) }
        let fixedPadding = 0.0, dataPadding = 0.04
        let xTicks = sharedDomain ? 6 : width > 600 ? 8 : 5
        let xScale = xKind == .linear
            ? AxisScale.linear(dataMin: xr.lower, dataMax: xr.upper, targetTickCount: xTicks,
                               padding: xDomain == nil ? dataPadding : fixedPadding, includeZero: xIncludesZero)
            : AxisScale.logarithmic(dataMin: xr.lower, dataMax: xr.upper)
        let yScale = yKind == .linear
            ? AxisScale.linear(dataMin: yr.lower, dataMax: yr.upper, targetTickCount: 6,
                               padding: yDomain == nil ? dataPadding : fixedPadding, includeZero: yIncludesZero,
                               exactLowerBound: yStartsAtZero ? 0 : nil)
            : AxisScale.logarithmic(dataMin: yr.lower, dataMax: yr.upper)

        // Layout: legend rows on top, y labels on the left, x labels below.
        let legend = legendEntries()
        let yLabelWidth = (yScale.labels.map { Self.textWidth($0, font: Self.tickFont) }.max() ?? 0)
        let left = 22 + Self.titleFont + yLabelWidth
        let right = 18.0
        let legendLayout = layoutLegend(legend, left: left, available: width - left - right)
        let legendHeight = max(legendLayout.height, minimumLegendHeight)
        let top = 12 + legendHeight
        let bottom = 54.0
        let frame = Frame(left: left, top: top, width: width - left - right, height: height - top - bottom)
        let map = Mapper(frame: frame, x: xScale, y: yScale)

        var svg = SVGBuilder()
        svg.open("svg", [
            ("viewBox", "0 0 \(Markup.coordinate(width)) \(Markup.coordinate(height))"),
            ("width", Markup.coordinate(width)), ("height", Markup.coordinate(height)),
            ("role", "img"), ("aria-label", "\(yTitle) against \(xTitle)"), ("class", "plot"),
        ])
        svg.element("title", text: "\(yTitle) against \(xTitle)")
        let clipID = "\(id)-clip"
        svg.raw("<defs><clipPath id=\"\(clipID)\"><rect x=\"\(c(frame.left))\" y=\"\(c(frame.top))\" width=\"\(c(frame.width))\" height=\"\(c(frame.height))\"/></clipPath></defs>")

        // Gridlines and frame.
        svg.raw("<rect class=\"plot-bg\" x=\"\(c(frame.left))\" y=\"\(c(frame.top))\" width=\"\(c(frame.width))\" height=\"\(c(frame.height))\"/>")
        var grid = ""
        for t in xScale.ticks { let px = map.x(t); grid += "M\(c(px)) \(c(frame.top))V\(c(frame.bottom))" }
        for t in yScale.ticks { let py = map.y(t); grid += "M\(c(frame.left)) \(c(py))H\(c(frame.right))" }
        if !grid.isEmpty { svg.raw("<path class=\"grid\" d=\"\(grid)\"/>") }

        // Data, clipped to the frame.
        svg.raw("<g clip-path=\"url(#\(clipID))\">")
        for layer in layers { drawLayer(layer, into: &svg, map: map) }
        svg.raw("</g>")
        svg.raw("<rect class=\"frame\" x=\"\(c(frame.left))\" y=\"\(c(frame.top))\" width=\"\(c(frame.width))\" height=\"\(c(frame.height))\"/>")
        // Labels are drawn unclipped so a label near the edge stays readable.
        for layer in layers { if case let .labels(labels, style) = layer { drawLabels(labels, style: style, into: &svg, map: map) } }

        // Axes: tick marks, labels, titles.
        var tickPath = ""
        for t in xScale.ticks { tickPath += "M\(c(map.x(t))) \(c(frame.bottom))v5" }
        for t in yScale.ticks { tickPath += "M\(c(frame.left)) \(c(map.y(t)))h-5" }
        svg.raw("<path class=\"tick\" d=\"\(tickPath)\"/>")
        let xLabelWidth = xScale.labels.map { Self.textWidth($0, font: Self.tickFont) }.max() ?? 0
        let every = Self.labelStride(count: xScale.ticks.count, labelWidth: xLabelWidth + 10, available: frame.width)
        svg.open("g", [("class", "tick-labels x")])
        for (i, (t, label)) in zip(xScale.ticks, xScale.labels).enumerated() where i % every == 0 {
            svg.element("text", [("x", c(map.x(t))), ("y", c(frame.bottom + 19))], text: label)
        }
        svg.close("g")
        svg.open("g", [("class", "tick-labels y")])
        for (t, label) in zip(yScale.ticks, yScale.labels) {
            svg.element("text", [("x", c(frame.left - 8)), ("y", c(map.y(t) + 4))], text: label)
        }
        svg.close("g")
        svg.element("text", [("class", "axis-title"), ("x", c(frame.left + frame.width / 2)), ("y", c(height - 12))], text: Self.fit(xTitle, width: frame.width, font: Self.titleFont))
        svg.element("text", [("class", "axis-title"), ("transform", "translate(\(c(16)) \(c(frame.top + frame.height / 2))) rotate(-90)")],
                    text: Self.fit(yTitle, width: frame.height, font: Self.titleFont))

        drawLegend(legendLayout, into: &svg)
        svg.close("svg")
        return Rendering(svg: svg.text, notes: notes, isEmpty: false, legendHeight: legendHeight)
    }

    // MARK: - Layers

    private func c(_ v: Double) -> String { Markup.coordinate(v) }

    private func drawLayer(_ layer: PlotLayer, into svg: inout SVGBuilder, map: Mapper) {
        switch layer {
        case let .line(s):
            var d = ""
            var penDown = false
            for (x, y) in zip(s.x, s.y) {
                let px = map.x(x), py = map.y(y)
                guard px.isFinite, py.isFinite else { penDown = false; continue }
                d += (penDown ? "L" : "M") + c(px) + " " + c(py)
                penDown = true
            }
            guard !d.isEmpty else { return }
            var attributes = [("class", "series-line"), ("d", d), ("stroke", s.style.color)]
            if let dash = s.style.dash { attributes.append(("stroke-dasharray", dash)) }
            svg.empty("path", attributes)
        case let .scatter(s, radius, opacity):
            let points = zip(s.x, s.y).map { (map.x($0), map.y($1)) }.filter { $0.0.isFinite && $0.1.isFinite }
            drawMarkers(points, style: s.style, radius: radius, opacity: opacity, into: &svg)
        case let .bars(edges, heights, style, _):
            var d = ""
            let base = map.y(max(map.yScale.lower, 0))
            for i in 0..<min(heights.count, max(edges.count - 1, 0)) {
                let x0 = map.x(edges[i]), x1 = map.x(edges[i + 1]), top = map.y(heights[i])
                guard x0.isFinite, x1.isFinite, top.isFinite, heights[i] > 0 else { continue }
                d += "M\(c(x0)) \(c(base))V\(c(top))H\(c(x1))V\(c(base))z"
            }
            svg.empty("path", [("class", "bars"), ("d", d), ("fill", style.color)])
        case let .diagonal(label):
            let lo = max(map.xScale.lower, map.yScale.lower), hi = min(map.xScale.upper, map.yScale.upper)
            guard lo < hi else { return }
            svg.empty("path", [("class", "reference"), ("d", "M\(c(map.x(lo))) \(c(map.y(lo)))L\(c(map.x(hi))) \(c(map.y(hi)))")])
            if let label {
                // Just right of and below the line, near its top end.
                let at = lo + 0.88 * (hi - lo)
                svg.element("text", [("class", "reference-label"), ("x", c(map.x(at) + 8)), ("y", c(map.y(at) + 16))], text: label)
            }
        case let .horizontalRule(y, label):
            let py = map.y(y)
            guard py.isFinite else { return }
            svg.empty("path", [("class", "reference"), ("d", "M\(c(map.frame.left)) \(c(py))H\(c(map.frame.right))")])
            if let label {
                svg.element("text", [("class", "reference-label"), ("x", c(map.frame.right - 6)), ("y", c(py - 6)), ("text-anchor", "end")], text: label)
            }
        case let .verticalRule(x, label, style):
            let px = map.x(x)
            guard px.isFinite else { return }
            var attributes = [("class", "rule"), ("d", "M\(c(px)) \(c(map.frame.top))V\(c(map.frame.bottom))"), ("stroke", style.color)]
            if let dash = style.dash { attributes.append(("stroke-dasharray", dash)) }
            svg.empty("path", attributes)
            if let label {
                let anchorEnd = px > map.frame.left + map.frame.width * 0.7
                svg.element("text", [("class", "rule-label"), ("x", c(px + (anchorEnd ? -6 : 6))), ("y", c(map.frame.top + 16)),
                                     ("text-anchor", anchorEnd ? "end" : "start"), ("fill", style.color)], text: label)
            }
        case let .rug(xs, _):
            var d = ""
            for x in xs {
                let px = map.x(x)
                guard px.isFinite else { continue }
                d += "M\(c(px)) \(c(map.frame.bottom))v-9"
            }
            if !d.isEmpty { svg.empty("path", [("class", "rug"), ("d", d)]) }
        case .labels:
            break // drawn after the frame, unclipped
        }
    }

    /// All markers of one series as a single path. Circles are zero-length
    /// segments with round caps (`M x yh0`, about 15 bytes a point, a third of
    /// an arc path); other shapes are path outlines.
    private func drawMarkers(_ points: [(Double, Double)], style: SeriesStyle, radius: Double, opacity: Double, into svg: inout SVGBuilder) {
        guard !points.isEmpty else { return }
        let shape = style.marker
        var d = ""
        d.reserveCapacity(points.count * 16)
        if shape.isRoundDot {
            for (x, y) in points { d += "M" + c(x) + " " + c(y) + "h0" }
            svg.empty("path", [("class", "markers"), ("d", d), ("fill", "none"), ("stroke", style.color), ("stroke-opacity", c(opacity)),
                               ("stroke-width", c(2 * radius)), ("stroke-linecap", "round")])
            return
        }
        let outline = shape.path(radius: radius)
        for (x, y) in points { d += "M" + c(x) + " " + c(y) + outline }
        if shape.isStroked {
            svg.empty("path", [("class", "markers"), ("d", d), ("fill", "none"), ("stroke", style.color), ("stroke-opacity", c(opacity)),
                               ("stroke-width", "1.6")])
        } else {
            svg.empty("path", [("class", "markers"), ("d", d), ("fill", style.color), ("fill-opacity", c(opacity)),
                               ("stroke", style.color), ("stroke-width", "0.6")])
        }
    }

    private func drawLabels(_ labels: [PointLabel], style: SeriesStyle, into svg: inout SVGBuilder, map: Mapper) {
        svg.open("g", [("class", "point-labels"), ("fill", style.color)])
        for label in labels {
            let px = map.x(label.x), py = map.y(label.y)
            guard px.isFinite, py.isFinite else { continue }
            // Put the label on the side with more room.
            let onLeft = px > map.frame.left + map.frame.width * 0.85
            let below = py < map.frame.top + 14
            svg.element("text", [("x", c(px + (onLeft ? -7 : 7))), ("y", c(py + (below ? 14 : -5))),
                                 ("text-anchor", onLeft ? "end" : "start")], text: label.text)
        }
        svg.close("g")
    }

    // MARK: - Legend

    struct LegendEntry {
        var name: String
        var style: SeriesStyle
        enum Glyph { case line, marker, bar, rug }
        var glyph: Glyph
    }

    private func legendEntries() -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for layer in layers {
            switch layer {
            case let .line(s):
                if s.inLegend, let name = s.name { entries.append(LegendEntry(name: name, style: s.style, glyph: .line)) }
            case let .scatter(s, _, _):
                if s.inLegend, let name = s.name { entries.append(LegendEntry(name: name, style: s.style, glyph: .marker)) }
            case let .bars(_, _, style, name?):
                entries.append(LegendEntry(name: name, style: style, glyph: .bar))
            case let .rug(_, name?):
                entries.append(LegendEntry(name: name, style: .data, glyph: .rug))
            default:
                break
            }
        }
        return entries
    }

    struct LegendLayout {
        var items: [(entry: LegendEntry, x: Double, y: Double)] = []
        var height: Double = 0
        var hiddenCount = 0
    }

    /// Legend entries in rows above the plot; at most three rows, the rest
    /// summarised as "+ n more".
    private func layoutLegend(_ entries: [LegendEntry], left: Double, available: Double) -> LegendLayout {
        var layout = LegendLayout()
        guard !entries.isEmpty else { return layout }
        let rowHeight = 20.0
        var x = left, row = 0
        for (i, original) in entries.enumerated() {
            var entry = original
            entry.name = Self.fit(entry.name, width: available - 52, font: Self.tickFont)
            let w = 34 + Self.textWidth(entry.name, font: Self.tickFont) + 18
            if x + w > left + available && x > left {
                row += 1
                x = left
            }
            if row >= 3 {
                layout.hiddenCount = entries.count - i
                break
            }
            layout.items.append((entry, x, 12 + Double(row) * rowHeight))
            x += w
        }
        layout.height = Double(row + (layout.hiddenCount > 0 ? 0 : 1)) * rowHeight + 6
        if layout.hiddenCount > 0 { layout.height = 3 * rowHeight + 6 }
        return layout
    }

    private func drawLegend(_ layout: LegendLayout, into svg: inout SVGBuilder) {
        guard !layout.items.isEmpty else { return }
        svg.open("g", [("class", "legend")])
        for (entry, x, y) in layout.items {
            let style = entry.style
            switch entry.glyph {
            case .line:
                var a = [("class", "series-line"), ("d", "M\(c(x)) \(c(y))h26"), ("stroke", style.color)]
                if let dash = style.dash { a.append(("stroke-dasharray", dash)) }
                svg.empty("path", a)
            case .marker:
                drawMarkers([(x + 13, y)], style: style, radius: 4, opacity: 1, into: &svg)
            case .bar:
                svg.empty("rect", [("class", "bars"), ("x", c(x + 4)), ("y", c(y - 6)), ("width", "18"), ("height", "12"), ("fill", style.color)])
            case .rug:
                svg.empty("path", [("class", "rug"), ("d", "M\(c(x + 6)) \(c(y + 5))v-10M\(c(x + 11)) \(c(y + 5))v-10M\(c(x + 19)) \(c(y + 5))v-10")])
            }
            svg.element("text", [("x", c(x + 32)), ("y", c(y + 4))], text: entry.name)
        }
        if layout.hiddenCount > 0, let last = layout.items.last {
            svg.element("text", [("class", "legend-more"), ("x", c(width - 18)), ("y", c(last.y + 4)), ("text-anchor", "end")],
                        text: "+ \(layout.hiddenCount) more")
        }
        svg.close("g")
    }

    // MARK: - Helpers

    private func emptySVG() -> String {
        var svg = SVGBuilder()
        let h = min(height, 140)
        svg.open("svg", [("viewBox", "0 0 \(c(width)) \(c(h))"), ("width", c(width)), ("height", c(h)),
                         ("role", "img"), ("aria-label", emptyMessage), ("class", "plot empty")])
        svg.raw("<rect class=\"plot-bg\" x=\"1\" y=\"1\" width=\"\(c(width - 2))\" height=\"\(c(h - 2))\"/>")
        svg.element("text", [("class", "empty-message"), ("x", c(width / 2)), ("y", c(h / 2 + 5))], text: emptyMessage)
        svg.close("svg")
        return svg.text
    }

    /// `text`, cut with "…" so its estimated width fits `width` (the full
    /// text stays in the SVG's `<title>` for axis titles).
    static func fit(_ text: String, width: Double, font: Double) -> String {
        let maxCharacters = max(4, Int(saturating: width / (font * charWidth)))
        guard text.count > maxCharacters else { return text }
        return String(text.prefix(maxCharacters - 1)) + "…"
    }

    static func textWidth(_ text: String, font: Double) -> Double {
        Double(text.count) * font * charWidth
    }

    /// Show every `n`-th label so labels of width `labelWidth` fit in `available`.
    static func labelStride(count: Int, labelWidth: Double, available: Double) -> Int {
        guard count > 1, labelWidth > 0 else { return 1 }
        let fit = max(1, Int(saturating: available / labelWidth))
        return max(1, Int(saturating: (Double(count) / Double(fit)).rounded(.up)))
    }
}
