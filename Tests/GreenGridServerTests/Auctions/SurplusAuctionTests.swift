import Foundation
import GreenGridDomain
import GreenGridEngine
import GreenGridProtocol
import Testing

@testable import GreenGridServer

/// The zone's own auctions: the policy's prices and quantity for a surplus, and the server
/// starting one zone auction per surplus interval for the community account.
@Suite("Surplus auctions", .serialized)
struct SurplusAuctionTests {
    static let detector = try! SurplusDetector(ratioNumerator: 3, ratioDenominator: 2, minimumQuantityWh: 1_000, lotWh: 100)

    @Test("from the interval's cap (or tariff) to its floor in whole ticks, within the steps, one id per interval")
    func policyPrices() throws {
        let market = try ConfigurationLoader.demo().market()
        let policy = SurplusAuctionPolicy(detector: Self.detector, stepsToFloor: 7, stepIntervalMs: 30_000)
        let interval = openIntervalStartMs()
        for (index, zone) in market.zones.enumerated() {
            let start = try #require(policy.auction(zone: zone, zoneIndex: index, intervalStartMs: interval, quantityWh: 12_300, seller: 99))
            let tick = zone.priceRules.tickMicrosPerKWh
            let band = zone.priceBand(forIntervalStartMs: interval)
            #expect(start.startPriceMicrosPerKWh % tick == 0 && start.floorPriceMicrosPerKWh % tick == 0 && start.stepMicrosPerKWh % tick == 0)
            #expect(band.contains(start.startPriceMicrosPerKWh) && band.contains(start.floorPriceMicrosPerKWh))
            #expect(start.startPriceMicrosPerKWh <= (zone.gridTariffMicrosPerKWh(forIntervalStartMs: interval) ?? .max))
            let spec = start.spec(id: 1)
            #expect((spec.stepsToFloor ?? .max) <= 7)
            #expect(start.byZone && start.requesterId == 0 && start.sellerId == 99 && start.quantityWh == 12_300)
            let later = try #require(policy.auction(zone: zone, zoneIndex: index, intervalStartMs: interval + 900_000, quantityWh: 1, seller: 99))
            #expect(later.clientOrderId == start.clientOrderId + 1)
        }
    }

    @Test("a surplus interval gets one zone auction for the community account; a shortfall none")
    func serverStartsZoneAuction() async throws {
        try await withServer { server in
            let community = try ProtocolClient(port: server.port)
            try community.logonAccepted("community-harbour")
            let surplus = openIntervalStartMs(), shortfall = surplus + DeliveryInterval.lengthMs
            let forecasts: [ZoneIndex: [Int64: IntervalForecast]] = [0: [
                surplus: IntervalForecast(productionWh: 30_000, loadWh: 10_000),
                shortfall: IntervalForecast(productionWh: 12_000, loadWh: 10_000),
            ]]
            let policy = SurplusAuctionPolicy(detector: Self.detector)
            let now = WallClock.nowMs()
            for _ in 0..<2 {  // the second round finds the interval auctioned already
                _ = server.loop.execute { server.startSurplusAuctions(forecasts, policy: policy, nowMs: now) }
            }
            guard case .auctionAccepted(let accepted) = try community.expectMessage() else { Issue.record("expected AuctionAccepted"); return }
            #expect(accepted.byZone && accepted.intervalStartMs == surplus && accepted.quantityWh == 20_000)
            #expect(try community.next(timeoutMs: 500) == nil)
        }
    }
}
