/// One command as the help and the parser know it: the words that name it, what follows them,
/// and the options it accepts (besides the global ones), so an option meant for another command
/// is an error instead of being silently ignored.
struct CommandSpec: Sendable {
    var words: [String]
    var operands: String
    var summary: String
    var details: String
    var options: Set<String> = []
    var flags: Set<String> = []

    var name: String { words.joined(separator: " ") }
    var synopsis: String { "greengrid \(name)\(operands.isEmpty ? "" : " " + operands)" }

    static let globalOptions: Set<String> = ["host", "port", "user", "password", "timeout-ms"]
    static let globalFlags: Set<String> = ["json", "help"]
}
