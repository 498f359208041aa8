import GreenGridCrypto
import GreenGridProtocol
import GreenGridRecording
import GreenGridSimulation
import Testing

/// A small recording in memory: header, a zone info, a snapshot, updates, markers, END.
func sampleRecords() -> [Record] {
    let interval: Int64 = 1_800_000_000_000
    let messages: [(RecordKind, Message)] = [
        (.zoneInfo, .zoneInfo(Message.ZoneInfo(requestId: 1, zone: 0, zoneCount: 1, status: .open, name: "north", feederCount: 2, zoneSequence: 4))),
        (.snapshot, .snapshotBegin(Message.SnapshotBegin(zone: 0, zoneSequence: 4, intervalStartMs: 0, levelCount: 1, zoneStatus: .open))),
        (.snapshot, .snapshotLevel(Message.SnapshotLevel(zone: 0, intervalStartMs: interval, priceMicrosPerKWh: 90_000, quantityWh: 2_000,
                                                         orderCount: 1, side: .buy))),
        (.snapshot, .snapshotEnd(Message.SnapshotEnd(zone: 0, zoneSequence: 4))),
        (.update, .bookUpdate(Message.BookUpdate(zone: 0, zoneSequence: 6, timestampMs: 1, intervalStartMs: interval,
                                                 priceMicrosPerKWh: 110_000, quantityWh: 1_500, orderCount: 1, side: .sell))),
        (.update, .tradePrint(Message.TradePrint(zone: 0, zoneSequence: 9, timestampMs: 2, tradeId: 77, intervalStartMs: interval,
                                                 priceMicrosPerKWh: 90_000, quantityWh: 500, buyZone: 0, sellZone: 0, aggressor: .sell,
                                                 source: .wind))),
        (.update, .bookUpdate(Message.BookUpdate(zone: 0, zoneSequence: 10, timestampMs: 2, intervalStartMs: interval,
                                                 priceMicrosPerKWh: 90_000, quantityWh: 1_500, orderCount: 1, side: .buy))),
    ]
    var records = messages.enumerated().map { index, entry in
        Record(receiveTimeNs: 1_700_000_000_000_000_000 + Int64(index) * 1_000, kind: entry.0, payload: entry.1.frameBytes)
    }
    records.append(Record(receiveTimeNs: 1_700_000_000_000_100_000, kind: .recovering,
                          payload: RecoveryMarker(zone: 0, lastZoneSequence: 10, cause: .reconnected).payload))
    records.append(Record(receiveTimeNs: 1_700_000_000_000_200_000, kind: .gap,
                          payload: GapMarker(zone: 0, fromZoneSequence: 10, oldestAvailableZoneSequence: 40).payload))
    records.append(Record(receiveTimeNs: 1_700_000_000_000_300_000, kind: .end, payload: EndMarker(reason: .duration).payload))
    return records
}

func encode(_ records: [Record], createdNs: Int64 = 1_700_000_000_000_000_000) -> [UInt8] {
    var bytes = RecordingEncoding.header(createdNs: createdNs)
    for record in records { bytes += RecordingEncoding.record(record)! }
    return bytes
}

/// Byte offsets where each record ends, after the header.
func recordEnds(_ records: [Record]) -> [Int] {
    var end = RecordingFormat.headerBytes
    return records.map { record in
        end += RecordingFormat.recordHeaderBytes + record.payload.count
        return end
    }
}

