import LossKitData
import LossKitModels
import LossKitNumerics

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
