// swift-tools-version: 6.0
// libFuzzer targets for LossKit (issue 10, class 6). A separate package so the
// main package's build stays free of sanitizer flags. Build and run with
// `Fuzz/run.sh TARGET [SECONDS]`; see Fuzz/README.md.
import PackageDescription

let package = Package(
    name: "LossKitFuzz",
    dependencies: [
        .package(name: "LossKit", path: ".."),
    ],
    targets: [
        // Writes one input to a tmpfs file (the readers only read paths).
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver", .product(name: "LossKitData", package: "LossKit")]),
        // Declares libFuzzer's LLVMFuzzerRunDriver for the targets' entry points.
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: ["FuzzSupport", .product(name: "LossKitData", package: "LossKit")]
        ),
        .executableTarget(
            name: "FuzzFloat",
            dependencies: ["FuzzSupport", .product(name: "LossKitData", package: "LossKit")]
        ),
        .executableTarget(
            name: "FuzzNPY",
            dependencies: ["FuzzSupport", .product(name: "LossKitData", package: "LossKit")]
        ),
        .executableTarget(
            name: "FuzzModelFile",
            dependencies: ["FuzzSupport", .product(name: "LossKitModels", package: "LossKit")]
        ),
    ],
    // Harness code: plain C stdio and globals, no concurrency to check.
    swiftLanguageModes: [.v5]
)
