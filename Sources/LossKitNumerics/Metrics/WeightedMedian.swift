/// Medians for `medianAbsoluteError`, defined exactly as scikit-learn 1.9.
///
/// - Unweighted: `numpy.median` — the middle value, or the mean of the two
///   middle values for even n (found by selection, not a full sort).
/// - Weighted: `sklearn.utils.stats._weighted_percentile(values, w, 50,
///   average=True)`, the "averaged inverted CDF" (Hyndman & Fan): sort the
///   values, accumulate the weights left to right (`numpy.cumsum`, plain
///   sequential sums, so the tie decisions below fall where scikit-learn's do),
///   let `t = 0.5·Σw` and `i` the first sorted index with `cdf[i] ≥ t`.
///   If `cdf[i] − t > ε` (machine epsilon, an absolute threshold as in
///   scikit-learn) the median is `v[i]`; otherwise it is the mean of `v[i]` and
///   the next value that has a positive weight (or `v[i]` itself if there is
///   none). With all weights 1 this is `numpy.median`.
package enum WeightedMedian {
    /// The median of values that contain no NaN, by selection (numpy's
    /// `partition`): O(n) expected time, O(n) memory for the copy.
    package static func median(_ values: [Double]) -> Double {
        var v = values
        return median(reordering: &v)
    }

    /// `median(_:)` that reorders `v` in place instead of copying it.
    package static func median(reordering v: inout [Double]) -> Double {
        let n = v.count
        let k = n / 2
        select(&v, k)
        if n % 2 == 1 { return v[k] }
        // v[..<k] holds the k smallest values; the largest of them is the lower middle.
        return midpoint(v[..<k].max() ?? v[k], v[k])
    }

    /// The weighted median of values that contain no NaN, weights finite,
    /// non-negative and not all zero. O(n) (a radix sort; scikit-learn sorts).
    static func median(_ values: [Double], weights: [Double]) -> Double {
        let sorted = sortedPairs(values, weights)
        var cdf = [Double]()
        cdf.reserveCapacity(sorted.count)
        var running = 0.0
        for item in sorted {
            running += item.weight
            cdf.append(running)
        }
        var target = 0.5 * running
        if target == 0 { target = target.nextUp }
        let last = sorted.count - 1
        // numpy.searchsorted(cdf, target, side='left'), clipped to the last index.
        let index = min(partitionPoint(cdf) { $0 >= target }, last)
        let value = sorted[index].value
        if cdf[index] - target > Double.ulpOfOne { return value }
        var next = min(index + 1, last)
        if sorted[next].weight == 0 {
            // The first index whose cdf exceeds cdf[index] (side='right').
            let after = partitionPoint(cdf) { $0 > cdf[index] }
            next = after > last ? index : after
        }
        return midpoint(value, sorted[next].value)
    }

    /// `(value, weight)` pairs in ascending order of value, for values ≥ 0 and
    /// not NaN (absolute errors): a stable LSD radix sort on the IEEE bit
    /// patterns, which order non-negative doubles as their values. O(n).
    static func sortedPairs(_ values: [Double], _ weights: [Double]) -> [(value: Double, weight: Double)] {
        let n = values.count
        var pairs = zip(values, weights).map { (value: $0, weight: $1) }
        guard n > 256 else { return pairs.sorted { $0.value < $1.value } }
        // Six 11-bit digits (2048 buckets stay in cache); all histograms in one pass.
        let bits = 11
        let buckets = 1 << bits
        let passes = (64 + bits - 1) / bits
        var counts = [Int](repeating: 0, count: buckets * passes)
        counts.withUnsafeMutableBufferPointer { c in
            for pair in pairs {
                var key = pair.value.bitPattern
                for pass in 0..<passes {
                    c[pass * buckets + Int(truncatingIfNeeded: key & UInt64(buckets - 1))] += 1
                    key >>= UInt64(bits)
                }
            }
        }
        var scratch = pairs
        for pass in 0..<passes {
            let base = pass * buckets
            if counts[base..<base + buckets].contains(n) { continue }  // one digit value for all keys
            var offset = 0
            for k in base..<base + buckets {
                let c = counts[k]
                counts[k] = offset
                offset += c
            }
            let shift = UInt64(pass * bits)
            pairs.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { c in
                        for pair in source {
                            let d = base + Int(truncatingIfNeeded: (pair.value.bitPattern >> shift) & UInt64(buckets - 1))
                            target[c[d]] = pair
                            c[d] += 1
                        }
                    }
                }
            }
            swap(&pairs, &scratch)
        }
        return pairs
    }

    /// Rearranges `v` so that `v[k]` is its k-th smallest value, everything
    /// before it ≤ it and everything after ≥ it (Hoare partitions around a
    /// median of three; a sort finishes ranges that partition badly).
    package static func select(_ v: inout [Double], _ k: Int) {
        v.withUnsafeMutableBufferPointer { b in
            var low = 0
            var high = b.count - 1
            var rounds = 0
            while high > low {
                rounds += 1
                if rounds > 64 {
                    b[low...high].sort()
                    return
                }
                let mid = low + (high - low) / 2
                if b[mid] < b[low] { b.swapAt(mid, low) }
                if b[high] < b[low] { b.swapAt(high, low) }
                if b[high] < b[mid] { b.swapAt(high, mid) }
                let pivot = b[mid]
                var i = low
                var j = high
                while i <= j {
                    while b[i] < pivot { i &+= 1 }
                    while b[j] > pivot { j &-= 1 }
                    if i <= j {
                        b.swapAt(i, j)
                        i &+= 1
                        j &-= 1
                    }
                }
                if k <= j {
                    high = j
                } else if k >= i {
                    low = i
                } else {
                    return  // j < k < i: v[k] equals the pivot and sits in place
                }
            }
        }
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
