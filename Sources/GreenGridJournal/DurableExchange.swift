import GreenGridDomain
import GreenGridEngine

/// The exchange with a write-ahead journal in front of it: the engine host.
///
/// A submission is sequenced, encoded and enqueued to the journal writer in one synchronous
/// step (so the journal order is the sequence order), then waits for the group commit that
/// makes it durable, then waits for its turn and is executed by the mediator, and only then
/// are its events returned — the acknowledgement. While one submission waits for the disk,
/// the next can be sequenced and joins the same or the next batch.
///
/// A failed write or sync stops the exchange (fail-stop): the failing submission and every
/// later one throw, and nothing that was not durable was ever acknowledged.
public actor DurableExchange {
    public struct Options: Sendable {
        public var durability: Durability = .fsync
        public var segmentBytes: Int = 64 << 20
        /// Take a snapshot after this many commands (nil: only on command and at close).
        public var snapshotEveryCommands: Int? = 1_000_000
        public var snapshotsKept = 2
        public var retention: SegmentRetention = .keep
        /// Operator override for damage in the middle of the journal: cut there and go on.
        public var truncateAtDamage = false
        public init() {}
    }

    public struct Submission: Sendable {
        public var commands: [SequencedCommand]
        /// Commands refused before sequencing (they name a zone the market does not have).
        public var refused: [(command: Command, reason: RejectReason)]
        public var events: [ContiguousArray<Event>]
        /// The money the submission moved (markets with wallets), in command order.
        public var ledger: ContiguousArray<SequencedLedgerCommand> = []
    }

    public let market: Market
    public let directory: String
    public let options: Options
    let storage: any Storage
    let writer: JournalWriter
    let mediator: Mediator
    var sequencer: Sequencer
    public private(set) var recovery: JournalRecovery.Outcome
    public private(set) var failure: JournalError?
    var nextTurn: UInt64 = 0
    var servingTurn: UInt64 = 0
    var turnWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    var commandsSinceSnapshot = 0
    /// Every applied ledger command (markets with wallets): wallet history and statements.
    var history: LedgerHistory?
    public private(set) var executedSequence: UInt64

    /// Opens (recovering from) the journal in `directory`, or starts an empty one there.
    public init(directory: String, market: Market, storage: any Storage = PosixStorage(), options: Options = Options(),
                startTimeMs: Int64) async throws {
        let recovered = try JournalRecovery.recover(
            storage: storage, directory: directory, market: market,
            options: JournalScanner.Options(repairTornTail: true, truncateAtDamage: options.truncateAtDamage))
        self.market = market
        self.directory = directory
        self.options = options
        self.storage = storage
        self.recovery = recovered
        self.executedSequence = recovered.lastSequence
        self.sequencer = Sequencer(window: market.window, startTimeMs: max(startTimeMs, recovered.lastTimestampMs),
                                   lastSequence: recovered.lastSequence)
        self.mediator = Mediator(market: market, restoring: recovered.core, lastSequence: recovered.lastSequence)
        var auctionSteps: [ZoneIndex: Int64] = [:]
        for zone in recovered.core.zones { if let due = zone.nextAuctionStepMs { auctionSteps[zone.zoneIndex] = due } }
        self.sequencer.scheduleAuctionSteps(auctionSteps)
        var position = recovered.scan.position
        if position.lastSequence < recovered.lastSequence {
            // The snapshot is ahead of what is left of the journal: set the old segments aside
            // and carry on in a new segment right after the snapshot.
            let moved = try SegmentRetention.archive.apply(storage: storage, directory: directory, upTo: .max, includingLast: true)
            if !moved.isEmpty {
                self.recovery.log.append("journal ends at \(position.lastSequence), before the snapshot at \(recovered.lastSequence): \(moved.count) segments archived, a new one starts at \(recovered.lastSequence + 1)")
            }
            position = JournalPosition(segmentName: nil, writeOffset: 0, lastSequence: recovered.lastSequence, link: position.link)
        }
        self.writer = try JournalWriter(storage: storage, directory: directory, position: position,
                                        options: JournalWriter.Options(segmentBytes: options.segmentBytes, durability: options.durability))
        if market.wallets != nil {
            do {
                var history = try LedgerHistory(storage: storage, directory: directory, keepThrough: recovered.snapshotSequence)
                try history.append(recovered.ledgerLog)
                self.recovery.log += history.log
                self.history = history
            } catch {
                writer.close()
                throw JournalError.storage(error)
            }
        }
    }

    /// The public events recovery replayed (see `JournalRecovery.Outcome.publicEvents`), handed
    /// over once: the server seeds its market-data replay buffers with them.
    public func takeRecoveredPublicEvents() -> [Event] {
        defer { recovery.publicEvents = [] }
        return recovery.publicEvents
    }

    public var lastSequence: UInt64 { sequencer.lastSequence }
    public var journalStatistics: JournalWriter.Statistics { writer.statistics }

    /// Sequences `commands` at `nowMs`, makes them durable, executes them, returns their events.
    public func submit(_ commands: [Command], nowMs: Int64) async throws -> Submission {
        if let failure { throw failure }
        var admitted: [Command] = []
        var refused: [(command: Command, reason: RejectReason)] = []
        for command in commands {
            if let reason = Sequencer.refusal(for: command, zoneCount: market.zones.count) { refused.append((command, reason)) }
            else { admitted.append(command) }
        }
        let stamped = sequencer.stamp(admitted, nowMs: nowMs)
        let (events, ledger) = try await journalThenExecute(stamped)
        return Submission(commands: stamped, refused: refused, events: events, ledger: ledger)
    }

    /// For hosts whose commands arrive already sequenced (replays, tests): they must carry on
    /// exactly from `lastSequence`.
    public func submit(sequenced commands: [SequencedCommand]) async throws -> [ContiguousArray<Event>] {
        if let failure { throw failure }
        guard let first = commands.first else { return [] }
        precondition(first.sequence == sequencer.lastSequence + 1, "sequenced commands must continue the journal")
        sequencer.adopt(commands)
        return try await journalThenExecute(commands).events
    }

    func journalThenExecute(_ stamped: [SequencedCommand]) async throws
        -> (events: [ContiguousArray<Event>], ledger: ContiguousArray<SequencedLedgerCommand>) {
        guard let first = stamped.first, let last = stamped.last else { return ([], []) }
        var records: [UInt8] = []
        records.reserveCapacity(stamped.count * 96)
        var body = ByteWriter(capacity: 256)
        for command in stamped {
            body = ByteWriter(capacity: 256)
            command.encode(into: &body)
            RecordFormat.append(type: command.typeCode, sequence: command.sequence, body: body.bytes, to: &records)
        }
        let ticket: JournalWriter.Ticket
        do {
            ticket = try writer.enqueue(records: records, count: stamped.count, firstSequence: first.sequence, lastSequence: last.sequence)
        } catch {
            failure = failure ?? error
            throw error
        }
        let turn = nextTurn
        nextTurn += 1
        var durable: (any Error)? = nil
        do { try await writer.waitDurable(ticket) } catch { durable = error }
        await waitForTurn(turn)
        defer { finishTurn() }
        if let durable {
            let stop = (durable as? JournalError) ?? .failStopped(StorageError(operation: "journal", path: directory, errno: 5, message: "\(durable)"))
            failure = failure ?? stop
            throw stop
        }
        if let failure { throw failure }
        let (events, ledger, auctionSteps) = await mediator.submitReporting(stamped)
        if let auctionSteps { sequencer.scheduleAuctionSteps(auctionSteps) }
        executedSequence = last.sequence
        do { try history?.append(ledger) } catch {
            let stop = JournalError.failStopped(error)
            failure = failure ?? stop
            throw stop
        }
        commandsSinceSnapshot += stamped.count
        if let every = options.snapshotEveryCommands, commandsSinceSnapshot >= every {
            try await snapshotNow()
        }
        return (events, ledger)
    }

    /// Runs `body` at the next place in the turn order: after every submission sequenced before
    /// this call has executed, before any sequenced after it.
    func inTurn<T>(_ body: () async throws -> T) async rethrows -> T {
        let turn = nextTurn
        nextTurn += 1
        await waitForTurn(turn)
        defer { finishTurn() }
        return try await body()
    }

    func waitForTurn(_ turn: UInt64) async {
        if servingTurn == turn { return }
        await withCheckedContinuation { turnWaiters[turn] = $0 }
    }

    func finishTurn() {
        servingTurn += 1
        if let next = turnWaiters.removeValue(forKey: servingTurn) { next.resume() }
    }

    /// Takes a snapshot now (between batches); returns its file name.
    @discardableResult
    public func snapshot() async throws -> String {
        try await inTurn { try await snapshotNow() }
    }

    /// The public books of `zones` at one point of the turn order: after every submission
    /// sequenced before this call has executed, before any sequenced after it.
    public func marketSnapshot(zones: [ZoneIndex]) async -> [ZoneMarketSnapshot] {
        await inTurn { await mediator.marketSnapshot(zones: zones) }
    }

    /// Every open interval's tier, band, tariff and reference price, between submissions.
    public func pricing(nowMs: Int64, forecasts: [ZoneIndex: [Int64: IntervalForecast]] = [:]) async -> [IntervalPricing] {
        await inTurn { await mediator.pricing(nowMs: nowMs, forecasts: forecasts) }
    }

    public func marketSnapshot(zone: ZoneIndex) async -> ZoneMarketSnapshot {
        await marketSnapshot(zones: [zone])[0]
    }

    /// The registered traders and their roles as the engine holds them (which sides each may enter).
    public func tradingParticipants() async -> [Participant] {
        await inTurn { await mediator.tradingParticipants() }
    }

    /// A trader's balances at one point of the turn order (nil in a market without wallets),
    /// with the last command sequence they include.
    public func balances(of traderId: TraderId) async -> (balances: UserBalances, asOfSequence: UInt64)? {
        await inTurn {
            guard let balances = await mediator.balances(of: traderId) else { return nil }
            return (balances, executedSequence)
        }
    }

    /// Resting orders at one point of the turn order, like `marketSnapshot(zones:)`.
    public func restingOrders(traderId: TraderId? = nil) async -> [RestingOrder] {
        await inTurn { await mediator.restingOrders(traderId: traderId) }
    }

    @discardableResult
    func snapshotNow() async throws -> String {
        let body = await mediator.snapshot()
        // The history must hold everything the snapshot includes: recovery only re-adds what follows it.
        do { try history?.sync() } catch { throw JournalError.failStopped(error) }
        let header = SnapshotStore.Header(lastSequence: executedSequence, lastTimestampMs: sequencer.lastTimestampMs,
                                          nextGateIntervalMs: sequencer.nextGateIntervalMs)
        let name = try SnapshotStore.write(storage: storage, directory: directory, header: header, body: body)
        commandsSinceSnapshot = 0
        try SnapshotStore.prune(storage: storage, directory: directory, keep: options.snapshotsKept)
        // Segments may go only once no kept snapshot needs them.
        if let oldest = try SnapshotStore.names(storage: storage, directory: directory).first.flatMap(SnapshotStore.lastSequence(fromName:)) {
            _ = try options.retention.apply(storage: storage, directory: directory, upTo: oldest)
        }
        return name
    }

    public func stateHash() async -> UInt64 { await mediator.stateHash() }
    public func invariantViolation() async -> String? { await mediator.invariantViolation() }

    /// Snapshots (unless stopped) and closes the journal.
    public func close(snapshot takeSnapshot: Bool = true) async throws {
        if takeSnapshot && failure == nil && executedSequence > recovery.snapshotSequence { try await snapshot() }
        writer.close()
        try? history?.sync()
        history?.close()
    }

    // MARK: Wallets

    /// A user's applied ledger commands with `fromMs <= time < toMs`, at one point of the turn order.
    public func ledgerCommands(of user: TraderId, fromMs: Int64 = .min, toMs: Int64 = .max) async -> [SequencedLedgerCommand] {
        await ledgerRecords(of: user, fromMs: fromMs, toMs: toMs).commands
    }

    /// `ledgerCommands`, with the escrow each of their trades' fills made (for the money of a
    /// settlement line, whose fill may be older than the range).
    public func ledgerRecords(of user: TraderId, fromMs: Int64 = .min, toMs: Int64 = .max) async
        -> (commands: [SequencedLedgerCommand], escrows: [TradeId: PendingTransfer]) {
        await inTurn {
            guard let history else { return ([], [:]) }
            let commands = history.commands(of: user, fromMs: fromMs, toMs: toMs)
            var escrows: [TradeId: PendingTransfer] = [:]
            for command in commands {
                switch command.command {
                case .settle(let tradeId, _, _, _): escrows[tradeId] = history.escrows[tradeId]
                case .fill(let fill): escrows[fill.tradeId] = history.escrows[fill.tradeId]
                default: break
                }
            }
            return (commands, escrows)
        }
    }

    /// Intervals that ended before `endedBeforeMs` and still hold unsettled trades, with those
    /// trades' escrows, at one point of the turn order (empty without wallets).
    public func unsettledIntervals(endedBeforeMs: Int64) async -> [(intervalStartMs: Int64, escrows: [PendingTransfer])] {
        await inTurn { await mediator.unsettledIntervals(endedBeforeMs: endedBeforeMs) }
    }
}
