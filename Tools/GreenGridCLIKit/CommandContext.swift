/// What a running command may use: its parsed command line, the environment (for the
/// password), where to print, and the clock (pinned in tests).
struct CommandContext: Sendable {
    var invocation: Invocation
    var environment: [String: String]
    var console: Console
    var nowMs: @Sendable () -> Int64

    var json: Bool { invocation.json }

    /// Prints the human text, or with `--json` the object (with `"ok": true` first).
    func emit(human: String, json object: [(String, JSONValue)]) {
        if json {
            console.line(JSONValue.object([("ok", .bool(true))] + object).rendered)
        } else {
            console.line(human)
        }
    }
}
