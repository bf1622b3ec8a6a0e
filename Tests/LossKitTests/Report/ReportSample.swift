import Foundation
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// A sample report on synthetic data (a line with heavy-tailed noise and two
/// gross outliers), built only from numbers, as `losskit report` would. Used by
/// the tests and by scripts/render_report.sh for the screenshot.
///
/// The fits here are tiny textbook versions (closed-form OLS, IRLS for L1 and
/// Huber, ridge by normal equations) that exist only to give the charts
/// realistic input; they are not LossKit's models.
enum ReportSample {
    static func document() -> ReportDocument {
        var rng = SplitMix64(state: 20261126)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }

        // One feature: y = 2 + 0.8 x + noise, with two gross outliers.
        let n = 120
        let x = (0..<n).map { _ in 10 * uniform() }
        var y = x.map { 2 + 0.8 * $0 + 0.6 * normal() }
        // Corrupt the two rows with the largest x (high leverage) and one in the middle.
        let byX = x.indices.sorted { x[$0] > x[$1] }
        let corrupted = [byX[0], byX[1], byX[n / 2]].sorted()
        y[byX[0]] -= 9
        y[byX[1]] -= 7
        y[byX[n / 2]] += 6

        let ols = weightedLine(x, y, weights: Array(repeating: 1, count: n))
        let l1 = irls(x, y) { r in 1 / max(abs(r), 1e-6) }
        let huber = irls(x, y) { r in abs(r) <= 1.35 ? 1 : 1.35 / abs(r) }
        let fits = [("L2 (OLS)", ols), ("L1", l1), ("Huber δ = 1.35", huber)]
        func predict(_ f: (Double, Double)) -> [Double] { x.map { f.0 + f.1 * $0 } }
        let residuals = fits.map { f in zip(y, predict(f.1)).map { $0 - $1 } }

        func mse(_ r: [Double]) -> Double { r.map { $0 * $0 }.reduce(0, +) / Double(r.count) }
        func mae(_ r: [Double]) -> Double { r.map(abs).reduce(0, +) / Double(r.count) }
        let mean = y.reduce(0, +) / Double(n)
        let sst = y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        let metrics = MetricsTable(
            columns: fits.map(\.0),
            rows: [
                .init("MSE", values: residuals.map(mse), detail: "mean of (y − ŷ)²"),
                .init("RMSE", values: residuals.map { mse($0).squareRoot() }),
                .init("MAE", values: residuals.map(mae), detail: "mean of |y − ŷ|"),
                .init("Median |r|", values: residuals.map { r in let s = r.map(abs).sorted(); return (s[n / 2 - 1] + s[n / 2]) / 2 }),
                .init("R²", values: residuals.map { 1 - mse($0) * Double(n) / sst }, goal: .maximize),
                .init("Slope", values: fits.map { $0.1.1 }, goal: .none, detail: "true value 0.8"),
            ])

        let losses: [LossShapes.Loss] = [
            .init(name: "L2", value: { $0 * $0 / 2 }, derivative: { $0 }),
            .init(name: "L1", value: { abs($0) }, derivative: { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }),
            .init(name: "Huber δ = 1.35", value: { r in abs(r) <= 1.35 ? r * r / 2 : 1.35 * (abs(r) - 0.675) },
                  derivative: { r in max(-1.35, min(1.35, r)) }),
        ]

        // Training history: gradient descent on the OLS objective at two step sizes.
        let history = [0.004, 0.012].map { step -> TrainingHistory.Series in
            var b0 = 0.0, b1 = 0.0
            var values: [Double] = []
            for _ in 0..<150 {
                let r = zip(x, y).map { $1 - (b0 + b1 * $0) }
                values.append(mse(r))
                b0 += step * 2 * r.reduce(0, +) / Double(n)
                b1 += step * 2 * zip(r, x).map(*).reduce(0, +) / Double(n)
            }
            return .init(name: "gradient descent, step \(step)", values: values)
        }

