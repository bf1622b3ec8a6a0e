import LossKitData
import LossKitModels
import LossKitNumerics

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
        case .triangleUp, .triangleDown:
            let h = r * 1.15, apex = self == .triangleUp ? -h : h
            return "m0 \(c(apex))l\(c(h)) \(c(-1.75 * apex))h\(c(-2 * h))z"
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
