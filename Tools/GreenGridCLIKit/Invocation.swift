import GreenGridCommandLine

/// The command line split into the command it names, that command's operands and its options,
/// parsed twice: once to find the command, then against exactly the options that command knows.
struct Invocation: Sendable {
    var spec: CommandSpec
    var arguments: Arguments
    var operands: [String]
    /// Set when help was asked for: the page to print instead of running anything.
    var help: String?

    var json: Bool { arguments.flag("json") }

    /// nil: no command at all (the caller prints the main help as a usage error).
    init?(_ words: [String]) throws {
        let everyOption = CommandCatalogue.all.reduce(CommandSpec.globalOptions) { $0.union($1.options) }
        let everyFlag = CommandCatalogue.all.reduce(CommandSpec.globalFlags) { $0.union($1.flags) }
        let wantsHelp = words.contains("-h") || words.contains("--help")
        let cleaned = words.filter { $0 != "-h" }
        let rough = try Arguments(cleaned, options: everyOption, flags: everyFlag)
        var positional = rough.positional
        if positional.first == "help" {
            positional.removeFirst()
            try self.init(helpFor: positional)
            return
        }
        if positional.isEmpty {
            guard wantsHelp else { return nil }
            self.init(helpPage: HelpText.main)
            return
        }
        let match = CommandCatalogue.all.filter { positional.starts(with: $0.words) }.max { $0.words.count < $1.words.count }
        guard let spec = match else {
            if CommandCatalogue.groups.contains(positional[0]) {
                if wantsHelp {
                    self.init(helpPage: HelpText.group(positional[0]))
                    return
                }
                let known = CommandCatalogue.all.filter { $0.words[0] == positional[0] }.map { $0.words[1] }
                let given = positional.count > 1 ? "'\(positional[1])'" : "nothing"
                throw UsageError("\(positional[0]) needs a subcommand (\(known.joined(separator: ", "))), got \(given)")
            }
            throw UsageError("unknown command '\(positional[0])'")
        }
        if wantsHelp {
            self.init(helpPage: HelpText.command(spec))
            return
        }
        let arguments = try Arguments(cleaned, options: CommandSpec.globalOptions.union(spec.options),
                                      flags: CommandSpec.globalFlags.union(spec.flags))
        self.init(spec: spec, arguments: arguments, operands: Array(arguments.positional.dropFirst(spec.words.count)), help: nil)
    }

    private init(spec: CommandSpec, arguments: Arguments, operands: [String], help: String?) {
        self.spec = spec
        self.arguments = arguments
        self.operands = operands
        self.help = help
    }

    private init(helpPage: String) {
        self.init(spec: CommandCatalogue.all[0], arguments: try! Arguments([], options: [], flags: []), operands: [], help: helpPage)
    }

    /// `greengrid help [COMMAND…]`.
    private init(helpFor words: [String]) throws {
        if let spec = CommandCatalogue.all.first(where: { $0.words == words }) {
            self.init(helpPage: HelpText.command(spec))
        } else if words.count == 1, CommandCatalogue.groups.contains(words[0]) {
            self.init(helpPage: HelpText.group(words[0]))
        } else {
            self.init(helpPage: HelpText.main)
        }
    }

    /// Requires exactly `count` operands, named in the error by `names`.
    func operands(_ names: [String]) throws(UsageError) -> [String] {
        guard operands.count == names.count else {
            let expected = names.isEmpty ? "no arguments" : names.joined(separator: " ")
            throw UsageError("\(spec.name) takes \(expected), got \(operands.isEmpty ? "none" : operands.joined(separator: " "))")
        }
        return operands
    }
}
