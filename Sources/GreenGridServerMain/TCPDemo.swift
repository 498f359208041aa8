import Foundation
import GreenGridDomain
import GreenGridEngine
import GreenGridProtocol
import GreenGridServer
import GreenGridSimulation

/// `greengrid-server --demo`: the server with simulated traders connecting over TCP. Per zone
/// a prosumer and a consumer session send the demo personas' orders (sells and producer bids
/// through the prosumer, household and business buys through the consumer); one more session
/// subscribes to every zone and prints each trade as the market data shows it.
enum TCPDemo {
    final class Totals: @unchecked Sendable {
        let lock = NSLock()
        var trades = 0
        var tradedWh: Int64 = 0
        var crossZone = 0
        var accepted = 0
        var rejected: [UInt16: Int] = [:]
        var fills = 0
        func with(_ body: (Totals) -> Void) { lock.lock(); body(self); lock.unlock() }
    }

    static func run(port: UInt16, market: Market, seconds: Int, seed: UInt64) throws {
        let totals = Totals()
        let deadline = Date().addingTimeInterval(Double(seconds))
        print("demo: \(market.zones.count) zones; simulated traders connect to 127.0.0.1:\(port) and trade for \(seconds) s")

        let watcher = try ExchangeClient(port: port)
        _ = try watcher.logon(username: "admin", password: DemoUsers.adminPassword)
        try watcher.send([.subscribe(.init(zone: 0xFFFF, intervalStartMs: 0, snapshot: false))])
        let watching = Thread {
            watch(watcher, market: market, totals: totals, until: deadline.addingTimeInterval(1))
        }
        watching.start()

        var sessions: [String: ExchangeClient] = [:]
        for zone in market.zones {
            for kind in ["prosumer", "consumer"] {
                let client = try ExchangeClient(port: port)
                _ = try client.logon(username: "\(kind)-\(zone.name)", password: DemoUsers.traderPassword)
                sessions["\(kind)-\(zone.name)"] = client
            }
        }
        var traders = DemoTraders(market: market, seed: seed)
        var clientOrderId: UInt64 = UInt64(Date().timeIntervalSince1970 * 1000) * 1000
        while Date() < deadline {
            let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
            var outgoing: [String: [Message]] = [:]
            for command in traders.act(nowMs: nowMs) {
                guard case .newOrder(let order) = command, let persona = traders.persona(order.traderId) else { continue }
                clientOrderId += 1
                let account = "\(persona.participant.role == .consumer ? "consumer" : "prosumer")-\(market.zones[order.zone].name)"
                outgoing[account, default: []].append(.newOrder(.init(
                    clientOrderId: clientOrderId, zone: UInt16(order.zone), intervalStartMs: order.intervalStartMs,
                    side: order.side, quantityWh: order.quantityWh, priceMicrosPerKWh: order.priceMicrosPerKWh,
                    timeInForce: order.timeInForce, source: order.source, acceptedSources: order.acceptedSources,
                    selfTradePrevention: order.selfTradePrevention)))
            }
            for (account, messages) in outgoing { try sessions[account]?.send(messages) }
            // Read what came back (acknowledgements and fills), so no session falls behind.
            for client in sessions.values {
                while let message = try client.next(timeoutMs: 0) {
                    totals.with {
                        switch message {
                        case .orderAccepted: $0.accepted += 1
                        case .orderRejected(let rejected): $0.rejected[rejected.reason.rawValue, default: 0] += 1
                        case .fill: $0.fills += 1
                        default: break
                        }
                    }
                }
                try client.send([.heartbeat(.init())])
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        for client in sessions.values { client.close() }
        while !watching.isFinished { Thread.sleep(forTimeInterval: 0.05) }
        watcher.close()
        totals.with { t in
            print("""

            demo summary: \(t.trades) trades (\(t.crossZone) across zones), \(Format.energy(t.tradedWh)) kWh; \
            \(t.accepted) orders acknowledged after the journal commit, \(t.fills) fills reported to the traders; \
            rejected: \(t.rejected.isEmpty ? "none" : t.rejected.sorted { $0.key < $1.key }.map { "\(RejectReason(rawValue: $0.key).map { "\($0)" } ?? "\($0.key)") \($0.value)" }.joined(separator: ", "))
            """)
        }
    }

    /// Prints each trade once (a trade across zones is in both zones' streams) and keeps the
    /// session alive with heartbeats.
    static func watch(_ client: ExchangeClient, market: Market, totals: Totals, until deadline: Date) {
        do {
            var lastSent = Date()
            while Date() < deadline {
                // The server ends sessions that stay silent for three heartbeat intervals.
                if Date().timeIntervalSince(lastSent) >= 0.5 {
                    try client.send([.heartbeat(.init())])
                    lastSent = Date()
                }
                guard let message = try client.next(timeoutMs: 250) else { continue }
                guard case .tradePrint(let trade) = message else { continue }
                let aggressorZone = trade.aggressor == .buy ? trade.buyZone : trade.sellZone
                guard trade.zone == aggressorZone else { continue }
                let route = trade.buyZone == trade.sellZone
                    ? market.zones[Int(trade.buyZone)].name
                    : "\(market.zones[Int(trade.sellZone)].name)→\(market.zones[Int(trade.buyZone)].name)"
                totals.with {
                    $0.trades += 1
                    $0.tradedWh += trade.quantityWh
                    if trade.buyZone != trade.sellZone { $0.crossZone += 1 }
                }
                print("\(Format.clock(trade.timestampMs)) [\(route)] \(Format.energy(trade.quantityWh)) kWh \(trade.source) for \(Format.clock(trade.intervalStartMs)) @ \(Format.price(trade.priceMicrosPerKWh))/kWh  (zone sequence \(trade.zoneSequence))")
            }
        } catch {
            print("demo: market-data session ended: \(error)")
        }
    }
}