@Suite("Recording format")
struct RecordingFormatTests {
    @Test("records round-trip with their kind, time and bytes", arguments: [
        (RecordKind.update, 0), (.snapshot, 1), (.gap, GapMarker.payloadBytes), (.recovering, 300), (.zoneInfo, RecordingFormat.payloadBytesMax),
        (.end, 1),
    ])
    func roundTrip(kind: RecordKind, payloadBytes: Int) {
        let payload = (0..<payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let record = Record(receiveTimeNs: -5 + Int64(payloadBytes), kind: kind, payload: payload)
        let contents = RecordingReader.read(encode([record], createdNs: 42))
        #expect(contents.createdNs == 42)
        #expect(contents.records == [record])
        #expect(contents.ending == (kind == .end ? .clean : .unfinished))
    }

    @Test("the worked example of Protocol/recording.md")
    func documentedBytes() {
        let header = "47 47 52 45 43 0d 0a 1a 01 00 00 00 00 00 2a 36 fe 9c 97 17 4e 2d df 2d"
        let gap = "95 14 b6 b0 12 00 00 00 40 0d 2d 36 fe 9c 97 17 03 00 00 0a 00 00 00 00 00 00 00 28 00 00 00 00 00 00 00"
        #expect(hex(RecordingEncoding.header(createdNs: 1_700_000_000_000_000_000)) == header)
        let record = Record(receiveTimeNs: 1_700_000_000_000_200_000, kind: .gap,
                            payload: GapMarker(zone: 0, fromZoneSequence: 10, oldestAvailableZoneSequence: 40).payload)
        #expect(RecordingEncoding.record(record).map(hex) == gap)
    }

    @Test("a payload above the bound is refused by the encoder")
    func boundedRecord() {
        let record = Record(receiveTimeNs: 0, kind: .update, payload: [UInt8](repeating: 0, count: RecordingFormat.payloadBytesMax + 1))
        #expect(RecordingEncoding.record(record) == nil)
    }

    @Test("the sample recording reads back whole and its frames decode with the protocol codec")
    func sampleRoundTrip() {
        let records = sampleRecords()
        let contents = RecordingReader.read(encode(records))
        #expect(contents.records == records)
        #expect(contents.ending == .clean)
        for record in records where [.update, .snapshot, .zoneInfo].contains(record.kind) {
            let message = RecordedFrame.decode(record.payload)
            #expect(message?.frameBytes == record.payload)
        }
    }

    @Test("unknown record kinds are skipped, not fatal")
    func unknownKind() {
        var bytes = encode(Array(sampleRecords().prefix(2)))
        // A well-formed record of kind 0x7F.
        var unknown = RecordingEncoding.record(Record(receiveTimeNs: 1, kind: .update, payload: [1, 2, 3]))!
        unknown[16] = 0x7F
        let crc = CRC32C.checksum(unknown[4...])
        for index in 0..<4 { unknown[index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
        bytes += unknown
        bytes += RecordingEncoding.record(sampleRecords()[2])!
        let contents = RecordingReader.read(bytes)
        #expect(contents.records == Array(sampleRecords().prefix(3)))
        #expect(contents.unknownKindRecords == 1)
    }

    @Test("headers that are not a recording are named, without records", arguments: [
        ("empty", [UInt8]()), ("short", Array(RecordingFormat.magic.prefix(5))), ("text", Array("hello, this is not a recording....".utf8)),
    ])
    func invalidHeader(name: String, bytes: [UInt8]) {
        let contents = RecordingReader.read(bytes)
        #expect(contents.records.isEmpty)
        guard case .invalidHeader = contents.ending else {
            Issue.record("\(name): expected invalidHeader, got \(contents.ending)")
            return
        }
    }

    @Test("every truncation keeps exactly the complete records before the cut")
    func everyTruncation() {
        let records = sampleRecords()
        let bytes = encode(records)
        let ends = recordEnds(records)
        for cut in 0..<bytes.count {
            let contents = RecordingReader.read(Array(bytes[0..<cut]))
            if cut < RecordingFormat.headerBytes {
                #expect(contents.records.isEmpty)
                continue
            }
            let complete = ends.filter { $0 <= cut }.count
            #expect(contents.records == Array(records.prefix(complete)), "cut at \(cut)")
            if ends.contains(cut) || cut == RecordingFormat.headerBytes {
                #expect(contents.ending == .unfinished, "cut at \(cut)")
            } else if case .tornTail = contents.ending {
            } else {
                Issue.record("cut at \(cut): expected a torn tail, got \(contents.ending)")
            }
        }
    }

    @Test("a flipped bit stops reading at the damaged record: the records before it survive")
    func bitFlips() {
        let records = sampleRecords()
        let bytes = encode(records)
        let ends = recordEnds(records)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            var damaged = bytes
            let position = Int(generator.next() % UInt64(bytes.count))
            damaged[position] ^= UInt8(1) << UInt8(generator.next() % 8)
            let contents = RecordingReader.read(damaged)
            if position < RecordingFormat.headerBytes {
                #expect(contents.records.isEmpty, "flip in the header at \(position)")
                continue
            }
            let damagedRecord = ends.firstIndex { position < $0 }!
            #expect(contents.records == Array(records.prefix(damagedRecord)), "flip at \(position)")
        }
    }

    @Test("random garbage, truncated and spliced recordings never trap")
    func fuzz() {
        let good = encode(sampleRecords())
        var generator = SplitMix64(seed: 99)
        for round in 0..<3_000 {
            var bytes = good
            switch round % 4 {
            case 0:
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count + 1))))
            case 1:
                for _ in 0..<(1 + generator.next() % 8) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
            case 2:
                // A valid header followed by random bytes, lengths included.
                bytes = Array(bytes.prefix(RecordingFormat.headerBytes))
                    + (0..<(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            default:
                // A huge length field in the first record.
                let at = RecordingFormat.headerBytes + 4
                for index in 0..<4 { bytes[at + index] = UInt8(truncatingIfNeeded: generator.next()) }
            }
            let contents = RecordingReader.read(bytes)
            #expect(contents.records.count <= sampleRecords().count)
            _ = RecordingCommands.printLines(contents)
            _ = BookRebuilder(records: contents.records)
        }
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let text = String(byte, radix: 16)
        return text.count == 1 ? "0" + text : text
    }.joined(separator: " ")
}
