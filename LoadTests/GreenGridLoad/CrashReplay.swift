import Foundation
import GreenGridDomain
import GreenGridJournal
import GreenGridMetering

/// What the crash loop checks on the journal of a killed server, before it starts again: the
/// hash chain of the exchange, metering and alerts journals verifies (a torn tail is allowed,
/// recovery cuts it); recovery as the server does it (newest snapshot plus the records after it)
/// and a replay of every record from an empty exchange end in the same state hash, and that
/// state keeps its invariants (the ledger sums to zero, reservations match the books). The replay
/// also yields the ground truth the live checks compare the server's answers with: which orders
/// were accepted (by client order id), which left the book filled, and every zone's public
/// event sequences (what a gap-free market-data subscriber must have seen).
///
/// Nothing here writes to the directory: torn tails are reported, not repaired.
struct CrashReplay {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var lastSequence: UInt64 = 0
    var stateHash: UInt64 = 0
    var records = 0
    var tornTail = false
    var snapshotSequence: UInt64 = 0
    /// (trader, client order id) → order id, for every order the exchange accepted.
    var accepted: [TraderId: [ClientOrderId: OrderId]] = [:]
    /// Orders whose last fill left nothing (they left the book by trading).
    var filledOut: Set<OrderId> = []
    /// Zone → the sequences of its public events (trades, book changes, zone and interval status), in order.
    var publicSequences: [Int32: [UInt64]] = [:]
    /// (meter, timestamp) → how many times replaying the metering journal stored the reading
    /// (the journal keeps every batch received, resends included; validation decides what is stored).
    var storedReadings: [ReadingKey: Int] = [:]
    /// (trader, request id) → how many deposits the ledger applied with it (a repeat is recognised, not applied).
    var deposits: [TraderId: [UInt64: Int]] = [:]

    static func run(journal: String, market: Market, zones: Set<Int32>) throws -> CrashReplay {
        let storage = PosixStorage()
        var replay = CrashReplay()
        // 1. The chains (JournalScanner checks CRCs, sequences and links; read-only without repair).
        for directory in [journal, journal + "/metering", journal + "/alerts"] where storage.exists(directory) {
            let metering = directory == journal + "/metering"
            var meteringState = MeteringState(zoneCount: market.zones.count)
            do {
                let scan = try JournalScanner.scan(storage: storage, directory: directory) { record in
                    guard metering else { return }
                    let decoded = try MeteringRecord.decode(type: record.type, body: record.body)
                    guard case .ingested(let outcomes) = meteringState.apply(decoded), case .readings(let batch) = decoded else { return }
                    for (reading, outcome) in zip(batch.readings, outcomes) {
                        switch outcome {
                        case .accepted, .flagged:
                            replay.storedReadings[ReadingKey(meterId: reading.meterId, timestampMs: reading.timestampMs), default: 0] += 1
                        case .acceptedDuplicate, .rejected:
                            break
                        }
                    }
                }
                if directory == journal { replay.tornTail = scan.tornTail != nil }
            } catch {
                throw Failure(description: "journal chain broken in \(directory): \(error)")
            }
        }
        // 2. Recovery the server's way (snapshot + tail).
        let recovered: JournalRecovery.Outcome
        do {
            recovered = try JournalRecovery.recover(storage: storage, directory: journal, market: market,
                                                    options: JournalScanner.Options(repairTornTail: false))
        } catch {
            throw Failure(description: "recovery failed: \(error)")
        }
        replay.snapshotSequence = recovered.snapshotSequence
        // 3. From scratch: every record through an empty exchange, events kept.
        var core = ExchangeCore(market: market)
        var failure: String?
        func absorb(_ events: ContiguousArray<Event>) {
            for event in events {
                switch event.kind {
                case .accepted(let order):
                    replay.accepted[order.traderId, default: [:]][order.clientOrderId] = order.orderId
                case .trade(let trade):
                    if trade.sellRemainingWh == 0 { replay.filledOut.insert(trade.sellOrderId) }
                    if trade.buyRemainingWh == 0 { replay.filledOut.insert(trade.buyOrderId) }
                    if zones.contains(event.zone) { replay.publicSequences[event.zone, default: []].append(event.sequence) }
                case .bookChanged, .zoneStatus, .gateClosed:
                    if zones.contains(event.zone) { replay.publicSequences[event.zone, default: []].append(event.sequence) }
                case .fundsMoved(let moved):
                    if moved.kind == .deposit && !moved.repeated {
                        replay.deposits[moved.traderId, default: [:]][moved.requestId, default: 0] += 1
                    }
                default:
                    break
                }
            }
        }
        do {
            _ = try JournalScanner.scan(storage: storage, directory: journal) { record in
                guard failure == nil else { return }
                var reader = ByteReader(record.body)
                guard let command = try? SequencedCommand.decode(from: &reader), command.sequence == record.sequence else {
                    failure = "record \(record.sequence) does not decode"
                    return
                }
                core.execute(command)
                for events in core.drainEvents() { absorb(events) }
                replay.records += 1
                replay.lastSequence = command.sequence
            }
        } catch {
            throw Failure(description: "replay from scratch failed: \(error)")
        }
        if let failure { throw Failure(description: failure) }
        replay.stateHash = core.stateHash()
        if recovered.lastSequence != replay.lastSequence {
            throw Failure(description: "recovery ends at \(recovered.lastSequence), the replay from scratch at \(replay.lastSequence)")
        }
        if recovered.core.stateHash() != replay.stateHash {
            throw Failure(description: String(format: "recovered state %016llx differs from the replay from scratch %016llx (snapshot at %llu)",
                                              recovered.core.stateHash(), replay.stateHash, recovered.snapshotSequence))
        }
        if let problem = core.invariantViolation() { throw Failure(description: "invariant broken after replay: \(problem)") }
        if let ledger = core.wallets?.ledger, let problem = ledger.invariantViolation() {
            throw Failure(description: "ledger invariant broken after replay: \(problem)")
        }
        return replay
    }
}

/// A reading's identity in the metering journal: one per meter and timestamp.
struct ReadingKey: Hashable, Sendable {
    var meterId: MeterId
    var timestampMs: Int64
}
