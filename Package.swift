// swift-tools-version: 6.0
// LossKit: the L2 loss (mean squared error), the losses you switch to when L2 is
// the wrong choice, and least-squares models you can trust to the last digit.
import PackageDescription

let package = Package(
    name: "LossKit",
    products: [
        // Everything: the umbrella re-exports the four modules below.
        .library(name: "LossKit", targets: ["LossKit"]),
        // Or only the stage an app needs: losses and metrics without a CSV
        // parser or an HTML writer, a CSV reader without the numerics.
        .library(name: "LossKitNumerics", targets: ["LossKitNumerics"]),
        .library(name: "LossKitData", targets: ["LossKitData"]),
        .library(name: "LossKitModels", targets: ["LossKitModels"]),
        .library(name: "LossKitReport", targets: ["LossKitReport"]),
        .library(name: "LossKitOptimization", targets: ["LossKitOptimization"]),
        .executable(name: "losskit", targets: ["losskit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // Small portable C kernels with run-time CPU dispatch (AVX2/FMA, AVX-512)
        // for the compute-bound dense linear algebra. No flags, no system library.
        .target(name: "CLossKitKernels"),
        // The library, by stage of the data flow: data in → numerics (matrix,
        // losses, metrics) → model fit → result → out (JSON, tables, report).
        // `package` access is what crosses between them; nothing else does.
        //
        // Numerics: Core (errors, reductions, accurate sums), LinearAlgebra,
        // Losses, Metrics, Statistics, Output (JSON values, text tables).
        .target(
            name: "LossKitNumerics",
            dependencies: [
                "CLossKitKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // Optimizers: objectives, full-batch and stochastic optimizers, step
        // rules (SGD with momentum, Adam, AdamW) and learning-rate schedules,
        // shared by every model that trains by gradient. Numerics only for
        // the Cholesky factorization (Newton) and SplitMix64 (shuffling).
        .target(name: "LossKitOptimization", dependencies: ["LossKitNumerics"]),
        // Data in: CSV/TSV and .npy readers, the shipped data sets. No numerics.
        .target(name: "LossKitData"),
        // Models: the model contract, least squares, ridge, robust fits,
        // outlier diagnostics, model files.
        .target(
            name: "LossKitModels",
            dependencies: ["LossKitNumerics", "LossKitData", "LossKitOptimization", "CLossKitKernels"]
        ),
        // Out: the self-contained HTML report, its charts, the model comparison.
        .target(
            name: "LossKitReport",
            dependencies: ["LossKitNumerics", "LossKitData", "LossKitModels"]
        ),
        // The umbrella: `import LossKit` gives all of the above.
        .target(
            name: "LossKit",
            dependencies: ["LossKitNumerics", "LossKitData", "LossKitOptimization", "LossKitModels", "LossKitReport"]
        ),
        // The command-line tool: a thin shell over the library.
        .executableTarget(
            name: "losskit",
            dependencies: [
                "LossKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LossKitTests",
            dependencies: [
                "LossKit", "LossKitNumerics", "LossKitData", "LossKitOptimization", "LossKitModels", "LossKitReport",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "losskitTests",
            dependencies: ["losskit"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
