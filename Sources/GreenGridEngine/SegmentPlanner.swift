import GreenGridDomain

/// The mediator's synchronous bookkeeping: it queues local commands per zone, knows the
/// interconnector capacity and the cross-zone bounds, and says when a command must leave the
/// parallel segment. A plain struct, so the per-command work runs in place, without the
/// copies an actor's stored properties would cost on every access.
struct SegmentPlanner {
    var capacity: CapacityLedger
    var bounds: CrossZoneBounds
    var lastSequence: UInt64 = 0
    var pending: [[SequencedCommand]]
    /// Every zone's neighbours with the paths each way, flattened: `links[linkStart[z]..<linkStart[z+1]]`.
    let links: [Link]
    let linkStart: [Int]
    let window: TradingWindow

    struct Link {
        var neighbour: ZoneIndex
        /// neighbour → zone: the path a buy in the zone draws on.
        var inboundPath: Int
        var inboundFeeMicrosPerKWh: Int64
        /// zone → neighbour: the path a sell in the zone draws on.
        var outboundPath: Int
        var outboundFeeMicrosPerKWh: Int64
    }

    enum Admission {
        /// Queued in the current segment.
        case queued
        /// The command may reach another zone: run it alone, with every zone idle.
        case crossZone(ZoneIndex)
        /// It names no zone the market has (the sequencer refuses these; replay skips them).
        case dropped
        /// The exchange's money alone takes it (a meter reading): no zone is involved.
        case wallets
        /// Settlement: run with every zone idle, its credits reach the zones before anything later.
        case settlement
    }

    init(market: Market) {
        capacity = CapacityLedger(market: market)
        bounds = CrossZoneBounds(zoneCount: market.zones.count, window: market.window)
        window = market.window
        pending = Array(repeating: [], count: market.zones.count)
        var links: [Link] = []
        var linkStart: [Int] = []
        for zone in 0..<market.zones.count {
            linkStart.append(links.count)
            for neighbour in market.neighbours(of: zone) {
                let inbound = market.pathIndex[neighbour][zone], outbound = market.pathIndex[zone][neighbour]
                links.append(Link(neighbour: neighbour,
                                  inboundPath: inbound, inboundFeeMicrosPerKWh: market.paths[inbound].feeMicrosPerKWh,
                                  outboundPath: outbound, outboundFeeMicrosPerKWh: market.paths[outbound].feeMicrosPerKWh))
            }
        }
        linkStart.append(links.count)
        self.links = links
        self.linkStart = linkStart
    }

    mutating func admit(_ command: SequencedCommand) -> Admission {
        precondition(command.sequence > lastSequence, "commands must arrive in sequence order")
        lastSequence = command.sequence
        switch command.command {
        case .intervalReading: return .wallets
        case .settleInterval: return .settlement
        default: break
        }
        guard let zone = command.command.zone else {
            for index in pending.indices { pending[index].append(command) }
            if case .closeGate(let interval) = command.command { capacity.close(intervalStartMs: interval) }
            return .queued
        }
        guard zone >= 0 && zone < pending.count else { return .dropped }
        // An order for an interval that is misaligned or not open at the command's time is
        // refused by its zone whatever the books hold, so it stays local — and it must not
        // touch the bounds ring, where it could land in the slot of an open interval.
        if let probe = Self.probe(command.command), DeliveryInterval.isAligned(probe.intervalStartMs),
           window.isOpen(intervalStartMs: probe.intervalStartMs, nowMs: command.timestampMs) {
            if mayCross(zone: zone, probe) { return .crossZone(zone) }
            bounds.noteOrder(zone: zone, intervalStartMs: probe.intervalStartMs, side: probe.side,
                             priceMicrosPerKWh: probe.priceMicrosPerKWh)
        }
        pending[zone].append(command)
        return .queued
    }

    /// Hands out the queued work per zone and empties the queues.
    mutating func takePending() -> [(zone: ZoneIndex, commands: [SequencedCommand])] {
        var work: [(zone: ZoneIndex, commands: [SequencedCommand])] = []
        for zone in pending.indices where !pending[zone].isEmpty {
            work.append((zone, pending[zone]))
            pending[zone] = []
        }
        return work
    }

    struct Probe {
        var intervalStartMs: Int64
        var side: Side
        var priceMicrosPerKWh: Int64
    }

    /// What can be seen of an order-bearing command without asking its zone.
    static func probe(_ command: Command) -> Probe? {
        switch command {
        case .newOrder(let order):
            return Probe(intervalStartMs: order.intervalStartMs, side: order.side, priceMicrosPerKWh: order.priceMicrosPerKWh)
        case .replace(let replace):
            return Probe(intervalStartMs: replace.intervalStartMs, side: replace.side, priceMicrosPerKWh: replace.priceMicrosPerKWh)
        default:
            return nil
        }
    }

    func mayCross(zone: ZoneIndex, _ probe: Probe) -> Bool {
        let buy = probe.side == .buy
        for i in linkStart[zone]..<linkStart[zone + 1] {
            let link = links[i]
            if bounds.mayReach(neighbour: link.neighbour, intervalStartMs: probe.intervalStartMs, side: probe.side,
                               limitMicrosPerKWh: probe.priceMicrosPerKWh,
                               feeMicrosPerKWh: buy ? link.inboundFeeMicrosPerKWh : link.outboundFeeMicrosPerKWh)
                && capacity.leftWh(intervalStartMs: probe.intervalStartMs, path: buy ? link.inboundPath : link.outboundPath) > 0 {
                return true
            }
        }
        return false
    }

    mutating func absorbTops(_ report: ZoneReport) {
        for top in report.tops {
            bounds.setTop(zone: report.zone, intervalStartMs: top.intervalStartMs, bestBid: top.bestBid, bestAsk: top.bestAsk)
        }
    }
}
