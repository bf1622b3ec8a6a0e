/// The step-size schedules of stochastic gradient descent, with scikit-learn's
/// `SGDRegressor` / `MLPRegressor` meanings, so settings carry over.
///
/// With `t` the number of updates so far, counted from 1:
/// - `constant`: η = η₀.
/// - `optimal`: η = 1 / (α·(t₀ + t − 1)) (Bottou's schedule for an
///   α-strongly-convex objective); `t₀` from `optimalOffset(alpha:lossSlope:)`.
/// - `invscaling`: η = η₀ / t^power (scikit-learn's default power 0.25;
///   t^0.25 and t^0.5 are taken as square roots, within an ulp of `pow`).
/// - `adaptive`: η = η₀ while the score improves; after `patience` epochs
///   without an improvement of at least `tol`, η ← η / 5; training stops when
///   η < 1e-6 (`LearningRateScheduler.endEpoch(improved:)` does the bookkeeping).
public enum LearningRateSchedule: Sendable, Equatable {
    case constant(eta0: Double)
    case optimal(alpha: Double, offset: Double)
    case invscaling(eta0: Double, power: Double)
    case adaptive(eta0: Double)

    /// The names the tool takes (`--learning-rate`), as scikit-learn spells them.
    public static let names = ["constant", "optimal", "invscaling", "adaptive"]

    /// Bottou's initial offset `t₀` for the `optimal` schedule, as scikit-learn
    /// computes it: with `typw = √(1/√α)` and `η₀ = typw / max(1, g)`,
    /// `t₀ = 1 / (η₀·α)`, where `g = lossSlope(typw)` is scikit-learn's
    /// `loss.dloss(1, −typw)`, the derivative with respect to the prediction
    /// at prediction 1 and target −typw. For every regression loss that slope
    /// is negative, so scikit-learn's η₀ is `typw`; pass `{ _ in 0 }` for that.
    public static func optimalOffset(alpha: Double, lossSlope: (Double) -> Double) -> Double {
        let typicalWeight = (1 / alpha.squareRoot()).squareRoot()
        let eta0 = typicalWeight / max(1, lossSlope(typicalWeight))
        return 1 / (eta0 * alpha)
    }

    /// η at update `t` (from 1); for `adaptive`, the starting rate.
    public func rate(atUpdate t: Int) -> Double {
        let t = Double(max(t, 1))
        switch self {
        case let .constant(eta0), let .adaptive(eta0): return eta0
        case let .optimal(alpha, offset): return 1 / (alpha * (offset + t - 1))
        case let .invscaling(eta0, power):
            // t^¼ and t^½ (scikit-learn's default power and the other common
            // one) as square roots: within an ulp of `pow`, and a tenth of its
            // cost, which matters at one rate per SGD step.
            if power == 0.25 { return eta0 / t.squareRoot().squareRoot() }
            if power == 0.5 { return eta0 / t.squareRoot() }
            return eta0 / pow(t, power)
        }
    }
}

/// A schedule with its state: the update counter and, for `adaptive`, the
/// current rate and the epochs without improvement.
public struct LearningRateScheduler: Sendable, Equatable {
    public let schedule: LearningRateSchedule
    /// Epochs without improvement before `adaptive` divides η by 5.
    public let patience: Int
    /// Updates taken so far.
    public private(set) var updates = 0
    private var adaptiveRate: Double
    private var epochsWithoutImprovement = 0

    /// The floor below which `adaptive` stops training (scikit-learn's 1e-6).
    public static let adaptiveFloor = 1e-6

    public init(_ schedule: LearningRateSchedule, patience: Int = 5) {
        self.schedule = schedule
        self.patience = max(1, patience)
        if case let .adaptive(eta0) = schedule { adaptiveRate = eta0 } else { adaptiveRate = 0 }
    }

    /// The rate for the next update (advances the counter).
    public mutating func next() -> Double {
        updates += 1
        if case .adaptive = schedule { return adaptiveRate }
        return schedule.rate(atUpdate: updates)
    }

    /// The rates of the next `rates.count` updates, in order (advances the
    /// counter by that many): what `next()` would return, called that often.
    /// - Complexity: O(rates.count).
    public mutating func next(into rates: UnsafeMutableBufferPointer<Double>) {
        if case .adaptive = schedule {
            for i in rates.indices { rates[i] = adaptiveRate }
            updates += rates.count
            return
        }
        // One loop per schedule (the switch hoisted), the same values as `rate(atUpdate:)`.
        let first = updates + 1
        switch schedule {
        case let .invscaling(eta0, power) where power == 0.25 || power == 0.5:
            // Four rates at a time (t is exact in Double up to 2⁵³ updates).
            let quarter = power == 0.25
            var t = SIMD4<Double>(0, 1, 2, 3) + Double(first)
            var i = 0
            while i + 4 <= rates.count {
                let root = quarter ? t.squareRoot().squareRoot() : t.squareRoot()
                let r = SIMD4<Double>(repeating: eta0) / root
                for lane in 0..<4 { rates[i + lane] = r[lane] }
                t += 4
                i += 4
            }
            while i < rates.count {
                let u = Double(first + i)
                rates[i] = eta0 / (quarter ? u.squareRoot().squareRoot() : u.squareRoot())
                i += 1
            }
        default:
            for i in rates.indices { rates[i] = schedule.rate(atUpdate: first + i) }
        }
        updates += rates.count
    }

    /// The rate the next update would use, without advancing.
    public var current: Double {
        if case .adaptive = schedule { return adaptiveRate }
        return schedule.rate(atUpdate: updates + 1)
    }

    /// Records the end of an epoch; for `adaptive`, divides η by 5 after
    /// `patience` epochs without improvement. Returns `false` when training
    /// should stop (`adaptive` fell below `adaptiveFloor`).
    public mutating func endEpoch(improved: Bool) -> Bool {
        guard case .adaptive = schedule else { return true }
        if improved { epochsWithoutImprovement = 0; return true }
        epochsWithoutImprovement += 1
        if epochsWithoutImprovement >= patience {
            adaptiveRate /= 5
            epochsWithoutImprovement = 0
        }
        return adaptiveRate >= Self.adaptiveFloor
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
