import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// One drawing of a zone's book and last trades, as text or as one JSON object.
struct BookView {
    var zone: Message.ZoneInfo
    var status: ZoneStatus
    var levels: [BookLevel]
    var trades: [Message.TradePrint]
    var depth: Int
    var interval: Int64?
    var nowMs: Int64

    static let noHistoryNote = "trades are those seen since this command started (the client library offers no replay of earlier ones)"

    /// Intervals to show: the one asked for, else every interval with a level.
    var intervals: [Int64] {
        if let interval { return [interval] }
        return Array(Set(levels.map(\.intervalStartMs))).sorted()
    }

    func side(_ side: Side, of interval: Int64) -> [BookLevel] {
        Array(levels.filter { $0.intervalStartMs == interval && $0.side == side }.prefix(depth))
    }

    var text: String {
        var lines = ["\(zone.name) (zone \(zone.zone)) — \(Vocabulary.name(status)) — \(UTCTime.format(ms: nowMs))", ""]
        if intervals.isEmpty { lines.append("book empty") }
        for interval in intervals {
            lines.append("interval \(UTCTime.format(ms: interval))")
            let bids = side(.buy, of: interval)
            let asks = side(.sell, of: interval)
            var table = Table([("BID ORDERS", .right), ("BID kWh", .right), ("BID PRICE", .right), ("ASK PRICE", .right), ("ASK kWh", .right),
                               ("ASK ORDERS", .right)])
            for row in 0..<max(bids.count, asks.count, 1) {
                let bid = row < bids.count ? bids[row] : nil
                let ask = row < asks.count ? asks[row] : nil
                table.add([bid.map { String($0.orderCount) } ?? "", bid.map { AmountFormat.kWh(fromWh: $0.quantityWh) } ?? "",
                           bid.map { AmountFormat.price(micros: $0.priceMicrosPerKWh) } ?? (row == 0 ? "-" : ""),
                           ask.map { AmountFormat.price(micros: $0.priceMicrosPerKWh) } ?? (row == 0 ? "-" : ""),
                           ask.map { AmountFormat.kWh(fromWh: $0.quantityWh) } ?? "", ask.map { String($0.orderCount) } ?? ""])
            }
            lines.append(table.rendered)
            lines.append("")
        }
        lines.append("last trades (newest first):")
        if trades.isEmpty {
            lines.append("  none seen yet — \(Self.noHistoryNote)")
        } else {
            var table = Table([("TIME", .left), ("INTERVAL", .left), ("PRICE/kWh", .right), ("kWh", .right), ("AGGRESSOR", .left), ("SOURCE", .left)])
            for trade in trades {
                table.add([UTCTime.format(ms: trade.timestampMs, milliseconds: true), UTCTime.format(ms: trade.intervalStartMs),
                           AmountFormat.price(micros: trade.priceMicrosPerKWh), AmountFormat.kWh(fromWh: trade.quantityWh),
                           Vocabulary.name(trade.aggressor), Vocabulary.name(trade.source)])
            }
            lines.append(table.rendered)
        }
        return lines.joined(separator: "\n")
    }

    var json: JSONValue {
        func level(_ level: BookLevel) -> JSONValue {
            .object([("priceMicrosPerKWh", .int(level.priceMicrosPerKWh)), ("quantityWh", .int(level.quantityWh)),
                     ("orders", .int(Int64(level.orderCount)))])
        }
        return .object([
            ("ok", .bool(true)), ("command", .string("book")), ("zone", .int(Int64(zone.zone))), ("zoneName", .string(zone.name)),
            ("status", .string(Vocabulary.name(status))), ("time", .string(UTCTime.format(ms: nowMs))),
            ("intervals", .array(intervals.map { interval in
                .object([("intervalStart", .string(UTCTime.format(ms: interval))), ("bids", .array(side(.buy, of: interval).map(level))),
                         ("asks", .array(side(.sell, of: interval).map(level)))])
            })),
            ("trades", .array(trades.map { trade in
                .object([("tradeId", .uint(trade.tradeId)), ("time", .string(UTCTime.format(ms: trade.timestampMs, milliseconds: true))),
                         ("intervalStart", .string(UTCTime.format(ms: trade.intervalStartMs))), ("priceMicrosPerKWh", .int(trade.priceMicrosPerKWh)),
                         ("quantityWh", .int(trade.quantityWh)), ("aggressor", .string(Vocabulary.name(trade.aggressor))),
                         ("source", .string(Vocabulary.name(trade.source)))])
            })),
            ("tradesNote", .string(Self.noHistoryNote)),
        ])
    }
}
