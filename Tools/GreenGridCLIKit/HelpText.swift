/// The help pages. Exit codes and the password's environment variable live in the main page,
/// where scripts' authors look first.
enum HelpText {
    static var main: String {
        var lines = [
            "greengrid — the GreenGrid exchange from the command line",
            "",
            "usage: greengrid [global options] COMMAND [arguments] [--json]",
            "",
            "commands:",
        ]
        let width = CommandCatalogue.all.map(\.name.count).max() ?? 0
        for spec in CommandCatalogue.all {
            lines.append("  " + spec.name + String(repeating: " ", count: width - spec.name.count) + "  " + spec.summary)
        }
        lines += [
            "",
            "Run `greengrid COMMAND --help` for a command's arguments.",
            "",
        ] + globalOptions + [
            "",
            "exit codes:",
        ]
        for code in ExitCode.allCases { lines.append("  \(code.rawValue)  \(code.meaning)") }
        lines += [
            "",
            "Zones are named by name (harbour) or index (0). Energy is shown in kWh with 3 decimals,",
            "prices in currency per kWh with at least 4 decimals, money (wallet amounts) in currency units",
            "with 6 decimals, times as UTC ISO-8601.",
        ]
        return lines.joined(separator: "\n")
    }

    static let globalOptions = [
        "global options:",
        "  --host HOST        exchange host (default 127.0.0.1)",
        "  --port PORT        exchange port (default 7600)",
        "  --user NAME        user to log on as (required by every command)",
        "  --password P       password; if omitted, taken from the environment variable GREENGRID_PASSWORD",
        "                     (prefer the variable: a command line is visible to other users)",
        "  --timeout-ms N     how long to wait for the exchange's answers (default 5000)",
        "  --json             machine output: one JSON object per line on stdout (a command prints one;",
        "                     book --watch prints one per redraw). Refusals print {\"ok\":false,…} there too.",
        "  --help             show help",
    ]

    static func command(_ spec: CommandSpec) -> String {
        (["usage: \(spec.synopsis)", "", spec.summary, ""] + spec.details.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            + [""] + globalOptions + ["", "Exit codes: see `greengrid --help`."]).joined(separator: "\n")
    }

    static func group(_ word: String) -> String {
        let specs = CommandCatalogue.all.filter { $0.words.first == word }
        return (["usage:"] + specs.map { "  \($0.synopsis)" } + ["", "Run `greengrid \(word) SUBCOMMAND --help` for details."])
            .joined(separator: "\n")
    }
}
