import GreenGridRecording
import Testing

@Suite("Printing and rebuilding a recording")
struct RecordingTextTests {
    @Test("energy in kWh from Wh, by integers", arguments: [
        (Int64(0), "0.000 kWh"), (1, "0.001 kWh"), (1_500, "1.500 kWh"), (-250, "-0.250 kWh"), (Int64.max, "9223372036854775.807 kWh"),
    ])
    func energy(wh: Int64, text: String) {
        #expect(UnitsText.energy(wh: wh) == text)
    }

    @Test("prices in currency per kWh from micros", arguments: [
        (Int64(120_000), "0.120000/kWh"), (1_000_000, "1.000000/kWh"), (-5, "-0.000005/kWh"), (Int64.min, "-9223372036854.775808/kWh"),
    ])
    func price(micros: Int64, text: String) {
        #expect(UnitsText.price(microsPerKWh: micros) == text)
    }

    @Test("trade values round half away from zero, overflow is named", arguments: [
        (Int64(500), Int64(90_000), "0.045000"), (1, 1_500, "0.000002"), (Int64.max, 2, "overflow"),
    ])
    func value(wh: Int64, price: Int64, text: String) {
        #expect(UnitsText.value(quantityWh: wh, priceMicrosPerKWh: price) == text)
    }

    @Test("UTC times from nanoseconds and milliseconds", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000000Z"), (1_700_000_000_123_456_789, "2023-11-14T22:13:20.123456789Z"),
        (-1, "1969-12-31T23:59:59.999999999Z"),
    ])
    func utc(ns: Int64, text: String) {
        #expect(UnitsText.utc(ns: ns) == text)
    }

    @Test("print shows one line per record with units, and filters by zone and sequence")
    func printLines() {
        let contents = RecordingReader.read(encode(sampleRecords()))
        let lines = RecordingCommands.printLines(contents)
        #expect(lines.count == sampleRecords().count + 1)
        #expect(lines.contains { $0.contains("TradePrint") && $0.contains("0.500 kWh @ 0.090000/kWh = 0.045000") && $0.contains("seq 9") })
        #expect(lines.contains { $0.contains("GAP") && $0.contains("seq 10") && $0.contains("40") })
        #expect(lines.contains { $0.contains("RECOVERING") && $0.contains("reconnected") })
        #expect(lines.last == "# \(sampleRecords().count) records, finished cleanly")
        let later = RecordingCommands.printLines(contents, fromSequence: 9)
        #expect(!later.contains { $0.contains("BookUpdate") && $0.contains("seq 6") })
        #expect(later.contains { $0.contains("TradePrint") })
        #expect(RecordingCommands.printLines(contents, zone: 3).count == 1)
    }

    @Test("rebuild applies the snapshot and the updates after it; a GAP marks the book incomplete")
    func rebuild() {
        let records = sampleRecords()
        let beforeGap = BookRebuilder(records: Array(records.prefix(7)))
        let book = beforeGap.books[0]!
        #expect(book.isValid)
        #expect(book.zoneSequence == 10)
        #expect(book.name == "north")
        #expect(book.sortedLevels.map(\.value.quantityWh) == [1_500, 1_500])
        #expect(beforeGap.anomalies.isEmpty)
        let afterGap = BookRebuilder(records: records)
        #expect(afterGap.books[0]?.isValid == false)
    }
}
