import GreenGridDomain
import Testing
@testable import GreenGridAlerts

/// The journal records: round trips, bounded and strict decoding, and replay giving the same book.
@Suite("Alert records")
struct AlertRecordTests {
    static let round = AlertRound(nowMs: t0 + 5_000, transitions: [
        .init(kind: .triggered, alertId: 3, intervalStartMs: t0 + interval, priceMicrosPerKWh: 123_456),
        .init(kind: .rearmed, alertId: 4, intervalStartMs: t0 + 2 * interval, priceMicrosPerKWh: -5),
        .init(kind: .expired, alertId: 9, intervalStartMs: t0, priceMicrosPerKWh: 0),
    ])
    static let records: [AlertRecord] = [
        .set(PriceAlert(alertId: 1, ownerId: 77, spec: spec(zone: 2, intervalStartMs: t0 + interval, metric: .bestAsk, direction: .below,
                                                               threshold: 1_000_000_000, rearm: 100_000_000), createdAtMs: t0)),
        .set(PriceAlert(alertId: .max, ownerId: .max, spec: spec(zone: 65_535), createdAtMs: -1)),
        .delete(alertId: 42, ownerId: 77),
        .evaluated(round),
        .evaluated(AlertRound(nowMs: 0, transitions: [])),
    ]

    @Test("round trip", arguments: records)
    func roundTrip(_ record: AlertRecord) throws {
        let bytes = record.encoded
        #expect(bytes.count == record.encodedBytes)
        #expect(try AlertRecord.decode(type: record.type, bytes: bytes) == record)
        // Every shorter prefix is refused, never trapped on.
        for length in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try AlertRecord.decode(type: record.type, bytes: Array(bytes.prefix(length))) }
        }
        #expect(throws: DecodeError(.trailingBytes, offset: bytes.count)) {
            try AlertRecord.decode(type: record.type, bytes: bytes + [0])
        }
    }

    @Test func layoutsAreTheDocumentedSizes() {
        #expect(Self.records[0].encoded.count == 50)
        #expect(Self.records[2].encoded.count == 16)
        #expect(Self.records[3].encoded.count == 12 + 3 * 28)
        #expect(AlertRecord.evaluatedHeaderBytes + AlertRecord.transitionsPerRecordMax * AlertRecord.transitionBytes <= 64 * 1024 - 24)
    }

    @Test func aCountAboveTheLimitIsRefusedBeforeAllocating() {
        var writer = ByteWriter()
        writer.write(t0)
        writer.write(UInt32(AlertRecord.transitionsPerRecordMax + 1))
        #expect(throws: DecodeError(.tooLarge("transitions"), offset: 8)) {
            try AlertRecord.decode(type: AlertRecord.evaluatedType, bytes: writer.bytes)
        }
        // A count within the limit but longer than the body: truncated, nothing allocated for it.
        var short = ByteWriter()
        short.write(t0)
        short.write(UInt32(AlertRecord.transitionsPerRecordMax))
        #expect(throws: DecodeError(.truncated, offset: 12)) {
            try AlertRecord.decode(type: AlertRecord.evaluatedType, bytes: short.bytes)
        }
    }

    struct Corruption: Sendable, CustomTestStringConvertible {
        var name: String
        var record: Int
        var offset: Int
        var byte: UInt8
        var testDescription: String { name }
    }

    static let corruptions: [Corruption] = [
        Corruption(name: "metric 0", record: 0, offset: 14, byte: 0),
        Corruption(name: "metric 4", record: 0, offset: 14, byte: 4),
        Corruption(name: "direction 3", record: 0, offset: 15, byte: 3),
        Corruption(name: "set reserved", record: 0, offset: 16, byte: 1),
        Corruption(name: "delete reserved", record: 2, offset: 13, byte: 1),
        Corruption(name: "transition kind 4", record: 3, offset: 12, byte: 4),
        Corruption(name: "transition reserved", record: 3, offset: 13, byte: 1),
        Corruption(name: "expiry with a price", record: 3, offset: 12 + 2 * 28 + 20, byte: 1),
    ]

    @Test("invalid values refused", arguments: corruptions)
    func invalidValues(_ corruption: Corruption) {
        let record = Self.records[corruption.record]
        var bytes = record.encoded
        bytes[corruption.offset] = corruption.byte
        #expect(throws: DecodeError.self) { try AlertRecord.decode(type: record.type, bytes: bytes) }
    }

    @Test func unknownTypeRefused() {
        #expect(throws: DecodeError.self) { try AlertRecord.decode(type: 0, bytes: []) }
        #expect(throws: DecodeError.self) { try AlertRecord.decode(type: 4, bytes: Self.records[2].encoded) }
    }

    @Test func bigRoundsSplitIntoBoundedRecords() throws {
        let transitions = (1...5_000).map { AlertRound.Transition(kind: .rearmed, alertId: UInt64($0), intervalStartMs: t0, priceMicrosPerKWh: 1) }
        let records = AlertRound(nowMs: t0, transitions: transitions).records
        #expect(records.count == 3)
        var joined: [AlertRound.Transition] = []
        for record in records {
            guard case .evaluated(let part) = record else { Issue.record("an evaluated record"); continue }
            #expect(part.nowMs == t0 && part.transitions.count <= AlertRecord.transitionsPerRecordMax)
            joined += part.transitions
            _ = try AlertRecord.decode(type: record.type, bytes: record.encoded)
        }
        #expect(joined == transitions)
        #expect(AlertRound(nowMs: t0, transitions: []).records.isEmpty)
    }
}

