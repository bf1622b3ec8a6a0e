import ArgumentParser

/// The subcommands, in the order `losskit --help` lists them.
let commandList: [ParsableCommand.Type] = [
    ConvergeCommand.self,
    DemoCommand.self,
    EvaluateCommand.self,
    FitCommand.self,
    PredictCommand.self,
    ReportCommand.self,
]
