import Testing

@testable import GreenGridCLIKit

/// `order` commands against an in-process exchange.
@Suite struct OrderEndToEndTests {
    @Test func placeListCancelAndMassCancel() async throws {
        try await withServer { server in
            let interval = openInterval()
            let placed = await greengrid(server, as: "prosumer-harbour", ["order", "place", "sell", "1.5kWh", "0.25", "--zone", "harbour",
                                                                          "--interval", interval, "--source", "solar"])
            #expect(placed.code == .ok, "\(placed)")
            #expect(placed.out.contains("sell 1.500 kWh at 0.2500/kWh, harbour, interval \(interval), gtc, solar"), "\(placed)")
            let orderId = try #require(placed.out.split(separator: " ").dropFirst(2).first.map(String.init))

            let second = await greengrid(server, as: "prosumer-harbour", ["order", "place", "sell", "2000Wh", "--price-micros", "310000",
                                                                          "--interval", interval, "--json"])
            #expect(second.code == .ok, "\(second)")
            let accepted = try second.json()
            #expect(accepted["priceMicrosPerKWh"] as? Int == 310_000)
            #expect(accepted["quantityWh"] as? Int == 2_000)
            #expect(accepted["zoneName"] as? String == "harbour")
            #expect(accepted["intervalStart"] as? String == interval)

            let listed = await greengrid(server, as: "prosumer-harbour", ["order", "list"])
            #expect(listed.code == .ok, "\(listed)")
            #expect(listed.out.contains("ORDER  ZONE     INTERVAL"), "\(listed)")
            #expect(listed.out.contains("\(orderId)  harbour  \(interval)  sell     0.2500          1.500       0.000  solar"), "\(listed)")

            let json = await greengrid(server, as: "prosumer-harbour", ["order", "list", "--zone", "0", "--json"])
            let orders = try #require(try json.json()["orders"] as? [[String: Any]])
            #expect(orders.count == 2)
            #expect(orders.map { $0["remainingWh"] as? Int } == [1_500, 2_000])
            #expect(orders.map { $0["priceMicrosPerKWh"] as? Int } == [250_000, 310_000])

            let cancelled = await greengrid(server, as: "prosumer-harbour", ["order", "cancel", orderId, "--zone", "harbour"])
            #expect(cancelled.code == .ok, "\(cancelled)")
            #expect(cancelled.out == "cancelled: order \(orderId) in harbour, 1.500 kWh were left\n")

            let again = await greengrid(server, as: "prosumer-harbour", ["order", "cancel", orderId, "--zone", "harbour"])
            #expect(again.code == .refused)
            #expect(again.error.contains("unknownOrder (600)"), "\(again)")

            let massCancelled = await greengrid(server, as: "prosumer-harbour", ["order", "mass-cancel"])
            #expect(massCancelled.code == .ok, "\(massCancelled)")
            #expect(massCancelled.out == "cancelled 1 order (all zones)\n")

            let empty = await greengrid(server, as: "prosumer-harbour", ["order", "list"])
            #expect(empty.out == "no resting orders\n")
        }
    }

    @Test func exchangeRefusalsExitOneWithTheReason() async throws {
        try await withServer { server in
            let interval = openInterval()
            let cases: [(String, [String], String)] = [
                ("consumer-harbour", ["order", "place", "sell", "1kWh", "0.25", "--interval", interval], "roleCannotSell (202)"),
                ("prosumer-harbour", ["order", "place", "buy", "1kWh", "0.25", "--zone", "hillside", "--interval", interval],
                 "unknownParticipant (200)"),
                ("prosumer-harbour", ["order", "place", "buy", "1kWh", "0.250050", "--interval", interval], "priceNotOnTick (101)"),
                ("prosumer-harbour", ["order", "place", "buy", "1kWh", "0.25", "--interval", "2020-01-01T00:00:00Z"], "gateClosed (105)"),
                ("prosumer-harbour", ["order", "place", "buy", "1kWh", "0.25", "--interval", "2099-01-01T00:07:00Z"], "intervalMisaligned (103)"),
                ("admin", ["order", "list"], "notPermitted (24)"),
            ]
            for (user, arguments, reason) in cases {
                let run = await greengrid(server, as: user, arguments)
                #expect(run.code == .refused, "\(arguments): \(run)")
                #expect(run.error.contains(reason), "\(arguments): \(run)")
            }
        }
    }
}
