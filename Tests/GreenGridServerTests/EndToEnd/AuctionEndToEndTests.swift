import Foundation
import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

/// Dutch auctions over loopback: the seller's AuctionAccepted, Fill and AuctionEnded, the
/// buyer's Fill at the auction's price, AuctionUpdate and AuctionResult in market data (and in
/// a snapshot), stops, zone auctions by the grid operator, and who may do what.
@Suite("Server Dutch auctions", .serialized)
struct AuctionEndToEndTests {
    /// Prices on harbour's tick inside the interval's band: floor, and a step a quarter of the way
    /// (at most 0.05) so four steps reach the floor.
    static func prices(_ server: ExchangeServer, interval: Int64) -> (start: Int64, floor: Int64, step: Int64) {
        let zone = server.market.zones[0]
        let tick = zone.priceRules.tickMicrosPerKWh
        let band = zone.priceBand(forIntervalStartMs: interval).onTicks(tick)!
        let floor = band.floorMicrosPerKWh
        let step = max(tick, min(50_000, (band.capMicrosPerKWh - floor) / 4) / tick * tick)
        return (floor + 4 * step, floor, step)
    }

    static func start(_ clientOrderId: ClientOrderId, interval: Int64, prices: (start: Int64, floor: Int64, step: Int64),
                      quantityWh: Int64 = 5_000, stepIntervalMs: Int64 = 1_000, forZone: Bool = false) -> Message {
        .auctionStart(Message.AuctionStart(clientOrderId: clientOrderId, zone: 0, intervalStartMs: interval, quantityWh: quantityWh,
                                           startPriceMicrosPerKWh: prices.start, floorPriceMicrosPerKWh: prices.floor,
                                           stepMicrosPerKWh: prices.step, stepIntervalMs: stepIntervalMs, unsoldAtFloor: .expire,
                                           source: .solar, forZone: forZone))
    }

    /// The next message that is not a book update or a price/print of other traffic: what the test waits for.
    static func next(_ client: ProtocolClient, where matches: (Message) -> Bool) throws -> Message {
        for _ in 0..<50 {
            let message = try client.expectMessage()
            if matches(message) { return message }
        }
        throw ClientError(operation: "expected message never came", errno: 0)
    }

