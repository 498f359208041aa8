import GreenGridDomain
import GreenGridJournal
import Testing

/// Snapshot + tail gives exactly what replay from the beginning gives.
@Suite struct SnapshotTests {
    @Test("replay from the start and snapshot plus tail reach the same state", arguments: [UInt64(21), 22, 23])
    func snapshotPlusTailEqualsFullReplay(seed: UInt64) async throws {
        let storage = SimulatedStorage()
        let commands = JournalFixture.stream(seed: seed, commands: 1_500)
        let exchange = try await JournalFixture.open(storage, options: JournalFixture.options(snapshotEvery: 400))
        let outcome = await JournalFixture.submit(exchange, commands[...], batch: 50)
        #expect(outcome.error == nil)
        let liveHash = await exchange.stateHash()
        try await exchange.close(snapshot: false)
        #expect(liveHash == JournalFixture.expectedHash(commands[...]))

        // With the snapshots: recovery starts from the newest one and replays the tail.
        let withSnapshot = try JournalRecovery.recover(storage: storage, directory: JournalFixture.directory, market: JournalFixture.market)
        #expect(withSnapshot.snapshotName != nil)
        #expect(withSnapshot.replayedRecords < commands.count)
        #expect(withSnapshot.core.stateHash() == liveHash)

        // Without them: replay of the whole journal.
        for name in try SnapshotStore.names(storage: storage, directory: JournalFixture.directory) {
            try storage.remove(joinPath(JournalFixture.directory, name))
        }
        let fromStart = try JournalRecovery.recover(storage: storage, directory: JournalFixture.directory, market: JournalFixture.market)
        #expect(fromStart.snapshotName == nil)
        #expect(fromStart.replayedRecords == commands.count)
        #expect(fromStart.core.stateHash() == liveHash)
    }

    /// Market data across a crash: the restarted server replays to resuming subscribers what the
    /// recovery's replay produced. From the newest snapshot alone a crash just after it left next to
    /// nothing, and a subscriber a few updates behind got a snapshot with a hole (found by
    /// `greengrid-load crash-loop` with frequent snapshots).
    @Test("recovery starts from the snapshot before the newest, so its public events reach back past the newest")
    func publicEventsReachPastNewestSnapshot() async throws {
        let storage = SimulatedStorage()
        let commands = JournalFixture.stream(seed: 51, commands: 1_000)
        let exchange = try await JournalFixture.open(storage, options: JournalFixture.options(snapshotEvery: 300))
        _ = await JournalFixture.submit(exchange, commands[...], batch: 50)
        try await exchange.close(snapshot: false)
        let names = try SnapshotStore.names(storage: storage, directory: JournalFixture.directory)
        #expect(names.count == 2)
        let newest = try #require(names.last.flatMap(SnapshotStore.lastSequence(fromName:)))
        let outcome = try JournalRecovery.recover(storage: storage, directory: JournalFixture.directory, market: JournalFixture.market)
        #expect(outcome.snapshotName == names.first)
        #expect(outcome.core.stateHash() == JournalFixture.expectedHash(commands[...]))
        let first = try #require(outcome.publicEvents.first)
        #expect(first.commandSequence <= newest)
    }

    @Test("a damaged newest snapshot is skipped for the one before it")
    func damagedSnapshotSkipped() async throws {
        let storage = SimulatedStorage()
        let commands = JournalFixture.stream(seed: 31, commands: 900)
        let exchange = try await JournalFixture.open(storage, options: JournalFixture.options(snapshotEvery: 300))
        _ = await JournalFixture.submit(exchange, commands[...], batch: 50)
        try await exchange.close(snapshot: false)
        let names = try SnapshotStore.names(storage: storage, directory: JournalFixture.directory)
        #expect(names.count == 2)
        let newest = joinPath(JournalFixture.directory, names.last!)
        var bytes = try #require(storage.contents(newest))
        bytes[bytes.count - 1] ^= 0x40
        storage.setContents(newest, bytes)
        let outcome = try JournalRecovery.recover(storage: storage, directory: JournalFixture.directory, market: JournalFixture.market)
        #expect(outcome.snapshotName == names.first)
        #expect(outcome.log.contains { $0.contains("skipped") })
        #expect(outcome.core.stateHash() == JournalFixture.expectedHash(commands[...]))
    }

    @Test("segments wholly before the oldest kept snapshot are deleted or archived by policy", arguments: [SegmentRetention.delete, .archive])
    func retention(policy: SegmentRetention) async throws {
        let storage = SimulatedStorage()
        let commands = JournalFixture.stream(seed: 41, commands: 2_000)
        var options = JournalFixture.options(snapshotEvery: 500, segmentBytes: 8 * 1024)
        options.retention = policy
        let exchange = try await JournalFixture.open(storage, options: options)
        _ = await JournalFixture.submit(exchange, commands[...], batch: 25)
        try await exchange.close()
        let segments = try JournalScanner.segmentNames(storage: storage, directory: JournalFixture.directory)
        let first = try #require(segments.first.flatMap(SegmentFormat.firstSequence(fromName:)))
        #expect(first > 1, "early segments are gone from the journal directory")
        if policy == .archive {
            #expect(!(try storage.list(joinPath(JournalFixture.directory, "archive"))).isEmpty)
        }
        let reopened = try await JournalFixture.open(storage)
        #expect(await reopened.stateHash() == JournalFixture.expectedHash(commands[...]))
    }
}
