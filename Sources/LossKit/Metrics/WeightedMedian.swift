/// Medians for `medianAbsoluteError`, defined exactly as scikit-learn 1.9.
///
/// - Unweighted: `numpy.median` — the middle value, or the mean of the two
///   middle values for even n.
/// - Weighted: `sklearn.utils.stats._weighted_percentile(values, w, 50,
///   average=True)`, the "averaged inverted CDF" (Hyndman & Fan): sort the
///   values, accumulate the weights left to right (`numpy.cumsum`, plain
///   sequential sums, so the tie decisions below fall where scikit-learn's do),
///   let `t = 0.5·Σw` and `i` the first sorted index with `cdf[i] ≥ t`.
///   If `cdf[i] − t > ε` (machine epsilon, an absolute threshold as in
///   scikit-learn) the median is `v[i]`; otherwise it is the mean of `v[i]` and
///   the next value that has a positive weight (or `v[i]` itself if there is
///   none). With all weights 1 this is `numpy.median`.
enum WeightedMedian {
    /// The median of values that contain no NaN. O(n log n).
    static func median(_ values: [Double]) -> Double {
        let v = values.sorted()
        let n = v.count
        if n % 2 == 1 { return v[n / 2] }
        return midpoint(v[n / 2 - 1], v[n / 2])
    }

    /// The weighted median of values that contain no NaN, weights finite,
    /// non-negative and not all zero. O(n log n).
    static func median(_ values: [Double], weights: [Double]) -> Double {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var cdf = [Double]()
        cdf.reserveCapacity(order.count)
        var running = 0.0
        for i in order {
            running += weights[i]
            cdf.append(running)
        }
        var target = 0.5 * running
        if target == 0 { target = target.nextUp }
        let last = order.count - 1
        // numpy.searchsorted(cdf, target, side='left'), clipped to the last index.
        let index = min(partitionPoint(cdf) { $0 >= target }, last)
        let value = values[order[index]]
        if cdf[index] - target > Double.ulpOfOne { return value }
        var next = min(index + 1, last)
        if weights[order[next]] == 0 {
            // The first index whose cdf exceeds cdf[index] (side='right').
            let after = partitionPoint(cdf) { $0 > cdf[index] }
            next = after > last ? index : after
        }
        return midpoint(value, values[order[next]])
    }

    /// `(a + b) / 2` as numpy computes it, without overflow for huge a and b.
    static func midpoint(_ a: Double, _ b: Double) -> Double {
        let sum = a + b
        return sum.isFinite ? sum / 2 : a / 2 + b / 2
    }

    /// The first index where `predicate` (monotone false → true) holds.
    private static func partitionPoint(_ cdf: [Double], _ predicate: (Double) -> Bool) -> Int {
        var low = 0
        var high = cdf.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(cdf[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
