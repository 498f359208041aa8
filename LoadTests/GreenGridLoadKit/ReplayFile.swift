/// The replay command file: one command per line, so feeds from anywhere can be compared.
///
///     N,<orderId>,<traderId>,<B|S>,<priceTicks>,<quantityWh>   new limit order (good till cancelled)
///     C,<orderId>                                              cancel
///     # ...                                                    comment
///
/// Fields are decimal integers; ids and quantities positive, prices positive ticks.
public enum ReplayCommand: Sendable, Hashable {
    case new(orderId: UInt64, traderId: UInt32, side: ReplaySide, priceTicks: Int64, quantityWh: Int64)
    case cancel(orderId: UInt64)
}

public enum ReplaySide: UInt8, Sendable, Hashable { case buy, sell }

public struct ReplayParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
    public init(line: Int, reason: String) { self.line = line; self.reason = reason }
}

public enum ReplayFile {
    /// Lines longer than this are not commands.
    public static let lineBytesMax = 256

    public static func parse(_ bytes: [UInt8]) throws(ReplayParseError) -> [ReplayCommand] {
        var commands: [ReplayCommand] = []
        commands.reserveCapacity(bytes.count / 24)
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            if lineEnd - start > lineBytesMax { throw ReplayParseError(line: lineNumber, reason: "longer than \(lineBytesMax) bytes") }
            if lineEnd > start && bytes[start] != UInt8(ascii: "#") {
                commands.append(try parseLine(bytes[start..<lineEnd], line: lineNumber))
            }
            start = end + 1
        }
        return commands
    }

    static func parseLine(_ line: ArraySlice<UInt8>, line number: Int) throws(ReplayParseError) -> ReplayCommand {
        let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        func fail(_ reason: String) -> ReplayParseError { ReplayParseError(line: number, reason: reason) }
        func integer(_ index: Int, _ name: String) throws(ReplayParseError) -> Int64 {
            guard index < fields.count, let value = Int64(String(decoding: fields[index], as: UTF8.self)), value > 0 else {
                throw fail("\(name) must be a positive integer")
            }
            return value
        }
        switch fields.first.map({ String(decoding: $0, as: UTF8.self) }) {
        case "N":
            guard fields.count == 6 else { throw fail("a new order has 6 fields") }
            let sideText = String(decoding: fields[3], as: UTF8.self)
            guard sideText == "B" || sideText == "S" else { throw fail("side must be B or S") }
            let trader = try integer(2, "traderId")
            guard trader <= Int64(UInt32.max) else { throw fail("traderId must fit 32 bits") }
            return .new(orderId: UInt64(try integer(1, "orderId")), traderId: UInt32(trader),
                        side: sideText == "B" ? .buy : .sell, priceTicks: try integer(4, "priceTicks"),
                        quantityWh: try integer(5, "quantityWh"))
        case "C":
            guard fields.count == 2 else { throw fail("a cancel has 2 fields") }
            return .cancel(orderId: UInt64(try integer(1, "orderId")))
        default:
            throw fail("a command starts with N or C")
        }
    }
}
