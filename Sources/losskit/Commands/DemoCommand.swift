import ArgumentParser
import Foundation
import LossKit

/// `losskit demo`: the headline story on Anscombe's quartet, which ships with
/// the package.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The headline story on Anscombe's quartet: one L2 line for four different data sets, and the outlier that drags it.",
        discussion: """
        Fits least squares to each of Anscombe's four data sets (they share the same
        line, y ≈ 3.00 + 0.500 x, and R² ≈ 0.67), diagnoses where L2 is the wrong
        choice, refits set III with Huber and L1, and writes an HTML report.

        Examples:
          losskit demo
          losskit demo --output /tmp/demo.html
          losskit demo --json
        """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the HTML report ('-': standard output).", valueName: "file.html"))
    var output: String = "losskit-demo.html"

    @Flag(help: "Do not write the HTML report.")
    var noReport = false

    @OptionGroup var jsonOutput: OutputOptions

    func validate() throws {
        if output == "-", jsonOutput.json, !noReport {
            throw ValidationError("--output - writes the HTML to standard output, where --json prints too; give --output a file")
        }
    }

    func run() throws {
        let demo = try AnscombeDemo()
        var reportPath: String?
        if !noReport {
            try AtomicFile.write(Data(try demo.document().html().utf8), to: output)
            reportPath = output
        }
        print(jsonOutput.json ? demo.json(reportPath: reportPath).rendered() : try demo.text(reportPath: reportPath))
    }
}
