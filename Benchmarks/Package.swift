// swift-tools-version: 6.1
// LossKit's benchmarks: a separate package so that the main package's
// `swift build` and `swift test` never build the benchmark machinery.
//
//   cd Benchmarks && swift package benchmark                          # every suite
//   cd Benchmarks && swift package benchmark --filter 'MSE.*Float.*'  # a subset
//   cd Benchmarks && swift build -c release --product losskit-bench-io  # for bench/*.py
import PackageDescription

let package = Package(
    name: "LossKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "LossKit", path: ".."),
        .package(
            url: "https://github.com/ordo-one/benchmark",
            from: "1.38.1",
            traits: ["MallocInterposer"]
        ),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // What the suites and the side-by-side tool share: the read kernel
        // (bandwidth reference), seeded data, .npy files, timing.
        .target(name: "BenchSupport"),
        // Times LossKit on data from a .npy file, for bench/compare_*.py.
        .executableTarget(
            name: "losskit-bench-io",
            dependencies: [
                "BenchSupport",
                .product(name: "LossKit", package: "LossKit"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)

// Each benchmark suite: an executable under Benchmarks/<Name>/, run through the
// BenchmarkPlugin (`swift package benchmark`).
for suite in ["LossKernels", "LeastSquares"] {
    package.targets.append(
        .executableTarget(
            name: suite,
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LossKit", package: "LossKit"),
            ],
            path: "Benchmarks/\(suite)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
