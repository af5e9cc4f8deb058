import ArgumentParser

/// The root command of one of lapgan's executables. Both report every error one way, through ArgumentParser:
/// `error: …` on stderr and a non-zero exit status, with the usage added for mistakes in the arguments.
/// Library errors print their description; `CommandFailure` carries a message of the executable's own.
public protocol ToolCommand: ParsableCommand {}

extension ToolCommand {
    public static var _errorPrefix: String { "error: " }
}