        return ReportDocument(
            title: "Line fit with outliers: L2 against robust losses",
            subtitle: "Synthetic data: y = 2 + 0.8·x + noise, with three corrupted rows",
            details: [.init("rows", "\(n)"), .init("features", "1"), .init("models", "OLS, L1, Huber"), .init("column", "a<b & \"c\"")],
            sections: [
                ReportSection("Summary", blocks: [
                    ReportText("Three rows (\(corrupted.map { String($0 + 1) }.joined(separator: ", "))) were corrupted on purpose. The L2 fit tilts towards them; L1 and Huber ignore them.\n\nEvery chart has a caption saying how to read it."),
                    metrics,
                ]),
                ReportSection("Fitted lines", blocks: [
                    ScatterWithLines(xLabel: "x", yLabel: "y", x: x, y: y, lines: fits.map { f in
                        .init(name: f.0, over: 0...10) { f.1.0 + f.1.1 * $0 }
                    }),
                ]),
                ReportSection("Predicted vs actual", blocks: [
                    PredictedVsActual(series: zip(fits, residuals).map { f, _ in .init(name: f.0, actual: y, predicted: predict(f.1)) }),
                ]),
                ReportSection("Residuals vs fitted (OLS)", blocks: [
                    ResidualsVsFitted(fitted: predict(ols), residuals: residuals[0], highlightCount: 3),
                ]),
                ReportSection("Residual distribution (OLS)", blocks: [ResidualHistogram(residuals: residuals[0])]),
                ReportSection("Loss shapes", blocks: [LossShapes(losses: losses, residuals: residuals[0])]),
                ReportSection("Where the squared error comes from", blocks: [LossConcentration(residuals: residuals[0])]),
                ReportSection("Training history", blocks: [TrainingHistory(series: history)]),
                ReportSection("Ridge path", blocks: [ridgePath(&rng)]),
            ],
            footer: "Sample report generated by LossKit's test suite")
    }

    /// Intercept and slope minimizing Σ wᵢ (yᵢ − a − b xᵢ)².
    static func weightedLine(_ x: [Double], _ y: [Double], weights w: [Double]) -> (Double, Double) {
        let sw = w.reduce(0, +)
        let mx = zip(w, x).map(*).reduce(0, +) / sw, my = zip(w, y).map(*).reduce(0, +) / sw
        var sxy = 0.0, sxx = 0.0
        for i in x.indices { sxy += w[i] * (x[i] - mx) * (y[i] - my); sxx += w[i] * (x[i] - mx) * (x[i] - mx) }
        let b = sxy / sxx
        return (my - b * mx, b)
    }

    /// Iteratively reweighted least squares with weights `weight(r)`.
    static func irls(_ x: [Double], _ y: [Double], weight: (Double) -> Double) -> (Double, Double) {
        var fit = weightedLine(x, y, weights: Array(repeating: 1, count: x.count))
        for _ in 0..<100 {
            let w = x.indices.map { weight(y[$0] - fit.0 - fit.1 * x[$0]) }
            fit = weightedLine(x, y, weights: w)
        }
        return fit
    }

    /// Ridge on three correlated standardized features, with the exact
    /// leave-one-out error from the hat matrix.
    static func ridgePath(_ rng: inout SplitMix64) -> RidgePath {
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
        let n = 60, p = 3
        var X = [[Double]]()
        for _ in 0..<n {
            let z = normal()
            X.append([z + 0.3 * normal(), z + 0.3 * normal(), normal()])
        }
        let y = X.map { 1.5 * $0[0] - 0.5 * $0[1] + 0.8 * $0[2] + 1.2 * normal() }
        let alphas = (0...40).map { pow(10, -3 + 0.15 * Double($0)) }
        var coefficients = Array(repeating: [Double](), count: p)
        var loo = [Double]()
        for alpha in alphas {
            var A: [[Double]] = (0..<p).map { (i: Int) -> [Double] in
                (0..<p).map { (j: Int) -> Double in
                    var s: Double = i == j ? alpha : 0
                    for k in 0..<n { s += X[k][i] * X[k][j] }
                    return s
                }
            }
            let inverse = invert3(&A)
            let xty = (0..<p).map { i in (0..<n).map { X[$0][i] * y[$0] }.reduce(0, +) }
            let beta = (0..<p).map { i in (0..<p).map { inverse[i][$0] * xty[$0] }.reduce(0, +) }
            for j in 0..<p { coefficients[j].append(beta[j]) }
            var sum = 0.0
            for k in 0..<n {
                let fitted = (0..<p).map { X[k][$0] * beta[$0] }.reduce(0, +)
                var h: Double = 0
                for i in 0..<p {
                    for j in 0..<p { h += X[k][i] * inverse[i][j] * X[k][j] }
                }
                let r = (y[k] - fitted) / (1 - h)
                sum += r * r
            }
            loo.append(sum / Double(n))
        }
        let best = loo.indices.min { loo[$0] < loo[$1] } ?? 0
        return RidgePath(alphas: alphas,
                         coefficients: ["x₁", "x₂ (correlated with x₁)", "x₃"].enumerated().map { .init(name: $1, values: coefficients[$0]) },
                         cvError: loo, chosenAlpha: alphas[best])
    }

    static func invert3(_ a: inout [[Double]]) -> [[Double]] {
        let m = a
        let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        let cof: [[Double]] = (0..<3).map { i in (0..<3).map { j in
            let r = [0, 1, 2].filter { $0 != j }, c = [0, 1, 2].filter { $0 != i }
            let minor = m[r[0]][c[0]] * m[r[1]][c[1]] - m[r[0]][c[1]] * m[r[1]][c[0]]
            return ((i + j) % 2 == 0 ? 1 : -1) * minor / det
        } }
        return cof
    }
}
