import GreenGridDomain
import GreenGridJournal
import Testing

/// Recovery brings back exactly a prefix of the acknowledged history: a torn tail is cut,
/// damage elsewhere stops recovery, and tampering breaks the hash chain.
@Suite struct RecoveryTests {
    /// Writes `count` commands in batches of `batch` and returns the storage and the commands.
    static func journal(count: Int, batch: Int, segmentBytes: Int = 64 * 1024) async throws -> (SimulatedStorage, [SequencedCommand]) {
        let storage = SimulatedStorage()
        let commands = JournalFixture.stream(seed: 11, commands: count)
        let exchange = try await JournalFixture.open(storage, options: JournalFixture.options(segmentBytes: segmentBytes))
        let outcome = await JournalFixture.submit(exchange, commands[...], batch: batch)
        #expect(outcome.error == nil)
        try await exchange.close(snapshot: false)
        return (storage, commands)
    }

    static func lastSegment(_ storage: SimulatedStorage) throws -> String {
        let names = try JournalScanner.segmentNames(storage: storage, directory: JournalFixture.directory)
        return joinPath(JournalFixture.directory, try #require(names.last))
    }

    @Test("recovery after a clean close reproduces the state")
    func cleanRecovery() async throws {
        let (storage, commands) = try await Self.journal(count: 600, batch: 25)
        let reopened = try await JournalFixture.open(storage)
        #expect(await reopened.lastSequence == UInt64(commands.count))
        #expect(await reopened.stateHash() == JournalFixture.expectedHash(commands[...]))
        try await reopened.close(snapshot: false)
    }

    @Test("cutting the journal at any byte of its last records recovers a prefix, never an error")
    func tornTailAtEveryOffset() async throws {
        let (storage, commands) = try await Self.journal(count: 120, batch: 10)
        let path = try Self.lastSegment(storage)
        let original = try #require(storage.contents(path))
        let used = original.lastIndex(where: { $0 != 0 })! + 1
        // The last three batches (and their seals) and a little before them.
        let from = max(SegmentFormat.headerBytes, used - 3 * (10 * 90 + RecordFormat.sealBytes))
        var hashes: [UInt64: UInt64] = [:]
        for cut in stride(from: from, through: used, by: 1) {
            var damaged = original
            for i in cut..<used { damaged[i] = 0 }
            storage.setContents(path, damaged)
            let outcome = try JournalRecovery.recover(storage: storage, directory: JournalFixture.directory,
                                                      market: JournalFixture.market,
                                                      options: JournalScanner.Options(repairTornTail: false))
            let recovered = Int(outcome.lastSequence)
            #expect(recovered <= commands.count && recovered >= commands.count - 40)
            #expect(recovered % 10 == 0, "recovery ends on a batch boundary")
            let expected = hashes[UInt64(recovered)] ?? JournalFixture.expectedHash(commands[0..<recovered])
            hashes[UInt64(recovered)] = expected
            #expect(outcome.core.stateHash() == expected, "cut at \(cut)")
            // Either the cut fell inside a batch (a torn tail is reported) or exactly at a batch's end.
            // (zeroing bytes that were zero already, such as a seal's reserved field, loses nothing).
            if cut < used && outcome.scan.tornTail == nil {
                let end = outcome.scan.position.writeOffset
                #expect(end >= cut && original[cut..<end].allSatisfy { $0 == 0 }, "cut at \(cut)")
            }
        }
        storage.setContents(path, original)
    }

    @Test("a torn tail is repaired on disk and writing carries on after it")
    func tornTailRepairedAndAppended() async throws {
        let (storage, commands) = try await Self.journal(count: 200, batch: 20)
        let path = try Self.lastSegment(storage)
        var damaged = try #require(storage.contents(path))
        let used = damaged.lastIndex(where: { $0 != 0 })! + 1
        for i in (used - 50)..<used { damaged[i] = 0 }  // the last batch loses its seal
        storage.setContents(path, damaged)
        let exchange = try await JournalFixture.open(storage)
        let recovered = Int(await exchange.lastSequence)
        #expect(recovered == 180)
        #expect(await exchange.recovery.log.contains { $0.contains("torn tail") })
        let more = JournalFixture.stream(seed: 11, commands: 260)
        let outcome = await JournalFixture.submit(exchange, more[recovered..<260], batch: 20)
        #expect(outcome.error == nil)
        try await exchange.close(snapshot: false)
        let reopened = try await JournalFixture.open(storage)
        #expect(await reopened.stateHash() == JournalFixture.expectedHash(more[0..<260]))
        _ = commands
    }

    @Test("a flipped bit anywhere before the tail is reported with its file and offset")
    func damageInTheMiddleStops() async throws {
        let (storage, _) = try await Self.journal(count: 300, batch: 30, segmentBytes: 16 * 1024)
        let names = try JournalScanner.segmentNames(storage: storage, directory: JournalFixture.directory)
        #expect(names.count >= 2)
        let first = joinPath(JournalFixture.directory, names[0])
        let original = try #require(storage.contents(first))
        let used = original.lastIndex(where: { $0 != 0 })! + 1
        // Every byte of the first segment's used area, one bit each (the segment is not the last).
        for offset in stride(from: 0, to: used, by: 7) {
            var damaged = original
            damaged[offset] ^= 0x10
            storage.setContents(first, damaged)
            do {
                _ = try JournalScanner.scan(storage: storage, directory: JournalFixture.directory) { _ in }
                Issue.record("flip at \(offset) not detected")
            } catch let error as JournalError {
                guard case .damaged(let file, _, _) = error else { Issue.record("unexpected \(error)"); continue }
                #expect(file == names[0])
            }
        }
        storage.setContents(first, original)
        #expect((try? JournalScanner.scan(storage: storage, directory: JournalFixture.directory) { _ in }) != nil)
    }

    @Test("rewriting a record with a fresh checksum breaks the hash chain")
    func tamperingBreaksTheChain() async throws {
        let (storage, _) = try await Self.journal(count: 100, batch: 10)
        let names = try JournalScanner.segmentNames(storage: storage, directory: JournalFixture.directory)
        let path = joinPath(JournalFixture.directory, names[0])
        var bytes = try #require(storage.contents(path))
        // The first record: change its body, then recompute its CRC as a forger would.
        let start = SegmentFormat.headerBytes
        let length = Int(bytes[start + 4]) | Int(bytes[start + 5]) << 8
        bytes[start + RecordFormat.headerBytes + 8] ^= 0x01
        var forged: [UInt8] = []
        let body = Array(bytes[(start + RecordFormat.headerBytes)..<(start + length)])
        RecordFormat.append(type: bytes[start + 16], sequence: 1, body: body, to: &forged)
        bytes.replaceSubrange(start..<(start + length), with: forged)
        storage.setContents(path, bytes)
        #expect(throws: JournalError.self) { try JournalScanner.scan(storage: storage, directory: JournalFixture.directory) { _ in } }
        do { _ = try JournalScanner.scan(storage: storage, directory: JournalFixture.directory) { _ in } } catch {
            #expect("\(error)".contains("hash chain"))
        }
    }

    @Test("the operator may truncate at damage, and is told how many records are lost")
    func operatorTruncation() async throws {
        let (storage, _) = try await Self.journal(count: 200, batch: 20)
        let path = try Self.lastSegment(storage)
        var bytes = try #require(storage.contents(path))
        bytes[SegmentFormat.headerBytes + 200] ^= 0xFF  // inside the first batch
        storage.setContents(path, bytes)
        #expect(throws: JournalError.self) {
            try JournalRecovery.recover(storage: storage, directory: JournalFixture.directory, market: JournalFixture.market)
        }
        let outcome = try JournalRecovery.recover(storage: storage, directory: JournalFixture.directory, market: JournalFixture.market,
                                                  options: JournalScanner.Options(repairTornTail: true, truncateAtDamage: true))
        let damage = try #require(outcome.scan.truncatedDamage)
        #expect(damage.recordsLost > 0)
        #expect(outcome.log.contains { $0.contains("records lost") })
    }
}

/// The next segment is prepared between commits and renamed into place at the roll.
@Suite struct SpareSegmentTests {
    @Test("rolls use the spare prepared between commits; recovery ignores the spare, before and after a crash")
    func spareRolls() async throws {
        let storage = SimulatedStorage()
        let commands = JournalFixture.stream(seed: 5, commands: 800)
        let exchange = try await JournalFixture.open(storage, options: JournalFixture.options(segmentBytes: 16 * 1024))
        let outcome = await JournalFixture.submit(exchange, commands[...], batch: 20)
        #expect(outcome.error == nil)
        let statistics = await exchange.journalStatistics
        #expect(statistics.segments > 3)
        #expect(statistics.preparedRolls > 0, "at least one roll renamed a prepared spare")
        #expect(storage.exists(joinPath(JournalFixture.directory, "next-segment.spare")))
        // A crash loses whatever was not synced, the spare's zeros included; recovery reads only segments.
        storage.crash()
        let reopened = try await JournalFixture.open(storage)
        #expect(await reopened.lastSequence == UInt64(commands.count))
        #expect(await reopened.stateHash() == JournalFixture.expectedHash(commands[...]))
        try await reopened.close(snapshot: false)
    }
}
