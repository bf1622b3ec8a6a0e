import LossKitData
import LossKitNumerics

/// The 2-norm condition number `σ_max/σ_min` of an R factor (the scaled
/// design's), from `SingularValueDecomposition` (one-sided Jacobi, which finds
/// the small singular values of a triangular matrix to high relative accuracy).
/// NaN for an empty matrix, +∞ when singular.
/// - Complexity: O(k³) per Jacobi sweep for a k × k matrix.
enum ConditionNumber {
    static func ofUpperTriangular(_ r: [[Double]]) -> Double {
        guard !r.isEmpty, let matrix = try? Matrix(rowMajor: r),
              let svd = try? SingularValueDecomposition(matrix) else { return .nan }
        return svd.conditionNumber
    }
}
