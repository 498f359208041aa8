/// What share of an open-loop run is which request, in parts (they need not add up to 100).
/// Kept as integer parts so a mix written on the command line reads back exactly.
public struct LoadMix: Sendable, Hashable, CustomStringConvertible {
    /// New limit orders a few ticks behind the touch: they rest and build the book.
    public var passive: Int
    /// New limit orders through the touch: they trade against the other side's resting orders.
    public var crossing: Int
    /// Cancels of one of the connection's own resting orders.
    public var cancel: Int
    /// Replaces (new price and quantity) of one of the connection's own resting orders.
    public var replace: Int

    public init(passive: Int = 60, crossing: Int = 15, cancel: Int = 15, replace: Int = 10) {
        self.passive = passive
        self.crossing = crossing
        self.cancel = cancel
        self.replace = replace
    }

    public var total: Int { passive + crossing + cancel + replace }

    public var description: String { "passive=\(passive),crossing=\(crossing),cancel=\(cancel),replace=\(replace)" }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// `passive=60,crossing=15,cancel=15,replace=10`; parts not named are 0.
    public static func parse(_ text: String) throws(ParseError) -> LoadMix {
        var mix = LoadMix(passive: 0, crossing: 0, cancel: 0, replace: 0)
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, let value = Int(pair[1]), value >= 0 else {
                throw ParseError(description: "--mix wants name=parts,… (passive, crossing, cancel, replace); got '\(part)'")
            }
            switch pair[0] {
            case "passive", "limit": mix.passive = value
            case "crossing", "cross": mix.crossing = value
            case "cancel": mix.cancel = value
            case "replace": mix.replace = value
            default: throw ParseError(description: "--mix: unknown part '\(pair[0])' (passive, crossing, cancel, replace)")
            }
        }
        guard mix.passive + mix.crossing > 0 else {
            throw ParseError(description: "--mix needs some new orders (passive or crossing), or there is nothing to cancel")
        }
        return mix
    }
}
