/// A line search for the strong Wolfe conditions along a descent direction d,
/// with φ(α) = f(x + αd):
///
///     φ(α) ≤ φ(0) + c₁·α·φ′(0)          (sufficient decrease)
///     |φ′(α)| ≤ c₂·|φ′(0)|              (curvature)
///
/// Nocedal and Wright's Algorithm 3.5 (bracketing) and 3.6 (zoom), with
/// safeguarded cubic interpolation from the values and slopes at both ends of
/// the bracket (quadratic when the cubic has no minimizer, bisection when an
/// end is not finite). Defaults c₁ = 1e-4, c₂ = 0.9 (quasi-Newton), at most
/// 20 evaluations per search (SciPy's L-BFGS-B uses the same limit).
///
/// A non-finite φ(α) is treated as "too far": it closes the bracket. When the
/// evaluations run out or the bracket shrinks below rounding, the search
/// returns the best point that satisfies sufficient decrease, if any; a
/// search that finds none fails (the caller decides: L-BFGS drops its memory
/// and retries once along −∇f).
public struct StrongWolfeLineSearch: Sendable, Equatable {
    public var sufficientDecrease: Double
    public var curvature: Double
    public var maxEvaluations: Int

    public init(sufficientDecrease: Double = 1e-4, curvature: Double = 0.9, maxEvaluations: Int = 20) {
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.maxEvaluations = maxEvaluations
    }

    func validate() throws {
        guard sufficientDecrease > 0, sufficientDecrease < curvature, curvature < 1 else {
            throw OptimizationError.invalidParameter(name: "lineSearch", value: "c1 = \(sufficientDecrease), c2 = \(curvature)", requirement: "needs 0 < c1 < c2 < 1")
        }
        guard maxEvaluations >= 1 else {
            throw OptimizationError.invalidParameter(name: "lineSearch.maxEvaluations", value: "\(maxEvaluations)", requirement: "must be >= 1")
        }
    }

    /// One point on the line.
    struct Point {
        var alpha: Double
        var value: Double
        var slope: Double
    }

    /// Searches from `x` (value `f0`, gradient `g0`) along `d`, starting at
    /// `initialStep`. On success writes the accepted point and its gradient
    /// into `xOut` / `gOut` and returns (α, f); nil when no acceptable step was found.
    func search<O>(_ run: inout OptimizerRun<O>, x: [Double], value f0: Double, gradient g0: [Double], direction d: [Double],
                   initialStep: Double, xOut: inout [Double], gOut: inout [Double]) -> (step: Double, value: Double)? {
        let slope0 = Vector.dot(g0, d)
        guard slope0 < 0, slope0.isFinite else { return nil }
        let c1 = sufficientDecrease, c2 = curvature
        var evaluationsUsed = 0
        // The best point meeting sufficient decrease (for a weak fallback), with its x and gradient.
        var best: Point? = nil
        var bestX = x, bestG = g0

        func evaluate(_ alpha: Double, _ run: inout OptimizerRun<O>) -> Point {
            evaluationsUsed += 1
            Vector.step(x, alpha, d, into: &xOut)
            let f = run.evaluate(xOut, gradient: &gOut)
            let s = f.isFinite ? Vector.dot(gOut, d) : .nan
            let point = Point(alpha: alpha, value: f, slope: s)
            if f.isFinite, s.isFinite, f <= f0 + c1 * alpha * slope0, f < (best?.value ?? f0) {
                best = point; bestX = xOut; bestG = gOut
            }
            return point
        }
        func canEvaluate(_ run: OptimizerRun<O>) -> Bool { evaluationsUsed < maxEvaluations && run.evaluationsLeft > 0 }
        func accept(_ p: Point) -> Bool { abs(p.slope) <= -c2 * slope0 }
        func fallback() -> (step: Double, value: Double)? {
            guard let b = best else { return nil }
            xOut = bestX; gOut = bestG
            return (b.alpha, b.value)
        }

        var previous = Point(alpha: 0, value: f0, slope: slope0)
        var alpha = initialStep
        var lo: Point, hi: Point
        var first = true
        // Bracketing.
        while true {
            guard canEvaluate(run) else { return fallback() }
            let current = evaluate(alpha, &run)
            if !current.value.isFinite || !current.slope.isFinite || current.value > f0 + c1 * alpha * slope0
                || (!first && current.value >= previous.value) {
                lo = previous; hi = current; break
            }
            if accept(current) { return (alpha, current.value) }
            if current.slope >= 0 { lo = current; hi = previous; break }
            // Extrapolate: the cubic's minimizer, kept in [α + 1.1Δ, α + 4Δ].
            let delta = alpha - previous.alpha
            let lower = alpha + 1.1 * delta, upper = alpha + 4 * delta
            var next = Self.cubicMinimizer(previous, current) ?? upper
            if !(next >= lower && next <= upper) { next = upper }
            previous = current
            alpha = next
            first = false
        }
        // Zoom: lo satisfies sufficient decrease and has the lower value; the
        // bracket [lo, hi] contains an acceptable step.
        while true {
            let width = abs(hi.alpha - lo.alpha)
            if width <= 1e-14 * max(abs(lo.alpha), abs(hi.alpha)) || !canEvaluate(run) { return fallback() }
            let a = min(lo.alpha, hi.alpha), b = max(lo.alpha, hi.alpha)
            var trial: Double
            if hi.value.isFinite && hi.slope.isFinite {
                trial = Self.cubicMinimizer(lo, hi) ?? Self.quadraticMinimizer(lo, hi) ?? (a + b) / 2
            } else {
                trial = (a + b) / 2
            }
            if !(trial >= a + 0.1 * width && trial <= b - 0.1 * width) { trial = (a + b) / 2 }
            let point = evaluate(trial, &run)
            if !point.value.isFinite || !point.slope.isFinite || point.value > f0 + c1 * trial * slope0 || point.value >= lo.value {
                hi = point
            } else {
                if accept(point) { return (trial, point.value) }
                if point.slope * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                lo = point
            }
        }
    }

    /// The minimizer of the cubic through (a, φ_a, φ′_a) and (b, φ_b, φ′_b),
    /// nil when it has none (Nocedal and Wright, eq. 3.59).
    static func cubicMinimizer(_ p: Point, _ q: Point) -> Double? {
        let d1 = p.slope + q.slope - 3 * (p.value - q.value) / (p.alpha - q.alpha)
        let radicand = d1 * d1 - p.slope * q.slope
        guard radicand >= 0 else { return nil }
        let d2 = (q.alpha > p.alpha ? 1.0 : -1.0) * radicand.squareRoot()
        let denominator = q.slope - p.slope + 2 * d2
        guard denominator != 0 else { return nil }
        let m = q.alpha - (q.alpha - p.alpha) * (q.slope + d2 - d1) / denominator
        return m.isFinite ? m : nil
    }

    /// The minimizer of the quadratic through (a, φ_a, φ′_a) and (b, φ_b).
    static func quadraticMinimizer(_ p: Point, _ q: Point) -> Double? {
        let h = q.alpha - p.alpha
        let curvature = q.value - p.value - p.slope * h
        guard curvature > 0 else { return nil }
        let m = p.alpha - p.slope * h * h / (2 * curvature)
        return m.isFinite ? m : nil
    }
}
