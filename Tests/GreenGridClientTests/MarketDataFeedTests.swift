import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridClient

/// The continuity rules without a server: each case feeds the frames a server would send.
@Suite("Market-data continuity per zone")
struct MarketDataFeedTests {
    static func update(_ sequence: UInt64, zone: UInt16 = 0, price: Int64 = 100_000, quantityWh: Int64 = 1_000) -> Message {
        .bookUpdate(Message.BookUpdate(zone: zone, zoneSequence: sequence, timestampMs: 0, intervalStartMs: 900_000,
                                       priceMicrosPerKWh: price, quantityWh: quantityWh, orderCount: 1, side: .sell))
    }

    /// Feeds messages and returns the zone sequences of the updates delivered.
    static func delivered(_ feed: inout MarketDataFeed, _ messages: [Message]) -> [UInt64] {
        messages.compactMap { feed.handle($0).event?.zoneSequence }
    }

    @Test("live updates are delivered once, in order; duplicates and older ones are dropped")
    func live() {
        var feed = MarketDataFeed()
        _ = feed.subscribe(zone: 0, intervalStartMs: 0, snapshot: false)
        #expect(Self.delivered(&feed, [Self.update(3), Self.update(7), Self.update(7), Self.update(5), Self.update(9)]) == [3, 7, 9])
        #expect(feed.handle(Self.update(4, zone: 1)).event == nil, "an unsubscribed zone is ignored")
    }

    @Test("after a lost update, live frames above it wait for the replay, which then continues in order")
    func replayAfterLoss() throws {
        var feed = MarketDataFeed()
        _ = feed.subscribe(zone: 0, intervalStartMs: 0, snapshot: false)
        #expect(Self.delivered(&feed, [Self.update(10)]) == [10])
        let lost = feed.updateLost(zone: 0, zoneSequence: 12)
        let (request, event) = try #require(lost)
        #expect(request == .replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: 11)))
        #expect(event == .recovering(zone: 0, lastZoneSequence: 10, cause: .updateLost(zoneSequence: 12)))
        // 15 and 18 were in flight before the server saw the request; the replay repeats 12, 15, 18, then live 20.
        #expect(Self.delivered(&feed, [Self.update(15), Self.update(18), Self.update(12), Self.update(15), Self.update(18), Self.update(20)])
            == [12, 15, 18, 20])
    }

    @Test("after a reconnect the replay starts at the last update applied, which marks where it begins")
    func replayAfterReconnect() {
        var feed = MarketDataFeed()
        _ = feed.subscribe(zone: 0, intervalStartMs: 0, snapshot: false)
        _ = Self.delivered(&feed, [Self.update(10)])
        let (requests, events) = feed.resubscribeAll()
        #expect(requests == [.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)),
                             .replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: 10))])
        #expect(events == [.recovering(zone: 0, lastZoneSequence: 10, cause: .reconnected)])
        #expect(Self.delivered(&feed, [Self.update(14), Self.update(10), Self.update(12), Self.update(14), Self.update(16)]) == [12, 14, 16])
    }

    @Test("with nothing applied since a snapshot, a reconnect takes a snapshot; updates before it are superseded")
    func snapshotAfterReconnect() {
        var feed = MarketDataFeed()
        _ = feed.subscribe(zone: 0, intervalStartMs: 0, snapshot: true)
        _ = feed.handle(.snapshotBegin(Message.SnapshotBegin(zone: 0, zoneSequence: 5, intervalStartMs: 0, levelCount: 0, zoneStatus: .open)))
        _ = feed.handle(.snapshotEnd(Message.SnapshotEnd(zone: 0, zoneSequence: 5)))
        let (requests, _) = feed.resubscribeAll()
        #expect(requests == [.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: true))])
        #expect(Self.delivered(&feed, [Self.update(7)]).isEmpty)
        _ = feed.handle(.snapshotBegin(Message.SnapshotBegin(zone: 0, zoneSequence: 8, intervalStartMs: 0, levelCount: 0, zoneStatus: .open)))
        _ = feed.handle(.snapshotEnd(Message.SnapshotEnd(zone: 0, zoneSequence: 8)))
        #expect(Self.delivered(&feed, [Self.update(8), Self.update(9)]) == [9])
    }

    @Test("ReplayUnavailable turns into a snapshot request for the subscribed interval")
    func replayUnavailable() {
        var feed = MarketDataFeed()
        _ = feed.subscribe(zone: 2, intervalStartMs: 900_000, snapshot: false)
        _ = Self.delivered(&feed, [Self.update(3, zone: 2)])
        let lost = feed.updateLost(zone: 2, zoneSequence: 6)
        #expect(lost != nil)
        let unavailable = Message.ReplayUnavailable(zone: 2, fromZoneSequence: 4, oldestAvailableZoneSequence: 9)
        let (event, request) = feed.handle(.replayUnavailable(unavailable))
        #expect(event == .replayUnavailable(unavailable))
        #expect(request == .snapshotRequest(Message.SnapshotRequest(zone: 2, intervalStartMs: 900_000)))
        #expect(Self.delivered(&feed, [Self.update(9, zone: 2)]).isEmpty, "superseded by the coming snapshot")
    }
}

