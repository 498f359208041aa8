/// A tiny argument parser: positional words, `--name value` options and `--flag` switches.
/// Every executable declares which options and flags it knows, so a typo is an error, not a
/// silently ignored setting.
public struct Arguments: Sendable {
    public private(set) var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public init(_ arguments: [String], options: Set<String>, flags knownFlags: Set<String>) throws(Failure) {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word.hasPrefix("--") {
                let name = String(word.dropFirst(2))
                if knownFlags.contains(name) {
                    flags.insert(name)
                } else if options.contains(name) {
                    guard index + 1 < arguments.count else { throw Failure(description: "--\(name) needs a value") }
                    values[name] = arguments[index + 1]
                    index += 1
                } else {
                    throw Failure(description: "unknown option --\(name)")
                }
            } else {
                positional.append(word)
            }
            index += 1
        }
    }

    public func flag(_ name: String) -> Bool { flags.contains(name) }
    public func string(_ name: String) -> String? { values[name] }

    public func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(Failure) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text.replacingUnderscores()), range.contains(value) else {
            throw Failure(description: "--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return value
    }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
