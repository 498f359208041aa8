import GreenGridDomain
import GreenGridEngine
import GreenGridSimulation

/// Prints the demo's events for a person: each trade once, each gate closure with its
/// interval's totals, halts and resumes; and keeps the totals for the final summary.
struct TradePrinter {
    let market: Market
    let traders: DemoTraders
    let quiet: Bool

    struct IntervalTotals {
        var trades = 0
        var quantityWh: Int64 = 0
        var valueMicros: Int64 = 0
    }

    var perInterval: [Int64: [IntervalTotals]] = [:]
    var trades = 0
    var crossZoneTrades = 0
    var tradedWh: Int64 = 0
    var tradedValueMicros: Int64 = 0
    var gridFeesMicros: Int64 = 0
    var renewableWh: Int64 = 0
    var expired = 0
    var cancelled = 0
    var rejected: [RejectReason: Int] = [:]
    var accepted = 0
    var eventCount = 0
    /// Escrows and settlements, for the demo's settlement runs and its summary.
    var money = DemoMoney()

    init(market: Market, traders: DemoTraders, quiet: Bool) {
        self.market = market
        self.traders = traders
        self.quiet = quiet
    }

    func name(_ traderId: TraderId) -> String { traders.persona(traderId)?.name ?? "trader #\(traderId)" }

    mutating func absorb(_ eventsByZone: [ContiguousArray<Event>]) {
        for events in eventsByZone {
            for event in events { absorb(event) }
        }
    }

    mutating func absorb(_ submitted: (events: [ContiguousArray<Event>], ledger: ContiguousArray<SequencedLedgerCommand>)) {
        absorb(submitted.events)
        money.absorb(submitted.ledger)
    }

    mutating func absorb(_ event: Event) {
        eventCount += 1
        switch event.kind {
        case .trade(let trade):
            // A cross-zone trade is in both zones' streams: count it in the aggressor's.
            let aggressorZone = trade.aggressor == .buy ? trade.buyZone : trade.sellZone
            guard event.zone == aggressorZone else { return }
            record(trade, at: event.timestampMs)
        case .accepted: accepted += 1
        case .expired: expired += 1
        case .cancelled: cancelled += 1
        case .rejected(_, _, _, let reason): rejected[reason, default: 0] += 1
        case .zoneStatus(let status):
            print("\(Format.clock(event.timestampMs)) *** zone \(market.zones[Int(event.zone)].name) is now \(status == .halted ? "HALTED by the grid operator" : "open again")")
        case .gateClosed(let interval):
            if event.zone == 0 { printGate(interval, at: event.timestampMs) }
        default: break
        }
    }

    mutating func record(_ trade: Trade, at timestampMs: Int64) {
        money.noteTrade(trade)
        trades += 1
        tradedWh += trade.quantityWh
        tradedValueMicros += trade.valueMicros
        gridFeesMicros += trade.gridFeeMicros
        if trade.source.isRenewable { renewableWh += trade.quantityWh }
        var totals = perInterval[trade.intervalStartMs] ?? Array(repeating: IntervalTotals(), count: market.zones.count)
        totals[Int(trade.buyZone)].trades += 1
        totals[Int(trade.buyZone)].quantityWh += trade.quantityWh
        totals[Int(trade.buyZone)].valueMicros += trade.valueMicros
        perInterval[trade.intervalStartMs] = totals
        let route: String
        if trade.path >= 0 {
            crossZoneTrades += 1
            route = "\(market.zones[Int(trade.sellZone)].name)→\(market.zones[Int(trade.buyZone)].name)"
        } else {
            route = market.zones[Int(trade.buyZone)].name
        }
        guard !quiet else { return }
        let fee = trade.gridFeeMicros > 0 ? " + grid fee \(Format.money(trade.gridFeeMicros))" : ""
        print("\(Format.clock(timestampMs)) [\(route)] \(Format.energy(trade.quantityWh)) kWh \(trade.source) for \(Format.clock(trade.intervalStartMs)) @ \(Format.price(trade.priceMicrosPerKWh))/kWh = \(Format.money(trade.valueMicros))\(fee)  \(name(trade.sellerId)) → \(name(trade.buyerId))")
    }

    mutating func printGate(_ interval: Int64, at timestampMs: Int64) {
        let totals = perInterval.removeValue(forKey: interval) ?? Array(repeating: IntervalTotals(), count: market.zones.count)
        let zones = market.zones.indices.map { z -> String in
            let t = totals[z]
            let vwap = t.quantityWh > 0 ? TradeValue.divideRoundingHalfAwayFromZero(t.valueMicros * 1000, by: t.quantityWh) : 0
            return "\(market.zones[z].name) \(t.trades) trades \(Format.energy(t.quantityWh)) kWh" + (t.quantityWh > 0 ? " vwap \(Format.price(vwap))" : "")
        }
        print("\(Format.clock(timestampMs)) == gate closed for \(Format.clock(interval))–\(Format.clock(interval + DeliveryInterval.lengthMs)): " + zones.joined(separator: " | "))
    }
}
