import GreenGridDomain
import GreenGridProtocol
import GreenGridRecording
import GreenGridServer
import Testing

@testable import GreenGridClient

/// The recorder against an in-process server on port 0, traders trading meanwhile.
@Suite("Recorder end to end", .serialized, .timeLimit(.minutes(2)))
struct RecorderEndToEndTests {
    /// Rests a sell and a buy that do not cross, then two crossing orders that trade `trades` times.
    func trade(_ server: ExchangeServer, zone: UInt16 = 0, trades: Int) async throws {
        let name = server.market.zones[Int(zone)].name
        let seller = try await connect(server, "prosumer-\(name)")
        let buyer = try await connect(server, "consumer-\(name)")
        let interval = openIntervalStartMs()
        try await placeAccepted(seller, order(.sell, interval: interval, zone: zone, quantityWh: 5_000, price: 150_000))
        try await placeAccepted(buyer, order(.buy, interval: interval, zone: zone, quantityWh: 3_000, price: 80_000))
        for index in 0..<trades {
            try await placeAccepted(seller, order(.sell, interval: interval, zone: zone, quantityWh: 1_000 + Int64(index), price: 120_000))
            try await placeAccepted(buyer, order(.buy, interval: interval, zone: zone, quantityWh: 1_000 + Int64(index), price: 125_000))
        }
        await seller.logout()
        await buyer.logout()
    }

    @Test("traders trade while recording: rebuild equals the server's snapshot and print shows the trades")
    func recordsTrades() async throws {
        try await withServer { server in
            let running = try await RunningRecorder(server)
            defer { running.remove() }
            try await trade(server, trades: 3)
            try await poll("three trade prints recorded") { running.progress.trades >= 3 ? true : nil }
            let contents = try await running.finish()
            #expect(contents.ending == .clean)
            #expect(!contents.records.contains { $0.kind == .gap })

            let lines = RecordingCommands.printLines(contents)
            let trades = lines.filter { $0.contains("TradePrint") }
            #expect(trades.count == 3)
            #expect(trades.contains { $0.contains("1.000 kWh @ 0.120000/kWh = 0.120000") })
            #expect(lines.contains { $0.contains("ZoneInfo") })

            let (compare, code) = try await compareWithLive(server, contents)
            #expect(code == 0, "\(compare.joined(separator: "\n"))")
            #expect(compare.filter { $0.contains("equal at seq") }.count == server.market.zones.count)
            let rebuilt = BookRebuilder(records: contents.records)
            #expect(rebuilt.anomalies.isEmpty)
            #expect(rebuilt.books[0]?.levels.count == 2)
        }
    }

    @Test("a dropped connection mid-recording is recovered by replay: no gap, same updates as an undisturbed observer")
    func reconnectWithoutGap() async throws {
        try await withServer { server in
            let observer = try await RunningRecorder(server)
            defer { observer.remove() }
            let running = try await RunningRecorder(server)
            defer { running.remove() }
            try await trade(server, trades: 2)
            try await poll("the first trades recorded") { running.progress.trades >= 2 ? true : nil }
            running.client.dropConnectionForTesting()
            try await trade(server, trades: 3)
            try await poll("a reconnect and every trade recorded") {
                running.progress.reconnects >= 1 && running.progress.trades >= 5 && observer.progress.trades >= 5 ? true : nil
            }
            let contents = try await running.finish()
            let reference = try await observer.finish()
            #expect(contents.records.contains { $0.kind == .recovering })
            #expect(!contents.records.contains { $0.kind == .gap })
            #expect(updateSequences(contents.records) == updateSequences(reference.records))
            let (compare, code) = try await compareWithLive(server, contents)
            #expect(code == 0, "\(compare.joined(separator: "\n"))")
            #expect(!compare.contains { $0.contains(": skipped") }, "\(compare.joined(separator: "\n"))")
        }
    }

    @Test("when the server's replay ring has moved on, the recording says GAP and resumes from a snapshot")
    func gapWhenReplayIsGone() async throws {
        try await withServer(configure: { $0.replayFramesMax = 2 }) { server in
            // A slow first reconnect leaves time to publish more than the ring holds.
            let running = try await RunningRecorder(server) { $0.reconnect = ReconnectPolicy(attempts: 5, backoffMs: 1_500, backoffMaxMs: 3_000) }
            defer { running.remove() }
            try await trade(server, trades: 1)
            try await poll("the first trade recorded") { running.progress.trades >= 1 ? true : nil }
            running.client.dropConnectionForTesting()
            try await trade(server, trades: 3)
            try await poll("the gap recorded and the zone snapshot again") {
                running.progress.gaps >= 1 && running.progress.reconnects >= 1 ? true : nil
            }
            // The snapshot after the gap completes the zone again.
            try await poll("the snapshot after the gap") { () -> Bool? in
                let contents = try RecordingFile.read(path: running.path)
                return BookRebuilder(records: contents.records).books[0]?.isValid == true && contents.records.contains { $0.kind == .gap } ? true : nil
            }
            let contents = try await running.finish()
            let gaps = contents.records.compactMap { $0.kind == .gap ? GapMarker(payload: $0.payload) : nil }
            #expect(gaps.map(\.zone) == [0])
            if let gap = gaps.first { #expect(gap.oldestAvailableZoneSequence > gap.fromZoneSequence) }
            #expect(RecordingCommands.printLines(contents).contains { $0.contains("GAP") })
            let (compare, code) = try await compareWithLive(server, contents)
            #expect(code == 0, "\(compare.joined(separator: "\n"))")
        }
    }
}
