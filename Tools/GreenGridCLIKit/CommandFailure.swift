/// A command that could not finish, carrying the exit code that classifies it so every failure
/// path ends in one place that prints and exits consistently.
struct CommandFailure: Error, Sendable {
    var exitCode: ExitCode
    var message: String
    /// What `--json` prints on stdout besides the message on stderr, so scripts see refusals as data.
    var json: JSONValue?

    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: .usage, message: message, json: nil)
    }
}
