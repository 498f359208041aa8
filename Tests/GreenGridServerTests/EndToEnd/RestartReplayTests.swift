import Foundation
import GreenGridDomain
import GreenGridJournal
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// A market-data subscriber resuming across a server restart asks to replay from the last update
/// it applied. The restarted server must hold the updates its journal replay recovered: before,
/// its replay rings started empty above the recovered zone sequence, every resume fell back to a
/// snapshot, and durable updates the dead process never sent were silently skipped (found by
/// `greengrid-load crash-loop`).
@Suite("Server market data: replay across a restart", .serialized)
struct RestartReplayTests {
    @Test("after a crash, the updates the journal recovered are replayed byte for byte, not refused")
    func replayAcrossRestart() async throws {
        let directory = try temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let interval = openIntervalStartMs()
        let seen = UpdatesBox()
        try await RestartAndRoleTests.serving(directory: directory) { server in
            let live = try ProtocolClient(port: server.port)
            try live.logonAccepted("admin", password: DemoUsers.adminPassword)
            try live.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)))
            #expect(try live.drainSkippingGateClosures().isEmpty)
            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour")
            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")
            for message in [order(1, .sell, interval: interval, quantityWh: 1_000, price: 100_000),
                            order(2, .sell, interval: interval, quantityWh: 2_000, price: 110_000)] {
                try seller.send(message)
                guard case .orderAccepted = try seller.expectMessage("OrderAccepted") else { throw ClientError(operation: "order", errno: 0) }
            }
            try buyer.send(order(3, .buy, interval: interval, quantityWh: 1_500, price: 110_000))
            guard case .orderAccepted = try buyer.expectMessage("OrderAccepted") else { throw ClientError(operation: "order", errno: 0) }
            seen.messages = try live.drainSkippingGateClosures(quietMs: 1_500)
        }
        // The clean stop took a snapshot; without it the journal is what a SIGKILL leaves: recovery replays every record.
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix(SnapshotStore.namePrefix) {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        let updates = seen.messages
        let sequences = updates.compactMap(MarketDataRecoveryTests.zoneSequence)
        #expect(updates.count >= 5)
        #expect(sequences.count == updates.count)

        try await RestartAndRoleTests.serving(directory: directory) { server in
            let resuming = try ProtocolClient(port: server.port)
            try resuming.logonAccepted("admin", password: DemoUsers.adminPassword)
            try resuming.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)),
                              .replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: sequences[0])))
            #expect(try resuming.drainSkippingGateClosures(quietMs: 1_500) == updates)
            // From the last update before the crash (a resume's anchor): that one alone.
            try resuming.send(.replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: sequences.last!)))
            #expect(try resuming.drainSkippingGateClosures(quietMs: 1_500) == [updates.last!])
        }
    }
}

/// The first life's updates, handed to the second.
final class UpdatesBox: @unchecked Sendable {
    var messages: [Message] = []
}
