import ArgumentParser
import LossKit

@main
struct LossKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "losskit",
        abstract: "Measure, fit and look at the L2 loss — and see when it is the wrong choice.",
        subcommands: []
    )
}
