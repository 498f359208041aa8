import Foundation
import GreenGridDomain
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridCLIKit

/// `price` against an in-process exchange: one interval's tier, band, tariff and reference price
/// (PriceRequest), and `--watch` (PriceSubscribe), in text and JSON.
@Suite struct PriceCommandTests {
    /// Runs `price` until its JSON shows `done`, or returns the last answer after ~5 s.
    static func price(_ server: ExchangeServer, _ arguments: [String], until done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            let run = await greengrid(server, as: "consumer-harbour", ["price"] + arguments + ["--json"])
            #expect(run.code == .ok, "\(run)")
            let object = try run.json()
            if done(object) || ContinuousClock.now >= deadline { return object }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func bookBasedReferenceTierAndBand() async throws {
        try await withDemoServer("greengrid-cli-price", configure: { $0.pricingIntervalMs = 100 }) { server in
            // The next-but-three interval: open throughout the test.
            let interval = openInterval()
            let startMs = try UTCTime.parse(interval)
            let sell = await greengrid(server, as: "prosumer-harbour", ["order", "place", "sell", "1kWh", "0.14", "--interval", interval])
            #expect(sell.code == .ok, "\(sell)")
            let buy = await greengrid(server, as: "consumer-harbour", ["order", "place", "buy", "1kWh", "0.10", "--interval", interval])
            #expect(buy.code == .ok, "\(buy)")

            let harbour = server.market.zones[0]
            let tier = harbour.tier(forIntervalStartMs: startMs)
            let band = harbour.priceBand(forIntervalStartMs: startMs)
            let object = try await Self.price(server, ["harbour", "--interval", interval]) {
                ($0["reference"] as? [String: Any])?["priceMicrosPerKWh"] as? Int == 120_000
            }
            #expect(object["command"] as? String == "price")
            #expect(object["zone"] as? Int == 0 && object["name"] as? String == "harbour")
            #expect(object["intervalStartMs"] as? Int == Int(startMs))
            #expect(object["tier"] as? String == tier?.name, "the demo market gives harbour tiers: \(object)")
            #expect(tier != nil)
            #expect(object["floorMicrosPerKWh"] as? Int == Int(band.floorMicrosPerKWh))
            #expect(object["capMicrosPerKWh"] as? Int == Int(band.capMicrosPerKWh))
            #expect(object["gridTariffMicrosPerKWh"] as? Int == tier.map { Int($0.gridTariffMicrosPerKWh) })
            let reference = try #require(object["reference"] as? [String: Any], "\(object)")
            #expect(reference["priceMicrosPerKWh"] as? Int == 120_000, "the mid of 0.10 and 0.14")
            #expect(reference["strategy"] as? String == "bookBased")
            #expect(reference["basis"] as? String == "midpoint")
            #expect(reference["fallback"] as? String == "none")

            // The same as text.
            let text = await greengrid(server, as: "operator", ["price", "harbour", "--interval", interval])
            #expect(text.code == .ok, "\(text)")
            let minute = String(interval.dropLast(4)) + "Z"
            #expect(text.out.hasPrefix("zone harbour \(minute) tier \(tier?.name ?? "none") band "), "\(text)")
            #expect(text.out.hasSuffix(" reference 0.1200 (bookBased: midpoint)\n"), "\(text)")

            // An interval long past: tier and band, no reference price.
            let past = try await Self.price(server, ["0", "--interval", "2027-01-04T17:00:00Z"]) { _ in true }
            #expect(past["tier"] as? String == "peak" && past["gridTariffMicrosPerKWh"] as? Int == 420_000, "\(past)")
            #expect(past["reference"] is NSNull, "\(past)")
        }
    }

    @Test func zoneWithoutTiersAndWatch() async throws {
        try await withDemoServer("greengrid-cli-price-watch", configure: { $0.pricingIntervalMs = 100 }) { server in
            // hillside has no time-of-use tiers: no tier, no tariff, the zone's own band.
            let hillside = try await Self.price(server, ["hillside"]) { _ in true }
            #expect(hillside["name"] as? String == "hillside")
            #expect(hillside["tier"] is NSNull, "\(hillside)")
            #expect(hillside["gridTariffMicrosPerKWh"] is NSNull, "\(hillside)")
            #expect(hillside["floorMicrosPerKWh"] as? Int == 10_000 && hillside["capMicrosPerKWh"] as? Int == 1_500_000, "\(hillside)")
            let next = DeliveryInterval.start(containing: WallClock.nowMs()) + DeliveryInterval.lengthMs
            #expect([Int(next), Int(next + DeliveryInterval.lengthMs)].contains(hillside["intervalStartMs"] as? Int ?? 0), "the next interval")

            // --watch: the latest figures of every interval with a book at once, one JSON line each; an
            // order gives harbour one.
            let interval = openInterval()
            let sell = await greengrid(server, as: "prosumer-harbour", ["order", "place", "sell", "1kWh", "0.14", "--interval", interval])
            #expect(sell.code == .ok, "\(sell)")
            _ = try await Self.price(server, ["harbour", "--interval", interval]) { $0["reference"] is [String: Any] }
            let watch = await greengrid(server, as: "gateway", ["price", "harbour", "--watch", "--seconds", "2", "--json"])
            #expect(watch.code == .ok, "\(watch)")
            let lines = try watch.jsonLines()
            #expect(!lines.isEmpty, "\(watch)")
            for line in lines {
                #expect(line["command"] as? String == "price watch" && line["zone"] as? Int == 0, "\(line)")
                #expect(line["tier"] is String, "\(line)")
            }
            #expect(watch.error.contains("watching the prices of zone harbour for 2 s"), "\(watch)")

            // Text, every zone.
            let all = await greengrid(server, as: "operator", ["price", "all", "--watch", "--seconds", "1"])
            #expect(all.code == .ok, "\(all)")
            #expect(all.out.contains("zone harbour \(String(interval.dropLast(4)) + "Z") tier "), "\(all)")
            #expect(all.out.contains(" reference 0.1400 (bookBased: bestAsk, fallback bidSideEmpty)"), "\(all)")
        }
    }

    @Test("usage errors", arguments: [
        (["price"], "price takes ZONE, got none"),
        (["price", "harbour", "hillside"], "price takes ZONE, got harbour hillside"),
        (["price", "harbour", "--seconds", "2"], "--seconds goes with --watch"),
        (["price", "harbour", "--interval", "2026-11-25T12:05:00Z"], "--interval must start on a 15-minute boundary"),
        (["price", "harbour", "--interval", "+x"], "interval '+x' must be +N"),
    ])
    func usage(arguments: [String], message: String) async {
        let run = await greengrid(arguments + ["--user", "a", "--password", "p"])
        #expect(run.code == .usage, "\(run)")
        #expect(run.error.contains(message), "\(run)")
    }
}