@Suite("Book mirror, resume tracker, reconnect policy")
struct ClientPartsTests {
    @Test("the mirror keeps snapshot order and drops emptied levels, so equal books compare equal")
    func mirror() {
        var mirror = BookMirror()
        let interval: Int64 = 900_000
        for (side, price, quantity) in [(Side.sell, Int64(110), Int64(5)), (.buy, 90, 7), (.sell, 100, 3), (.buy, 95, 1)] {
            mirror.apply(.bookUpdate(Message.BookUpdate(zone: 0, zoneSequence: 1, timestampMs: 0, intervalStartMs: interval,
                                                        priceMicrosPerKWh: price, quantityWh: quantity, orderCount: 1, side: side)))
        }
        #expect(mirror.levels(zone: 0).map(\.priceMicrosPerKWh) == [95, 90, 100, 110])
        #expect(mirror.levels(zone: 0, intervalStartMs: interval, side: .sell).map(\.quantityWh) == [3, 5])
        for (side, price) in [(Side.sell, Int64(110)), (.buy, 90), (.sell, 100), (.buy, 95)] {
            mirror.apply(.bookUpdate(Message.BookUpdate(zone: 0, zoneSequence: 2, timestampMs: 0, intervalStartMs: interval,
                                                        priceMicrosPerKWh: price, quantityWh: 0, orderCount: 0, side: side)))
        }
        #expect(mirror == BookMirror())
        #expect(mirror.description.isEmpty)
    }

    @Test("the tracker drops what it has seen and starts over for a fresh session")
    func tracker() {
        var tracker = ResumeTracker(resume: nil)
        #expect(tracker.resumePoint == nil)
        let fresh = Message.LogonAccepted(sessionId: 7, traderId: 2, heartbeatIntervalMs: 1_000, role: .prosumer, flags: [], zone: 0,
                                          replayFromSessionSequence: 1, nextSessionSequence: 1)
        let freshResumed = tracker.loggedOn(fresh)
        #expect(!freshResumed)
        tracker.processed(1)
        tracker.processed(2)
        #expect(!tracker.isNew(2) && tracker.isNew(3))
        var resumed = fresh
        resumed.replayFromSessionSequence = 3
        resumed.nextSessionSequence = 5
        let resumedResumed = tracker.loggedOn(resumed)
        #expect(resumedResumed)
        #expect(tracker.resumePoint == ResumePoint(sessionId: 7, lastProcessedSessionSequence: 2))
        var other = fresh
        other.sessionId = 8
        let otherResumed = tracker.loggedOn(other)
        #expect(!otherResumed)
        #expect(tracker.isNew(1), "a fresh session numbers from 1 again")
    }

    @Test("reconnect waits double up to the maximum")
    func backoff() {
        let policy = ReconnectPolicy(attempts: 6, backoffMs: 100, backoffMaxMs: 500)
        #expect((1...6).map { policy.delayMs(attempt: $0) } == [100, 200, 400, 500, 500, 500])
        #expect(ReconnectPolicy.never.delayMs(attempt: 1) == 0)
    }
}
