// swift-tools-version: 6.0
// LossKit: the L2 loss (mean squared error), the losses you switch to when L2 is
// the wrong choice, and least-squares models you can trust to the last digit.
import PackageDescription

let package = Package(
    name: "LossKit",
    products: [
        .library(name: "LossKit", targets: ["LossKit"]),
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
        // The library: data in → matrix → model fit → result → out.
        .target(
            name: "LossKit",
            dependencies: [
                "CLossKitKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
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
                "LossKit",
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
