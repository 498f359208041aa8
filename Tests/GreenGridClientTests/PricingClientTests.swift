import Foundation
import GreenGridDomain
import GreenGridProtocol
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridClient

/// Prices over TCP: each open interval's time-of-use tier, band and tariff as the engine checks
/// orders against them, and its reference price by the zone's strategy (harbour is book-based in
/// the demo market), answered on request and pushed to price subscribers.
@Suite("Client prices", .serialized)
struct PricingClientTests {
    @Test("a book-based zone's reference is the mid of its book; tier, band and tariff are the engine's; subscribers get it pushed")
    func referenceAndTier() async throws {
        let pushed = HandlerInbox<Message.PriceInfo>()
        try await withServer(configure: { $0.pricingIntervalMs = 100 }) { server in
            let interval = openIntervalStartMs()
            let zone = server.market.zones[0]
            #expect(zone.referencePriceConfig.strategy == .bookBased, "the demo market prices harbour from its book")
            let seller = try await connect(server, "prosumer-harbour")
            let buyer = try await connect(server, "consumer-harbour")
            #expect(try await seller.place(order(.sell, interval: interval, quantityWh: 2_000, price: 140_000)).isSuccess)
            #expect(try await buyer.place(order(.buy, interval: interval, quantityWh: 1_000, price: 100_000)).isSuccess)

            let watcher = try await connect(server, "consumer-hillside") { $0.priceInfoHandler = { pushed.add($0) } }
            try watcher.subscribePrices(zone: 0)
            let deadline = Date().addingTimeInterval(5)
            while pushed.last { $0.intervalStartMs == interval }?.reference == nil, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }

            let info = try await watcher.price(zone: 0, intervalStartMs: interval)
            let reference = try #require(info.reference)
            #expect(reference.priceMicrosPerKWh == 120_000)
            #expect(reference.strategy == ReferencePriceConfig.Strategy.bookBased.code)
            #expect(reference.basis == ReferencePrice.Basis.midpoint.rawValue)
            #expect(info.tier == (zone.tier(forIntervalStartMs: interval)?.name ?? ""))
            #expect(info.tier.isEmpty == false, "harbour has time-of-use tiers")
            let band = zone.priceBand(forIntervalStartMs: interval)
            #expect(info.floorMicrosPerKWh == band.floorMicrosPerKWh)
            #expect(info.capMicrosPerKWh == band.capMicrosPerKWh)
            #expect(info.gridTariffMicrosPerKWh == zone.gridTariffMicrosPerKWh(forIntervalStartMs: interval))
            #expect(pushed.last { $0.intervalStartMs == interval }?.reference?.priceMicrosPerKWh == 120_000, "pushed to the subscriber too")
            #expect(pushed.all.allSatisfy { $0.zone == 0 && $0.requestId == 0 })

            // An order above the interval's cap is refused by the engine with the band it publishes.
            let above = try await buyer.place(order(.buy, interval: interval, price: info.capMicrosPerKWh + 100))
            guard case .rejected(let rejected) = above else { Issue.record("an order above the cap was accepted"); return }
            #expect(rejected.reason == .priceAboveCap)

            // A zone without tiers: the zone's own band, no tier, no tariff; without a book or trades, no reference.
            let plain = try await watcher.price(zone: 1, intervalStartMs: interval)
            #expect(plain.tier == "")
            #expect(plain.gridTariffMicrosPerKWh == nil)
            #expect(plain.capMicrosPerKWh == server.market.zones[1].priceRules.capMicrosPerKWh)
            #expect(plain.reference == nil)
            for client in [seller, buyer, watcher] { await client.logout() }
        }
    }
}

extension PricingClientTests {
    @Test("a trade-based zone's reference is the trades' VWAP, and stays after the trades emptied the book")
    func tradeBasedAfterTheBookEmpties() async throws {
        try await withServer(configure: { $0.pricingIntervalMs = 100 }) { server in
            let interval = openIntervalStartMs()
            #expect(server.market.zones[1].referencePriceConfig.strategy == .tradeBased)
            let seller = try await connect(server, "prosumer-hillside")
            let buyer = try await connect(server, "consumer-hillside")
            #expect(try await seller.place(order(.sell, interval: interval, zone: 1, quantityWh: 1_000, price: 150_000)).isSuccess)
            #expect(try await seller.place(order(.sell, interval: interval, zone: 1, quantityWh: 3_000, price: 170_000)).isSuccess)
            // Takes both: 1 kWh at 0.15 and 3 kWh at 0.17, leaving the book empty.
            #expect(try await buyer.place(order(.buy, interval: interval, zone: 1, quantityWh: 4_000, price: 170_000)).isSuccess)
            var info = try await buyer.price(zone: 1, intervalStartMs: interval)
            let deadline = Date().addingTimeInterval(5)
            while info.reference == nil, Date() < deadline {
                try await Task.sleep(nanoseconds: 50_000_000)
                info = try await buyer.price(zone: 1, intervalStartMs: interval)
            }
            let reference = try #require(info.reference)
            #expect(reference.priceMicrosPerKWh == 165_000, "(1 × 0.15 + 3 × 0.17) / 4")
            #expect(reference.basis == ReferencePrice.Basis.volumeWeightedTrades.rawValue)
            #expect(reference.tradeCount == 2)
            #expect(reference.quantityWh == 4_000)
            await seller.logout()
            await buyer.logout()
        }
    }
}
