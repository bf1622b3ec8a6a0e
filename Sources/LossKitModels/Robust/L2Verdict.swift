import LossKitData
import LossKitNumerics

/// Is the L2 loss the right choice for this linear fit? A level, one sentence
/// of reason, the rows to look at, and the loss to switch to.
///
/// Computed from `OutlierDiagnostics` (OLS) and a Huber refit
/// (`RobustLinearRegression(loss: .huber())`, δ = 1.345 MAD units), with the
/// cut-offs of `OutlierThresholds` (defaults in brackets):
///
/// - **outlier** rows: `|tᵢ*| > 3`; **influential** rows: Cook's `Dᵢ > 4/n`;
///   `flaggedRows` is their union.
/// - **coefficient shift**: how far Huber moves the slopes, measured on the
///   fitted values they produce: `‖X_c (w_H − w_OLS)‖ / ‖X_c w_OLS‖` with `X_c`
///   the centered features (uncentered without intercept). With one feature
///   this is exactly `|w_H − w_OLS| / |w_OLS|`, "the slope moves by 31 %";
///   with several it is unit-free.
/// - **top share**: the share of `Σ eᵢ²` carried by the largest residual.
///
/// Levels:
/// - `.switchLoss` if the largest residual carries > 50 % of the squared error
///   and its row is an outlier or influential, or if the shift is > 10 % and
///   some row is flagged: the L2 fit is steered by a few rows.
/// - `.watch` if some row is both an outlier and influential, or the shift is
///   > 10 % without flagged rows, or a row has leverage ≥ 0.99 (it alone fixes
///   part of the fit, as the x = 19 point of Anscombe IV): look at the rows.
/// - `.fine` otherwise.
///
/// Recommendation: `.leastSquares` when fine; otherwise `.huber`, or
/// `.leastAbsoluteDeviation` when more than 10 % of the rows lie beyond 3
/// robust scales of Huber's fit (heavy contamination, where Huber's start from
/// OLS and its linear influence weigh most). Quantile regression is not
/// recommended automatically: choose it to model a conditional quantile.
///
/// - Complexity: the diagnostics' O(n·p²) plus the Huber fit's O(n·p²) per iteration.
public struct L2Verdict: Sendable {
    public enum Level: String, Sendable, Codable, CaseIterable {
        case fine
        case watch
        case switchLoss = "switch"
    }

    public enum Recommendation: String, Sendable, Codable, CaseIterable {
        case leastSquares = "l2"
        case huber
        case leastAbsoluteDeviation = "l1"
    }

    public let level: Level
    /// One sentence, rows 1-based: "row 3 carries 66 % of the squared error …".
    public let reason: String
    /// Outlier ∪ influential rows, 0-based, ascending.
    public let flaggedRows: [Int]
    /// `|tᵢ*| >` threshold, 0-based.
    public let outlierRows: [Int]
    /// Cook's `Dᵢ >` factor/n, 0-based.
    public let influentialRows: [Int]
    /// `hᵢ > 2p/n`, 0-based (informative only).
    public let highLeverageRows: [Int]
    /// `hᵢ ≥ 0.99`, 0-based: rows that alone fix part of the fit.
    public let dominantLeverageRows: [Int]
    public let recommendation: Recommendation
    /// Share of the squared error carried by the largest residual.
    public let topShareOfSquaredError: Double
    /// Share of the absolute error carried by the same row.
    public let topShareOfAbsoluteError: Double
    /// Relative change of the slopes' fitted values, Huber vs OLS.
    public let coefficientShift: Double
    /// The Huber refit used for the shift.
    public let huberFit: RobustFit
    public let thresholds: OutlierThresholds

    /// Diagnoses `y ≈ b + X w`: fits OLS and Huber, applies `thresholds`.
    /// - Throws: as `OutlierDiagnostics.init` and `RobustLinearRegression.fit`
    ///   (`.singularMatrix` for linearly dependent columns).
    public static func assess(features x: Matrix, targets y: [Double], fitIntercept: Bool = true,
                              thresholds: OutlierThresholds = .init()) throws -> L2Verdict {
        try assess(OutlierDiagnostics(features: x, targets: y, fitIntercept: fitIntercept), thresholds: thresholds)
    }

