import ArgumentParser

/// Times LossKit on arrays read from `.npy` files, so that `bench/compare_*.py`
/// can put LossKit beside numpy, scikit-learn and PyTorch on the very same
/// bytes, timed the same way (best of `--repetitions` after `--warmup` calls).
/// Prints one JSON object on standard output.
@main
struct LossKitBenchIO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "losskit-bench-io",
        abstract: "Time LossKit kernels on data from .npy files (for bench/compare_*.py).",
        subcommands: [ReadCommand.self, MSECommand.self, OLSCommand.self, RobustCommand.self, LinearSVRCommand.self,
                      GradientStepCommand.self, HuberRegressorCommand.self, SGEMMCommand.self, SGDCommand.self]
    )
}

/// Options every subcommand shares.
struct TimingOptions: ParsableArguments {
    @Option(help: "Untimed calls before timing (0: none).")
    var warmup = 2

    @Option(help: "Timed calls; the best and the median are reported.")
    var repetitions = 10

    func validate() throws {
        guard warmup >= 0 else { throw ValidationError("--warmup must be ≥ 0") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be ≥ 1") }
    }
}
