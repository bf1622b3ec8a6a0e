/// Anscombe's quartet: four data sets of 11 (x, y) points with the same mean,
/// variance, correlation and least-squares line (y ≈ 3.00 + 0.500 x, R² ≈ 0.67),
/// and very different shapes. Set III is a straight line but for one outlier
/// that drags the L2 fit; set IV is a vertical cloud plus one leverage point.
///
/// Source: F. J. Anscombe (1973), "Graphs in Statistical Analysis",
/// *The American Statistician* 27(1), 17–21; the values as in R's
/// `datasets::anscombe`. The same numbers ship as `data/anscombe.csv`.
public enum Anscombe {
    /// One of the four sets.
    public struct DataSet: Sendable {
        public let name: String
        public let x: [Double]
        public let y: [Double]
    }

    static let x123: [Double] = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]

    /// The four sets, in Anscombe's order I, II, III, IV.
    public static let quartet: [DataSet] = [
        DataSet(name: "I", x: x123,
                y: [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]),
        DataSet(name: "II", x: x123,
                y: [9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74]),
        DataSet(name: "III", x: x123,
                y: [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73]),
        DataSet(name: "IV", x: [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8],
                y: [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89]),
    ]
}
