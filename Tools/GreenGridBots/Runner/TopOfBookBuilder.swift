import GreenGridClient
import GreenGridDomain

/// Best bid and ask per interval from the mirrored book, with the bot's own resting quantity
/// taken out of each level first: a level that is only the bot's own quote is not a price the
/// market offers, and anchoring on it would make quotes chase themselves.
enum TopOfBookBuilder {
    static func build(levels: [BookLevel], own: [OwnOrder]) -> [Int64: TopOfBook] {
        struct LevelKey: Hashable { var interval: Int64; var side: Side; var price: Int64 }
        var ownWh: [LevelKey: Int64] = [:]
        for order in own {
            ownWh[LevelKey(interval: order.key.intervalStartMs, side: order.key.side, price: order.priceMicrosPerKWh), default: 0]
                += order.remainingWh
        }
        var tops: [Int64: TopOfBook] = [:]
        // Levels come best price first per interval and side, so the first with others' quantity wins.
        for level in levels {
            let key = LevelKey(interval: level.intervalStartMs, side: level.side, price: level.priceMicrosPerKWh)
            guard level.quantityWh - (ownWh[key] ?? 0) > 0 else { continue }
            var top = tops[level.intervalStartMs] ?? TopOfBook()
            switch level.side {
            case .buy where top.bidMicrosPerKWh == nil: top.bidMicrosPerKWh = level.priceMicrosPerKWh
            case .sell where top.askMicrosPerKWh == nil: top.askMicrosPerKWh = level.priceMicrosPerKWh
            default: break
            }
            tops[level.intervalStartMs] = top
        }
        return tops
    }
}
