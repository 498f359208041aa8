import Foundation
import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
@testable import GreenGridServer
import GreenGridSimulation
import Testing

/// The pieces the server's settlement clock puts together, driven in synthetic time: the
/// exchange names the ended intervals with unsettled trades, the simulated meters read them,
/// and settlement runs (again after the deadline) pay sellers and refund buyers exactly once.
@Suite struct SettlementDriverTests {
    @Test("simulated meters: full, short and missing parties, deterministic for a seed")
    func simulatedMeters() {
        let interval: Int64 = 1_798_776_000_000
        var escrows: [PendingTransfer] = []
        for index in 0..<40 {
            let buyer = TraderId(1_000 + index), seller = TraderId(2_000 + index)
            let fill = EscrowFill(tradeId: UInt64(index + 1), intervalStartMs: interval, buyer: buyer, seller: seller, gridFeeZone: 0,
                                  quantityWh: 1_000, priceMicrosPerKWh: 100_000, platformFeeMicrosPerKWh: 0, gridFeeMicrosPerKWh: 0,
                                  reservationMicrosPerWh: 100)
            escrows.append(PendingTransfer(fill))
        }
        let meters = SimulatedDeliveryMeters(seed: 7, shortPercent: 20, missingPercent: 10)
        let readings = meters.readings(intervalStartMs: interval, escrows: escrows)
        #expect(readings == meters.readings(intervalStartMs: interval, escrows: escrows))
        #expect(readings.count < 80, "some parties send nothing")
        let delivered: [Int64] = readings.map { (reading: IntervalReading) -> Int64 in max(reading.exportWh, reading.importWh) }
        #expect(delivered.contains(1_000), "most deliver in full")
        #expect(delivered.contains { (wh: Int64) -> Bool in wh > 0 && wh < 1_000 }, "some fall short")
        #expect(delivered.allSatisfy { (wh: Int64) -> Bool in wh >= 0 && wh <= 1_000 })
    }

    @Test("ended intervals with trades are found, settled from the meters, and finished at the deadline")
    func settleThroughTheExchange() async throws {
        let directory = try temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let market = try ConfigurationLoader.demo().market()
        let rules = try #require(market.wallets)
        let startMs: Int64 = 1_798_761_600_000
        let durable = try await DurableExchange(directory: directory, market: market, startTimeMs: startMs)
        _ = try await durable.submit(DemoUsers.registrationCommands(market: market), nowMs: startMs)
        _ = try await durable.submit(DemoUsers.fundingCommands(market: market), nowMs: startMs)
        let accounts = DemoUsers.registrationCommands(market: market).compactMap { command -> Participant? in
            if case .registerParticipant(let p) = command, p.role.mayTrade, p.zone == 0 { return p }
            return nil
        }
        let seller = try #require(accounts.first { $0.role == .prosumer }), buyer = try #require(accounts.first { $0.role == .consumer })
        let interval = startMs + 2 * DeliveryInterval.lengthMs
        let trades = try await durable.submit([
            .newOrder(NewOrder(traderId: seller.traderId, clientOrderId: 1, zone: 0, intervalStartMs: interval, side: .sell,
                               quantityWh: 4_000, priceMicrosPerKWh: 120_000)),
            .newOrder(NewOrder(traderId: buyer.traderId, clientOrderId: 1, zone: 0, intervalStartMs: interval, side: .buy,
                               quantityWh: 3_000, priceMicrosPerKWh: 130_000)),
        ], nowMs: startMs + 1_000)
        #expect(trades.ledger.contains { if case .fill = $0.command { return true }; return false })

        // Before the interval ends nothing is due.
        #expect(await durable.unsettledIntervals(endedBeforeMs: interval).isEmpty)
        let endMs = interval + DeliveryInterval.lengthMs
        let due = await durable.unsettledIntervals(endedBeforeMs: endMs + 60_000)
        #expect(due.count == 1 && due.first?.intervalStartMs == interval && due.first?.escrows.count == 1)

        // Meters: the seller delivered 2,500 Wh, the buyer's reading never came.
        let readings = [IntervalReading(traderId: seller.traderId, intervalStartMs: interval, exportWh: 2_500, importWh: 0)]
        _ = try await durable.submit(readings.map(Command.intervalReading) + [.settleInterval(intervalStartMs: interval)], nowMs: endMs + 60_000)
        #expect(await durable.unsettledIntervals(endedBeforeMs: endMs + 60_000).count == 1, "the trade waits for the buyer's data")
        let sellerBefore = try #require(await durable.balances(of: seller.traderId)).balances

        // After the deadline the missing-data rule (void, in the demo market) settles it.
        let deadlineMs = endMs + rules.meterDataDeadlineMs
        let last = try await durable.submit([.settleInterval(intervalStartMs: interval)], nowMs: deadlineMs)
        #expect(last.ledger.contains { if case .settle(_, _, 0, .voidedNoMeterData) = $0.command { return true }; return false })
        #expect(await durable.unsettledIntervals(endedBeforeMs: deadlineMs).isEmpty)
        let buyerAfter = try #require(await durable.balances(of: buyer.traderId)).balances
        #expect(buyerAfter.escrowMicros == 0 && buyerAfter.reservedMicros == 0)
        #expect(buyerAfter.availableMicros == DemoUsers.startingBalanceMicros, "a void returns everything")
        #expect(try #require(await durable.balances(of: seller.traderId)).balances == sellerBefore)
        #expect(await durable.invariantViolation() == nil)
        // Again: nothing moves twice.
        let again = try await durable.submit([.settleInterval(intervalStartMs: interval)], nowMs: deadlineMs + 1)
        #expect(again.ledger.isEmpty)
        try await durable.close()
    }
}
