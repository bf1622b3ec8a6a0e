import LossKitData
import LossKitModels
import LossKitNumerics

/// Running minimum and maximum.
struct Extent {
    var lower = Double.infinity
    var upper = -Double.infinity
    mutating func add(_ v: Double) {
        if v < lower { lower = v }
        if v > upper { upper = v }
    }
}
