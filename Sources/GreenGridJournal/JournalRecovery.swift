import GreenGridDomain

/// Recovery = a valid snapshot (the one before the newest, see `recover`) + replay of every later journal record through the
/// deterministic core. The result is the state the exchange had acknowledged (and possibly
/// the batch it was writing when it died, if that batch reached the disk whole).
public enum JournalRecovery {
    public struct Outcome: Sendable {
        public var core: ExchangeCore
        public var snapshotName: String?
        public var snapshotSequence: UInt64
        public var replayedRecords: Int
        public var lastSequence: UInt64
        public var lastTimestampMs: Int64
        public var scan: JournalScanner.Result
        /// The ledger commands the replay applied (after the snapshot), for the ledger history.
        public var ledgerLog: [SequencedLedgerCommand] = []
        /// The last public market-data events the replay produced (at most `publicEventsKept`, in
        /// order): what subscribers of the process that died were sent, or were about to be. A
        /// server seeds its replay buffers with them, so a subscriber resuming across the restart
        /// gets what it missed by replay instead of a snapshot with a hole before it.
        public var publicEvents: [Event] = []
        /// What an operator should read: snapshots skipped, a torn tail cut, damage truncated.
        public var log: [String]
    }

    /// How many of the replay's last public events `Outcome.publicEvents` keeps.
    public static let publicEventsKept = 100_000

    /// Trades, book changes, zone and interval status: the events market data publishes.
    public static func isPublic(_ event: Event) -> Bool {
        switch event.kind {
        case .trade, .bookChanged, .zoneStatus, .gateClosed, .auction: return true
        default: return false
        }
    }

    typealias Snapshot = (name: String, header: SnapshotStore.Header, body: ArraySlice<UInt8>)

    /// Starts from the snapshot before the newest valid one when there is one (and the journal
    /// reaches past the newest), so the replay covers at least one snapshot interval: its public
    /// events are what a restarted server can replay to market-data subscribers resuming across a
    /// crash (`publicEvents`). From the newest alone, a crash just after a snapshot left almost no
    /// events, and a subscriber a few updates behind could only be sent a snapshot. The price: up
    /// to one snapshot interval more to replay.
    public static func recover(storage: any Storage, directory: String, market: Market,
                               options: JournalScanner.Options = JournalScanner.Options(repairTornTail: true)) throws -> Outcome {
        do { try storage.makeDirectory(directory) } catch { throw JournalError.storage(error) }
        var log: [String] = []
        let newest = try SnapshotStore.newestValid(storage: storage, directory: directory, log: { log.append($0) })
        if let newest, let older = try SnapshotStore.newestValid(storage: storage, directory: directory, below: newest.header.lastSequence,
                                                                 log: { log.append($0) }) {
            // Anything in the way (the journal cut or restarted after the newest) and the newest alone decides.
            if let outcome = try? recover(storage: storage, directory: directory, market: market, options: options, from: older, log: log),
               outcome.lastSequence >= newest.header.lastSequence {
                return outcome
            }
        }
        return try recover(storage: storage, directory: directory, market: market, options: options, from: newest, log: log)
    }

    static func recover(storage: any Storage, directory: String, market: Market, options: JournalScanner.Options,
                        from snapshot: Snapshot?, log: [String]) throws -> Outcome {
        var log = log
        var core = ExchangeCore(market: market)
        var snapshotName: String? = nil
        var snapshotSequence: UInt64 = 0
        var lastTimestampMs: Int64 = .min
        if let snapshot {
            var reader = ByteReader(snapshot.body)
            do {
                core = try ExchangeCore.decodeSnapshot(from: &reader, market: market)
            } catch {
                throw JournalError.inconsistent("snapshot \(snapshot.name) does not decode: \(error)")
            }
            snapshotName = snapshot.name
            snapshotSequence = snapshot.header.lastSequence
            lastTimestampMs = snapshot.header.lastTimestampMs
        }
        var replayed = 0
        var ledgerLog: [SequencedLedgerCommand] = []
        var lastApplied = snapshotSequence
        var publicEvents: [Event] = []
        func keepPublic(_ drained: [ContiguousArray<Event>]) {
            for events in drained { publicEvents += events.lazy.filter(isPublic) }
            if publicEvents.count > 2 * publicEventsKept { publicEvents.removeFirst(publicEvents.count - publicEventsKept) }
        }
        let scan = try JournalScanner.scan(storage: storage, directory: directory, options: options) { record in
            guard record.sequence > snapshotSequence else { return }
            guard record.sequence == lastApplied + 1 else {
                throw JournalError.inconsistent("the journal resumes at \(record.sequence) after the snapshot at \(snapshotSequence)")
            }
            var reader = ByteReader(record.body)
            let command: SequencedCommand
            do { command = try SequencedCommand.decode(from: &reader) } catch {
                throw JournalError.damaged(file: record.segment, offset: record.offset, reason: "record body does not decode: \(error)")
            }
            guard command.sequence == record.sequence, command.typeCode == record.type else {
                throw JournalError.damaged(file: record.segment, offset: record.offset, reason: "record header and body disagree")
            }
            core.execute(command)
            if replayed & 4095 == 4095 {
                keepPublic(core.drainEvents())
                ledgerLog += core.drainLedgerLog()
            }
            replayed += 1
            lastApplied = command.sequence
            lastTimestampMs = max(lastTimestampMs, command.timestampMs)
        }
        keepPublic(core.drainEvents())
        ledgerLog += core.drainLedgerLog()
        // Cutting a prefix keeps a suffix of every zone's events: each drain appends in order, zone by zone.
        if publicEvents.count > publicEventsKept { publicEvents.removeFirst(publicEvents.count - publicEventsKept) }
        // The journal may end before the snapshot only when there is no journal left to speak
        // of, or the operator cut it: the writer then starts afresh after the snapshot.
        if scan.position.lastSequence < snapshotSequence && scan.records > 0 && scan.truncatedDamage == nil {
            throw JournalError.inconsistent("the journal ends at \(scan.position.lastSequence), before the snapshot at \(snapshotSequence)")
        }
        if let torn = scan.tornTail {
            log.append("torn tail cut in \(torn.segment) at offset \(torn.offset): \(torn.bytes) bytes dropped (\(torn.reason))")
        }
        if let damage = scan.truncatedDamage {
            log.append("operator truncation in \(damage.segment) at offset \(damage.offset): \(damage.recordsLost) records lost (\(damage.reason))")
        }
        return Outcome(core: core, snapshotName: snapshotName, snapshotSequence: snapshotSequence, replayedRecords: replayed,
                       lastSequence: max(lastApplied, snapshotSequence), lastTimestampMs: lastTimestampMs, scan: scan,
                       ledgerLog: ledgerLog, publicEvents: publicEvents, log: log)
    }
}
