import Foundation
import GreenGridAlerts
import GreenGridDomain
import GreenGridJournal
import Testing
@testable import GreenGridServer

/// The alert service's journal: sets, deletes and rounds survive a restart with the same
/// alerts, states and inbox; rounds that change nothing write nothing.
@Suite("Alert service")
struct AlertServiceTests {
    static let t0: Int64 = 1_700_006_400_000
    static let interval = DeliveryInterval.lengthMs
    static let front = t0 + 4 * interval

    static func spec(zone: ZoneIndex = 0, intervalStartMs: Int64 = 0, metric: AlertMetric = .reference,
                     direction: AlertDirection = .above, threshold: Int64 = 100_000, rearm: Int64 = 5_000) -> AlertSpec {
        AlertSpec(zone: zone, intervalStartMs: intervalStartMs, metric: metric, direction: direction, thresholdMicrosPerKWh: threshold,
                  rearmMicrosPerKWh: rearm)
    }

    static func prices(reference: Int64?, bestBid: Int64? = nil, zone: ZoneIndex = 0, intervalStartMs: Int64 = front) -> [PriceObservation] {
        [PriceObservation(zone: zone, intervalStartMs: intervalStartMs, reference: reference, bestBid: bestBid, bestAsk: nil)]
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gg-alerts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func alertsStatesAndInboxSurviveARestart() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let service = try AlertService(directory: directory, zoneCount: 2)
        #expect(service.recovery.records == 0)

        let (first, firstTicket) = try await service.set(Self.spec(), ownerId: 7, nowMs: Self.t0)
        try await service.waitDurable(firstTicket)
        let (second, _) = try await service.set(Self.spec(zone: 1, intervalStartMs: Self.t0 + 8 * Self.interval, metric: .bestBid,
                                                          direction: .below, threshold: 50_000), ownerId: 8, nowMs: Self.t0)
        let (third, _) = try await service.set(Self.spec(threshold: 200_000), ownerId: 7, nowMs: Self.t0 + 1)
        let (refused, refusedTicket) = try await service.set(Self.spec(zone: 2), ownerId: 7, nowMs: Self.t0)
        #expect(refused == .failure(.unknownZone) && refusedTicket == nil)
        let thirdId = try third.get().alertId
        let (deleted, _) = try await service.delete(alertId: thirdId, ownerId: 8)
        #expect(deleted == .failure(.notOwner))
        _ = try await service.delete(alertId: thirdId, ownerId: 7)

        // Crossing, a round inside the band (nothing journaled), re-arm, crossing again.
        var triggers = try await service.evaluateDurably(observations: Self.prices(reference: 120_000), nowMs: Self.t0 + 1_000)
        #expect(triggers.map(\.alertId) == [try first.get().alertId])
        let (quiet, quietTicket) = try await service.evaluate(observations: Self.prices(reference: 97_000), nowMs: Self.t0 + 2_000)
        #expect(quiet.isEmpty && quietTicket == nil)
        triggers = try await service.evaluateDurably(observations: Self.prices(reference: 90_000), nowMs: Self.t0 + 3_000)
        #expect(triggers.isEmpty)
        triggers = try await service.evaluateDurably(observations: Self.prices(reference: 100_000), nowMs: Self.t0 + 4_000)
        #expect(triggers.map(\.sequence) == [2])
        triggers = try await service.evaluateDurably(observations: Self.prices(reference: nil, bestBid: 40_000, zone: 1,
                                                                               intervalStartMs: Self.t0 + 8 * Self.interval),
                                                     nowMs: Self.t0 + 5_000)
        #expect(triggers.map(\.ownerId) == [8])

        let before = await service.snapshot
        let inbox7 = await service.inbox(ownerId: 7)
        #expect(inbox7.map(\.priceMicrosPerKWh) == [120_000, 100_000])
        #expect(await service.inbox(ownerId: 7, afterSequence: 1).map(\.sequence) == [2])
        await service.close()

        let reopened = try AlertService(directory: directory, zoneCount: 2)
        // 3 sets, 1 delete, 4 rounds with transitions (the quiet round wrote nothing).
        #expect(reopened.recovery.records == 8 && !reopened.recovery.tornTailCut)
        let after = await reopened.snapshot
        #expect(after == before)
        #expect(after.stableEncoding == before.stableEncoding)
        #expect(await reopened.alerts(ownerId: 7) == before.alerts(ownerId: 7))
        #expect(await reopened.alerts(ownerId: 8).map(\.alertId) == [try second.get().alertId])
        #expect(await reopened.inbox(ownerId: 7) == inbox7)
        #expect(await reopened.lastSequence(ownerId: 8) == 1)

        // It carries on where it stopped: the next id and the next sequence.
        let (next, _) = try await reopened.set(Self.spec(), ownerId: 7, nowMs: Self.t0 + 6_000)
        #expect(try next.get().alertId == 4)
        triggers = try await reopened.evaluateDurably(observations: Self.prices(reference: 80_000), nowMs: Self.t0 + 7_000)
        triggers = try await reopened.evaluateDurably(observations: Self.prices(reference: 150_000), nowMs: Self.t0 + 8_000)
        #expect(triggers.map(\.sequence) == [3, 4])
        // The interval alert expires once its interval starts, and that survives a restart too.
        _ = try await reopened.evaluateDurably(observations: [], nowMs: Self.t0 + 8 * Self.interval)
        #expect(await reopened.alerts(ownerId: 8).isEmpty)
        let final = await reopened.snapshot
        await reopened.close()

        let third2 = try AlertService(directory: directory, zoneCount: 2)
        #expect(await third2.snapshot == final)
        await third2.close()
    }
}
