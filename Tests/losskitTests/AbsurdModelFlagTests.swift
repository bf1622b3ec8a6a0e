import Foundation
import Testing

/// Absurd sizes for the trained models' flags end in one clear error line and
/// a non-zero exit, never in an allocation trap or a NaN model.
@Suite struct AbsurdModelFlagTests {
    static let anscombe = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path
    static let base = ["fit", anscombe, "--target", "y1", "--features", "x1"]

    @Test(arguments: [
        (["--model", "mlp", "--hidden", "100000000"], "hiddenLayerSizes"),
        (["--model", "mlp", "--hidden", "30000,30000"], "hiddenLayerSizes"),
        (["--model", "svr", "--kernel", "poly", "--kernel-degree", "1000000000"], "degree"),
    ])
    func refusedWithOneLine(flags: [String], names: String) throws {
        let outcome = try ToolRunner.run(Self.base + flags + ["--json"])
        #expect(outcome.status != 0)
        #expect(outcome.stdout.isEmpty)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(names), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("Fatal error"))
    }
}
