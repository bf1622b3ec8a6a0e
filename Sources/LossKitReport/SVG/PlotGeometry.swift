import LossKitData
import LossKitModels
import LossKitNumerics

extension Plot {
    /// The plot area in SVG units.
    struct Frame {
        var left: Double, top: Double, width: Double, height: Double
        var right: Double { left + width }
        var bottom: Double { top + height }
    }

    /// Data → SVG coordinates. Returns NaN for values the axis cannot show.
    struct Mapper {
        let frame: Frame
        let xScale: AxisScale
        let yScale: AxisScale
        init(frame: Frame, x: AxisScale, y: AxisScale) {
            self.frame = frame
            xScale = x
            yScale = y
        }
        func x(_ v: Double) -> Double {
            guard xScale.accepts(v) else { return .nan }
            return frame.left + xScale.fraction(v) * frame.width
        }
        func y(_ v: Double) -> Double {
            guard yScale.accepts(v) else { return .nan }
            return frame.bottom - yScale.fraction(v) * frame.height
        }
    }
}