/// Replay: the recorded sets, deletes and round outcomes rebuild the same book, byte for byte.
@Suite("Alert replay")
struct AlertReplayTests {
    @Test("seeded sessions replay to the same book", arguments: [UInt64(1), 2, 3, 42, 1_000])
    func replayDeterminism(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var book = Recorded()
        let owners: [TraderId] = [1, 2, 3, 4]
        for _ in 0..<600 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1:
                let front = Bool.random(using: &random)
                let start = front ? 0 : DeliveryInterval.start(containing: book.nowMs) + Int64.random(in: 1...6, using: &random) * interval
                _ = book.set(spec(zone: Int.random(in: 0..<3, using: &random), intervalStartMs: start,
                                  metric: AlertMetric.allCases.randomElement(using: &random)!,
                                  direction: AlertDirection.allCases.randomElement(using: &random)!,
                                  threshold: Int64.random(in: 90...110, using: &random), rearm: Int64.random(in: 0...8, using: &random)),
                             owner: owners.randomElement(using: &random)!)
            case 2:
                _ = book.delete(UInt64.random(in: 1...max(1, book.book.nextAlertId), using: &random), owner: owners.randomElement(using: &random)!)
            default:
                var observations: [PriceObservation] = []
                let first = DeliveryInterval.start(containing: book.nowMs) + interval
                for zone in 0..<3 {
                    for k in Int64(0)..<6 where Int.random(in: 0..<4, using: &random) > 0 {
                        func price() -> Int64? { Int.random(in: 0..<5, using: &random) == 0 ? nil : Int64.random(in: 80...120, using: &random) }
                        observations.append(PriceObservation(zone: zone, intervalStartMs: first + k * interval, reference: price(),
                                                             bestBid: price(), bestAsk: price()))
                    }
                }
                book.nowMs += Int64.random(in: 0...120, using: &random) * 1_000
                book.round(observations)
            }
        }
        #expect(book.book.inboxes.values.contains { $0.lastSequence > 0 }, "the session produced notifications")
        let replayed = try book.replayed()
        #expect(replayed == book.book)
        #expect(replayed.stableEncoding == book.book.stableEncoding)
    }

    @Test func recordsThatDoNotFitAreRefused() {
        var book = AlertBook(zoneCount: 1)
        let alert = PriceAlert(alertId: 2, ownerId: alice, spec: spec(), createdAtMs: t0)
        #expect(throws: AlertReplayError.idOutOfOrder(expected: 1, found: 2)) { try book.apply(.set(alert)) }
        let outOfZone = PriceAlert(alertId: 1, ownerId: alice, spec: spec(zone: 1), createdAtMs: t0)
        #expect(throws: AlertReplayError.setRefused(alertId: 1, .unknownZone)) { try book.apply(.set(outOfZone)) }
        #expect(throws: AlertReplayError.deleteRefused(alertId: 1, .unknownAlert)) { try book.apply(.delete(alertId: 1, ownerId: alice)) }
        try? book.apply(.set(PriceAlert(alertId: 1, ownerId: alice, spec: spec(), createdAtMs: t0)))
        let rearm = AlertRound(nowMs: t0, transitions: [.init(kind: .rearmed, alertId: 1, intervalStartMs: t0, priceMicrosPerKWh: 1)])
        #expect(throws: AlertReplayError.transitionDoesNotFit(alertId: 1, kind: .rearmed)) { try book.apply(.evaluated(rearm)) }
        let expire = AlertRound(nowMs: t0, transitions: [.init(kind: .expired, alertId: 1, intervalStartMs: 0, priceMicrosPerKWh: 0)])
        #expect(throws: AlertReplayError.transitionDoesNotFit(alertId: 1, kind: .expired)) { try book.apply(.evaluated(expire)) }
        #expect(throws: AlertReplayError.unknownAlert(5)) {
            try book.apply(.evaluated(AlertRound(nowMs: t0, transitions: [.init(kind: .triggered, alertId: 5, intervalStartMs: t0, priceMicrosPerKWh: 1)])))
        }
        // A refused round changed nothing, even when its first transitions fitted.
        let mixed = AlertRound(nowMs: t0, transitions: [
            .init(kind: .triggered, alertId: 1, intervalStartMs: t0, priceMicrosPerKWh: 1),
            .init(kind: .triggered, alertId: 7, intervalStartMs: t0, priceMicrosPerKWh: 1),
        ])
        #expect(throws: AlertReplayError.unknownAlert(7)) { try book.apply(.evaluated(mixed)) }
        #expect(book.alert(1)?.isArmed == true && book.inbox(ownerId: alice).isEmpty)
    }
}