    @Test("a bid two steps down fills at the auction's price when the clock gets there; seller and market data see it all")
    func auctionSells() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let prices = Self.prices(server, interval: interval)
            let watcher = try ProtocolClient(port: server.port)
            try watcher.logonAccepted("admin", password: DemoUsers.adminPassword)
            try watcher.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: interval, snapshot: false)))
            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")
            try buyer.send(order(1, .buy, interval: interval, quantityWh: 5_000, price: prices.floor + 2 * prices.step))
            guard case .orderAccepted(let bid) = try buyer.expectMessage() else { Issue.record("expected OrderAccepted"); return }
            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour")
            try seller.send(Self.start(9, interval: interval, prices: prices))
            guard case .auctionAccepted(let accepted) = try seller.expectMessage() else { Issue.record("expected AuctionAccepted"); return }
            #expect(accepted.clientOrderId == 9 && accepted.quantityWh == 5_000 && accepted.startPriceMicrosPerKWh == prices.start)
            #expect(!accepted.byZone && accepted.nextStepMs > 0)

            // The seller: a Fill under the auction's id, then the end.
            guard case .fill(let sellerFill) = try seller.expectMessage() else { Issue.record("expected the seller's Fill"); return }
            #expect(sellerFill.orderId == accepted.auctionId && sellerFill.clientOrderId == 9 && sellerFill.side == .sell)
            #expect(sellerFill.priceMicrosPerKWh == prices.floor + 2 * prices.step && sellerFill.quantityWh == 5_000)
            guard case .auctionEnded(let ended) = try seller.expectMessage() else { Issue.record("expected AuctionEnded"); return }
            #expect(ended.auctionId == accepted.auctionId && ended.phase == .sold && ended.soldWh == 5_000 && ended.unsoldWh == 0)
            // The buyer: filled at the auction's price, which is its own limit here.
            guard case .fill(let buyerFill) = try buyer.expectMessage() else { Issue.record("expected the buyer's Fill"); return }
            #expect(buyerFill.orderId == bid.orderId && buyerFill.remainingWh == 0 && buyerFill.tradeId == sellerFill.tradeId)

            // Market data: started, two steps (the second with the fill), the trade, the result.
            var phases: [AuctionPhase] = []
            var result: Message.AuctionResult?
            while result == nil {
                switch try watcher.expectMessage() {
                case .auctionUpdate(let update):
                    #expect(update.auctionId == accepted.auctionId)
                    phases.append(update.phase)
                case .auctionResult(let r): result = r
                default: break
                }
            }
            #expect(phases == [.started, .stepped, .stepped])
            #expect(result?.phase == .sold && result?.soldWh == 5_000 && result?.finalPriceMicrosPerKWh == prices.floor + 2 * prices.step)
        }
    }

    @Test("a running auction is in the snapshot; the seller stops it (the rest expires); others may not")
    func snapshotAndStop() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let prices = Self.prices(server, interval: interval)
            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour")
            try seller.send(Self.start(3, interval: interval, prices: prices, stepIntervalMs: 60_000))
            guard case .auctionAccepted(let accepted) = try seller.expectMessage() else { Issue.record("expected AuctionAccepted"); return }

            let watcher = try ProtocolClient(port: server.port)
            try watcher.logonAccepted("consumer-harbour")
            try watcher.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: interval, snapshot: true)))
            guard case .snapshotBegin(let begin) = try watcher.expectMessage() else { Issue.record("expected SnapshotBegin"); return }
            var inSnapshot: [Message.AuctionUpdate] = []
            while true {
                let message = try watcher.expectMessage()
                if case .auctionUpdate(let update) = message { inSnapshot.append(update) }
                if case .snapshotEnd = message { break }
            }
            #expect(inSnapshot.map(\.auctionId) == [accepted.auctionId])
            #expect(inSnapshot.first?.zoneSequence == begin.zoneSequence && inSnapshot.first?.remainingWh == 5_000)

            let other = try ProtocolClient(port: server.port)
            try other.logonAccepted("community-harbour")
            try other.send(.auctionStop(Message.AuctionStop(zone: 0, auctionId: accepted.auctionId)))
            guard case .orderRejected(let refused) = try other.expectMessage() else { Issue.record("expected OrderRejected"); return }
            #expect(refused.reason == .notOrderOwner && refused.rejectedType == .auctionStop && refused.orderId == accepted.auctionId)

            try seller.send(.auctionStop(Message.AuctionStop(zone: 0, auctionId: accepted.auctionId)))
            guard case .auctionEnded(let ended) = try seller.expectMessage() else { Issue.record("expected AuctionEnded"); return }
            #expect(ended.phase == .stopped && ended.stopReason == .cancelled && ended.unsoldWh == 5_000 && ended.unsoldOutcome == .expire)
            let result = try Self.next(watcher) { if case .auctionResult = $0 { return true }; return false }
            guard case .auctionResult(let r) = result else { return }
            #expect(r.phase == .stopped && r.stopReason == .cancelled && r.unsoldWh == 5_000)
        }
    }

    @Test("the grid operator starts a zone auction for the community account and is answered under its own id")
    func zoneAuctionByOperator() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let prices = Self.prices(server, interval: interval)
            let gridOperator = try ProtocolClient(port: server.port)
            try gridOperator.logonAccepted(DemoUsers.operatorUsername)
            let community = try ProtocolClient(port: server.port)
            try community.logonAccepted("community-harbour")
            try gridOperator.send(Self.start(41, interval: interval, prices: prices, stepIntervalMs: 60_000, forZone: true))
            guard case .auctionAccepted(let forOperator) = try gridOperator.expectMessage() else {
                Issue.record("expected AuctionAccepted for the operator")
                return
            }
            #expect(forOperator.clientOrderId == 41 && forOperator.byZone)
            guard case .auctionAccepted(let forAccount) = try community.expectMessage() else {
                Issue.record("expected AuctionAccepted for the community account")
                return
            }
            #expect(forAccount.auctionId == forOperator.auctionId && forAccount.clientOrderId != 41)

            // Refused zone auctions reach the operator under their id; a prosumer may not ask for one.
            try gridOperator.send(Self.start(42, interval: interval, prices: (prices.floor, prices.start, prices.step), forZone: true))
            guard case .orderRejected(let refused) = try gridOperator.expectMessage() else { Issue.record("expected OrderRejected"); return }
            #expect(refused.clientOrderId == 42 && refused.reason == .auctionScheduleInvalid && refused.rejectedType == .auctionStart)
            let prosumer = try ProtocolClient(port: server.port)
            try prosumer.logonAccepted("prosumer-harbour")
            try prosumer.send(Self.start(1, interval: interval, prices: prices, forZone: true))
            guard case .orderRejected(let notAllowed) = try prosumer.expectMessage() else { Issue.record("expected OrderRejected"); return }
            #expect(notAllowed.reason == .roleCannotOperateGrid)
        }
    }

    @Test("a consumer may not start or stop auctions (deny by default); an operator without forZone has nothing to sell")
    func access() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let prices = Self.prices(server, interval: interval)
            let consumer = try ProtocolClient(port: server.port)
            try consumer.logonAccepted("consumer-harbour")
            try consumer.send(Self.start(1, interval: interval, prices: prices))
            guard case .protocolReject(let reject) = try consumer.expectMessage() else { Issue.record("expected ProtocolReject"); return }
            #expect(reject.rejectedType == MessageType.auctionStart.rawValue)
            try consumer.send(.auctionStop(Message.AuctionStop(zone: 0, auctionId: 1)))
            guard case .protocolReject(let stopReject) = try consumer.expectMessage() else { Issue.record("expected ProtocolReject"); return }
            #expect(stopReject.rejectedType == MessageType.auctionStop.rawValue)
            let gridOperator = try ProtocolClient(port: server.port)
            try gridOperator.logonAccepted(DemoUsers.operatorUsername)
            try gridOperator.send(Self.start(1, interval: interval, prices: prices))
            guard case .orderRejected(let refused) = try gridOperator.expectMessage() else { Issue.record("expected OrderRejected"); return }
            #expect(refused.reason == .roleCannotTrade)
        }
    }
}
