import GreenGridJournal
import Testing

@Suite struct RecordFormatTests {
    @Test("a record reads back as written, header and body")
    func roundTrip() throws {
        var buffer: [UInt8] = []
        RecordFormat.append(type: 2, sequence: 42, body: Array(0..<40), to: &buffer)
        #expect(buffer.count == RecordFormat.headerBytes + 40)
        let header = try buffer.withUnsafeBytes { try RecordFormat.validate($0, at: 0).get() }
        #expect(header == RecordFormat.Header(length: 64, sequence: 42, type: 2))
        #expect(Array(buffer[0..<4]) == Array("GGRJ".utf8))
    }

    @Test("every single-bit flip in a record is detected")
    func bitFlipsDetected() {
        var buffer: [UInt8] = []
        RecordFormat.append(type: 3, sequence: 7, body: Array(repeating: 0x5A, count: 30), to: &buffer)
        for bit in 0..<(buffer.count * 8) {
            var damaged = buffer
            damaged[bit / 8] ^= 1 << UInt8(bit % 8)
            let outcome = damaged.withUnsafeBytes { RecordFormat.validate($0, at: 0) }
            if case .success = outcome { Issue.record("flip of bit \(bit) went unnoticed") }
        }
    }

    @Test("zeros read as the end of data, a cut record as truncated")
    func endAndTruncation() {
        let zeros = [UInt8](repeating: 0, count: 100)
        #expect(zeros.withUnsafeBytes { RecordFormat.validate($0, at: 0) } == .failure(.end))
        var buffer: [UInt8] = []
        RecordFormat.append(type: 2, sequence: 1, body: Array(repeating: 1, count: 40), to: &buffer)
        for cut in 1..<buffer.count {
            let outcome = Array(buffer[0..<cut]).withUnsafeBytes { RecordFormat.validate($0, at: 0) }
            if case .success = outcome { Issue.record("a record cut at \(cut) bytes was accepted") }
        }
    }

    @Test("segment and snapshot names sort in sequence order and parse back")
    func names() {
        #expect(SegmentFormat.name(firstSequence: 12) == "segment-00000000000000000012.ggj")
        #expect(SegmentFormat.firstSequence(fromName: SegmentFormat.name(firstSequence: 987_654_321)) == 987_654_321)
        #expect(SegmentFormat.firstSequence(fromName: "segment-12.ggj") == nil)
        #expect(SnapshotStore.lastSequence(fromName: SnapshotStore.name(lastSequence: 5)) == 5)
        #expect(SegmentFormat.name(firstSequence: 9) < SegmentFormat.name(firstSequence: 10))
    }
}
