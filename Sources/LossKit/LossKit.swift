// LossKit — the L2 loss and everything people do with it.
//
// The library is laid out by stage of the data flow:
//   Data/          CSV, TSV and .npy input → columns of numbers
//   LinearAlgebra/ Matrix, QR, Cholesky, eigen/SVD: the solvers
//   Models/        least-squares fits (OLS, weighted, polynomial, ridge, streaming)
//   Losses/        pointwise regression losses with gradients and reductions
//   Metrics/       scikit-learn-compatible regression metrics
//   Report/        the self-contained HTML report with SVG plots
//   Core/          errors, reductions, accurate summation shared by all of them
