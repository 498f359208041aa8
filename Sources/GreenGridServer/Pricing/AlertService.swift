import GreenGridAlerts
import GreenGridDomain
import GreenGridEngine
import GreenGridJournal

/// The price-alert service: the one writer of `AlertBook`, and its journal. Each accepted set or
/// delete and each round that changed something is applied to the book and appended to the
/// alerts journal in one step (the journal's order is the book's order); answers wait on the
/// ticket until the records are durable. Recovery replays the journal through the same book.
///
/// Its own journal (`<journal>/alerts/`, the same segment and record format, its own sequence),
/// like metering: a round of alert transitions never sits between an order and its acknowledgement.
public actor AlertService {
    public struct Recovery: Sendable {
        public var records: Int
        public var lastSequence: UInt64
        public var tornTailCut: Bool
    }

    public nonisolated let directory: String
    private var book: AlertBook
    private let writer: JournalWriter
    private var lastSequence: UInt64
    public nonisolated let recovery: Recovery

    public init(directory: String, zoneCount: Int, storage: any Storage = PosixStorage(),
                durability: Durability = .fsync, segmentBytes: Int = 16 << 20) throws {
        self.directory = directory
        var book = AlertBook(zoneCount: zoneCount)
        var failure: (any Error)?
        let scan = try JournalScanner.scan(storage: storage, directory: directory,
                                           options: JournalScanner.Options(repairTornTail: true)) { record in
            guard failure == nil else { return }
            do {
                try book.apply(try AlertRecord.decode(type: record.type, body: record.body))
            } catch {
                failure = JournalError.inconsistent("alert record \(record.sequence) in \(record.segment): \(error)")
            }
        }
        if let failure { throw failure }
        self.book = book
        lastSequence = scan.position.lastSequence
        recovery = Recovery(records: scan.records, lastSequence: scan.position.lastSequence, tornTailCut: scan.tornTail != nil)
        writer = try JournalWriter(storage: storage, directory: directory, position: scan.position,
                                   options: JournalWriter.Options(segmentBytes: segmentBytes, durability: durability))
    }

    /// Sets an alert; an accepted one is journaled (wait on the ticket before answering), a refused one changes nothing.
    public func set(_ spec: AlertSpec, ownerId: TraderId, nowMs: Int64) throws -> (result: Result<PriceAlert, AlertRejection>, ticket: JournalWriter.Ticket?) {
        let result = book.set(spec, ownerId: ownerId, nowMs: nowMs)
        guard case .success(let alert) = result else { return (result, nil) }
        return (result, try append([.set(alert)]))
    }

    /// Deletes the owner's alert; only an accepted delete is journaled.
    public func delete(alertId: UInt64, ownerId: TraderId) throws -> (result: Result<PriceAlert, AlertRejection>, ticket: JournalWriter.Ticket?) {
        let result = book.delete(alertId: alertId, ownerId: ownerId)
        guard case .success = result else { return (result, nil) }
        return (result, try append([.delete(alertId: alertId, ownerId: ownerId)]))
    }

    /// One round: the notifications it produced and the ticket to wait on before pushing them.
    /// A round without transitions is not journaled (the book is a function of the transitions alone).
    public func evaluate(observations: [PriceObservation], nowMs: Int64) throws -> (triggers: [AlertTrigger], ticket: JournalWriter.Ticket?) {
        let (round, triggers) = book.evaluateRound(observations, nowMs: nowMs)
        guard !round.changesNothing else { return (triggers, nil) }
        return (triggers, try append(round.records))
    }

    /// `evaluate`, returning once the round is durable.
    public func evaluateDurably(observations: [PriceObservation], nowMs: Int64) async throws -> [AlertTrigger] {
        let (triggers, ticket) = try evaluate(observations: observations, nowMs: nowMs)
        try await waitDurable(ticket)
        return triggers
    }

    public nonisolated func waitDurable(_ ticket: JournalWriter.Ticket?) async throws {
        guard let ticket else { return }
        try await writer.waitDurable(ticket)
    }

    public func alerts(ownerId: TraderId) -> [PriceAlert] { book.alerts(ownerId: ownerId) }

    public func inbox(ownerId: TraderId, afterSequence: UInt64 = 0, max: Int = AlertBook.inboxMax) -> [AlertTrigger] {
        book.inbox(ownerId: ownerId, afterSequence: afterSequence, max: max)
    }

    public func lastSequence(ownerId: TraderId) -> UInt64 { book.lastSequence(ownerId: ownerId) }

    /// The inbox after a sequence and the owner's latest sequence, read together.
    public func inboxAndLast(ownerId: TraderId, afterSequence: UInt64, max: Int) -> (notifications: [AlertTrigger], lastSequence: UInt64) {
        (book.inbox(ownerId: ownerId, afterSequence: afterSequence, max: max), book.lastSequence(ownerId: ownerId))
    }

    /// The whole book (for tests and diagnostics).
    public var snapshot: AlertBook { book }

    /// Closes the journal after what was queued is written.
    public func close() {
        writer.close()
    }

    /// Encodes `records` as one journal batch (one write, one sync).
    private func append(_ records: [AlertRecord]) throws -> JournalWriter.Ticket {
        precondition(!records.isEmpty, "something to append")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.reduce(0) { $0 + RecordFormat.headerBytes + $1.encodedBytes })
        var body = ByteWriter(capacity: AlertRecord.evaluatedHeaderBytes + AlertRecord.transitionsPerRecordMax * AlertRecord.transitionBytes)
        let first = lastSequence + 1
        for record in records {
            lastSequence += 1
            record.encode(into: &body)
            RecordFormat.append(type: record.type, sequence: lastSequence, body: body.takeBytes(), to: &bytes)
        }
        return try writer.enqueue(records: bytes, count: records.count, firstSequence: first, lastSequence: lastSequence)
    }
}

extension PriceObservation {
    /// An open interval's observation from the pricing round (its reference price) and its book's best prices.
    public init(pricing: IntervalPricing, bestBid: Int64?, bestAsk: Int64?) {
        self.init(zone: pricing.zone, intervalStartMs: pricing.intervalStartMs, reference: pricing.reference?.priceMicrosPerKWh,
                  bestBid: bestBid, bestAsk: bestAsk)
    }

    /// The pricing round's observation of an interval, with the best prices it carries.
    public init(pricing: IntervalPricing) {
        self.init(pricing: pricing, bestBid: pricing.bestBid, bestAsk: pricing.bestAsk)
    }
}
