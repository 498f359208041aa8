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
    public typealias Recovery = ServiceJournal.Recovery

    public nonisolated let directory: String
    private var book: AlertBook
    private nonisolated let journal: ServiceJournal
    public nonisolated var recovery: Recovery { journal.recovery }

    public init(directory: String, zoneCount: Int, storage: any Storage = PosixStorage(),
                durability: Durability = .fsync, segmentBytes: Int = 16 << 20) throws {
        self.directory = directory
        var book = AlertBook(zoneCount: zoneCount)
        journal = try ServiceJournal(directory: directory, storage: storage, durability: durability, segmentBytes: segmentBytes) { type, body in
            try book.apply(try AlertRecord.decode(type: type, body: body))
        }
        self.book = book
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
        try await journal.waitDurable(ticket)
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
        journal.close()
    }

    /// Appends `records` as one journal batch (one write, one sync).
    private func append(_ records: [AlertRecord]) throws -> JournalWriter.Ticket {
        try journal.append(records, type: \.type) { record, writer in record.encode(into: &writer) }.ticket
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