    /// The verdict for diagnostics already computed.
    public static func assess(_ d: OutlierDiagnostics, thresholds: OutlierThresholds = .init()) throws -> L2Verdict {
        let huber = try RobustLinearRegression(loss: .huber(), fitIntercept: d.fitIntercept).fitDetails(features: d.x, targets: d.y)
        let shift = try coefficientShift(x: d.x, fitIntercept: d.fitIntercept,
                                         ols: (d.intercept, d.coefficients),
                                         robust: (huber.intercept, huber.coefficients))
        let outliers = d.outlierRows(thresholds)
        let influential = d.influentialRows(thresholds)
        let flagged = Array(Set(outliers).union(influential)).sorted()
        let top = d.concentration.top
        let topRow = d.concentration.rowsByMagnitude[0]
        let topIsFlagged = flagged.contains(topRow)
        let both = outliers.filter { influential.contains($0) }
        let bigShift = shift > thresholds.coefficientShift
        let dominated = top.shareOfSquaredError > thresholds.topShareOfSquaredError && topIsFlagged

        let dominant = d.leverage.indices.filter { d.leverage[$0] >= thresholds.dominantLeverage }

        let level: Level
        if dominated || (bigShift && !flagged.isEmpty) {
            level = .switchLoss
        } else if !both.isEmpty || bigShift || !dominant.isEmpty {
            level = .watch
        } else {
            level = .fine
        }

        let recommendation: Recommendation
        if level == .fine {
            recommendation = .leastSquares
        } else {
            let far = huber.outlierRows(threshold: 3).count
            recommendation = Double(far) > thresholds.heavyContamination * Double(d.y.count)
                ? .leastAbsoluteDeviation : .huber
        }

        let slopeWord = d.coefficients.count == 1 ? "slope" : "slopes"
        let shiftText = "Huber's fit moves the \(slopeWord) by \(percent(shift))"
        let reason: String
        switch level {
        case .switchLoss where dominated:
            reason = "row \(topRow + 1) carries \(percent(top.shareOfSquaredError)) of the squared error "
                + "(\(percent(top.shareOfAbsoluteError)) of the absolute error); \(shiftText)."
        case .switchLoss:
            reason = "\(rowList(flagged)) \(flagged.count == 1 ? "is" : "are") flagged "
                + "(|t*| > \(number(thresholds.studentizedResidual)) or Cook's D > \(number(thresholds.cooksDistanceFactor))/n); \(shiftText)."
        case .watch where !dominant.isEmpty && both.isEmpty:
            reason = "\(rowList(dominant)) alone \(dominant.count == 1 ? "determines" : "determine") part of the fit "
                + "(leverage ≥ \(number(thresholds.dominantLeverage))); no residual can question \(dominant.count == 1 ? "it" : "them"), "
                + "and no loss can either."
        case .watch where !both.isEmpty:
            reason = "\(rowList(both)) \(both.count == 1 ? "has" : "have") |t*| > \(number(thresholds.studentizedResidual)) "
                + "and Cook's D > \(number(thresholds.cooksDistanceFactor))/n, but \(shiftText)."
        case .watch:
            reason = "no single row stands out, but \(shiftText)."
        case .fine:
            reason = "no row is both an outlier and influential; the largest residual carries "
                + "\(percent(top.shareOfSquaredError)) of the squared error and \(shiftText)."
        }

        return L2Verdict(
            level: level, reason: reason, flaggedRows: flagged, outlierRows: outliers,
            influentialRows: influential, highLeverageRows: d.highLeverageRows(thresholds),
            dominantLeverageRows: dominant,
            recommendation: recommendation, topShareOfSquaredError: top.shareOfSquaredError,
            topShareOfAbsoluteError: top.shareOfAbsoluteError, coefficientShift: shift,
            huberFit: huber, thresholds: thresholds)
    }

    /// `‖X_c Δw‖ / ‖X_c w_OLS‖` (see the type's documentation); for an
    /// intercept-only model `|Δb| / |b_OLS|`. 0 when nothing moves, +∞ when
    /// the OLS slopes produce no variation but Huber's do.
    static func coefficientShift(x: Matrix, fitIntercept: Bool,
                                 ols: (Double, [Double]), robust: (Double, [Double])) throws -> Double {
        guard x.columns > 0 else {
            let delta = abs(robust.0 - ols.0)
            return delta == 0 ? 0 : delta / abs(ols.0)
        }
        let delta = zip(robust.1, ols.1).map { $0 - $1 }
        var moved = try x.times(delta)
        var base = try x.times(ols.1)
        if fitIntercept {
            let n = Double(x.rows)
            let m1 = Summation.compensatedSum(count: moved.count) { moved[$0] } / n
            let m2 = Summation.compensatedSum(count: base.count) { base[$0] } / n
            moved = moved.map { $0 - m1 }
            base = base.map { $0 - m2 }
        }
        let numerator = Summation.scaledNorm(count: moved.count) { moved[$0] }
        let denominator = Summation.scaledNorm(count: base.count) { base[$0] }
        if numerator == 0 { return 0 }
        return numerator / denominator
    }

    /// "row 3", "rows 3, 7", "rows 3, 7, 9, 12, 15 and 4 more" (1-based).
    static func rowList(_ rows: [Int]) -> String {
        let shown = rows.prefix(5).map { String($0 + 1) }.joined(separator: ", ")
        let more = rows.count > 5 ? " and \(rows.count - 5) more" : ""
        return (rows.count == 1 ? "row " : "rows ") + shown + more
    }

    /// 0.6195 → "62 %", 0.0042 → "0.4 %".
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "∞ %" }
        let p = fraction * 100
        if p >= 1 || p == 0 { return "\(Int(p.rounded())) %" }
        return "\((p * 10).rounded() / 10) %"
    }

    /// 3.0 → "3", 2.5 → "2.5".
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
