// LossKit — the L2 loss and everything people do with it.
//
// `import LossKit` re-exports the library's modules, one per stage of the
// data flow (see Package.swift):
//   LossKitData      CSV, TSV and .npy input → columns of numbers; shipped data sets
//   LossKitNumerics  Core (errors, reductions, accurate sums), LinearAlgebra
//                    (Matrix, QR, Cholesky, eigen/SVD), Losses, Metrics,
//                    Statistics, Output (JSON values, text tables)
//   LossKitModels    the model contract (Regressor, FittedRegressor,
//                    RegressionData, ModelRegistry), least squares, ridge,
//                    robust fits, outlier diagnostics, model files
//   LossKitReport    the self-contained HTML report with SVG plots
@_exported import LossKitData
@_exported import LossKitModels
@_exported import LossKitNumerics
@_exported import LossKitOptimization
@_exported import LossKitReport
