/// How one series is drawn: colour, dash pattern and marker shape.
///
/// Colours are the Okabe–Ito palette (Okabe & Ito, "Color Universal Design",
/// 2008), distinguishable with the common colour-vision deficiencies. Because
/// colour alone still fails in greyscale print, series `i` also gets its own
/// dash pattern and marker shape, so any two of the first eight series differ
/// without colour.
struct SeriesStyle: Sendable, Equatable {
    let color: String
    let dash: String?
    let marker: MarkerShape

    /// The Okabe–Ito colours in the order series use them. Yellow (#F0E442) is
    /// left out: it is nearly invisible on white.
    static let palette: [String] = [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
    ]
    static let dashes: [String?] = [nil, "7 3", "2 3", "9 3 2 3", "4 2", "1 2", "12 4"]

    /// The style of the `index`-th series of a chart (0-based); cycles after
    /// 7 colours, with the dash and marker shifting so pairs stay distinct longer.
    static func series(_ index: Int) -> SeriesStyle {
        let i = max(index, 0)
        let round = i / palette.count
        return SeriesStyle(
            color: palette[i % palette.count],
            dash: dashes[(i + round) % dashes.count],
            marker: MarkerShape.allCases[(i + round) % MarkerShape.allCases.count]
        )
    }

    /// Neutral grey for data points behind fitted lines.
    static let data = SeriesStyle(color: "#6B6B6B", dash: nil, marker: .circle)
    /// Reference lines (y = x, zero): dark grey, dashed.
    static let reference = SeriesStyle(color: "#555555", dash: "5 4", marker: .circle)
    /// Highlighted points (outliers).
    static let highlight = SeriesStyle(color: "#D55E00", dash: nil, marker: .diamond)
}

/// A marker drawn as SVG path commands around a point.
enum MarkerShape: CaseIterable, Sendable {
    case circle, square, triangleUp, diamond, cross, triangleDown, plus

    /// Whether the shape is drawn by stroking (cross, plus) rather than filling.
    var isStroked: Bool { self == .cross || self == .plus }

    /// Whether the shape is drawn as a zero-length segment with a round cap
    /// (a third of the bytes of an arc path). Square caps are not used:
    /// Chromium's PDF output drops zero-length segments with square caps.
    var isRoundDot: Bool { self == .circle }

    /// Relative path commands drawing the marker centred on the current point
    /// after an absolute `M x y`; `r` is about half the marker's width.
    func path(radius r: Double) -> String {
        let c = Markup.coordinate
        switch self {
        case .circle:
            return "m\(c(-r)) 0a\(c(r)) \(c(r)) 0 1 0 \(c(2 * r)) 0a\(c(r)) \(c(r)) 0 1 0 \(c(-2 * r)) 0z"
        case .square:
            let s = r * 0.9
            return "m\(c(-s)) \(c(-s))h\(c(2 * s))v\(c(2 * s))h\(c(-2 * s))z"
        case .triangleUp:
            let h = r * 1.15
            return "m0 \(c(-h))l\(c(h)) \(c(1.75 * h))h\(c(-2 * h))z"
        case .triangleDown:
            let h = r * 1.15
            return "m0 \(c(h))l\(c(h)) \(c(-1.75 * h))h\(c(-2 * h))z"
        case .diamond:
            let d = r * 1.25
            return "m0 \(c(-d))l\(c(d)) \(c(d))l\(c(-d)) \(c(d))l\(c(-d)) \(c(-d))z"
        case .cross:
            let d = r * 0.9
            return "m\(c(-d)) \(c(-d))l\(c(2 * d)) \(c(2 * d))m0 \(c(-2 * d))l\(c(-2 * d)) \(c(2 * d))"
        case .plus:
            let d = r * 1.1
            return "m\(c(-d)) 0h\(c(2 * d))m\(c(-d)) \(c(-d))v\(c(2 * d))"
        }
    }
}
