import Foundation
import GreenGridLoadKit

/// The replay scenario: parse first, then one untimed-per-command pass for throughput and a
/// second pass on a fresh book that times every command for the latency percentiles.
enum ReplayScenario {
    static func run(path: String) throws -> JSONLine {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReplayParseError(line: 0, reason: "cannot read \(path)")
        }
        let commands = try ReplayFile.parse([UInt8](data))
        print("replay: \(commands.count) commands parsed from \(path)")

        var book = ReplayBook()
        let start = monotonicNanoseconds()
        for command in commands { book.apply(command) }
        let elapsedNs = monotonicNanoseconds() - start

        var timed = ReplayBook()
        var histogram = LatencyHistogram()
        for command in commands {
            let before = monotonicNanoseconds()
            timed.apply(command)
            histogram.record(monotonicNanoseconds() - before)
        }
        precondition(timed.trades == book.trades && timed.tradedWh == book.tradedWh, "two passes disagree")
        precondition(book.book.invariantViolation() == nil, "book invariant broken after replay")

        let seconds = Double(elapsedNs) / 1e9
        var line = JSONLine()
        line.add("scenario", "replay")
        line.add("books", 1)
        line.add("commands", commands.count)
        line.add("seconds", seconds, decimals: 4)
        line.add("commands_per_s", Int(Double(commands.count) / seconds))
        line.add(latency: histogram)
        line.add("trades", book.trades)
        line.add("traded_wh", book.tradedWh)
        line.add("rejected", book.rejected)
        line.add("self_trade_cancels", book.selfTradeCancels)
        line.add("resting_orders", book.book.restingCount)
        return line
    }
}
