import Testing

@testable import GreenGridForecast

/// Reading histories: both timestamp forms, optional columns, gaps, the step, and errors by line.
@Suite struct HistoryCSVTests {
    @Test func isoTimestampsWithOptionalColumnsAndAGap() throws {
        let history = try HistoryCSV.parse("""
            timestamp,power_w,ghi_wm2,clearsky_ghi_wm2,temp_c,cloud_cover_pct
            2025-06-21T10:00:00Z,4200.5,610,900,21.5,40
            2025-06-21T10:15:00Z,4300,,910,,
            2025-06-21T11:00:00+00:00,4400,700,950,22,35

            """)
        #expect(history.stepS == 900)
        #expect(history.samples.map(\.timeS) == [1_750_500_000, 1_750_500_900, 1_750_503_600])
        #expect(history.samples[0] == Sample(timeS: 1_750_500_000, powerW: 4_200.5, ghiWm2: 610, clearSkyGhiWm2: 900, tempC: 21.5,
                                             cloudCoverPct: 40))
        #expect(history.samples[1].ghiWm2 == nil && history.samples[1].clearSkyGhiWm2 == 910 && history.samples[1].tempC == nil)
        #expect(history.missingSteps == 2)
    }

    @Test func unixSecondsColumnsInAnyOrderAndThirtyMinuteSteps() throws {
        let history = try HistoryCSV.parse("Power_W , Timestamp, note\r\n10,1750500000,x\r\n20,1750501800,y\r\n30,1750507200,z\r\n")
        #expect(history.stepS == 1_800)
        #expect(history.samples.map(\.powerW) == [10, 20, 30])
        #expect(history.samples.map(\.timeS) == [1_750_500_000, 1_750_501_800, 1_750_507_200])
        #expect(history.samples[0].ghiWm2 == nil)
        #expect(history.missingSteps == 2)
    }

    @Test(arguments: [
        ("", nil, "header line is required"),
        ("time,power_w\n1,2\n", 1, "lacks the column 'timestamp'"),
        ("timestamp\n1\n", 1, "lacks the column 'power_w'"),
        ("timestamp,power_w\n0,1\n900,2,3\n", 3, "3 fields, but the header has 2"),
        ("timestamp,power_w\n0,1\n900,abc\n", 3, "power_w 'abc' is not a number"),
        ("timestamp,power_w\n0,1\n900,nan\n", 3, "not a finite number"),
        ("timestamp,power_w,temp_c\n0,1,2\n900,1,inf\n", 3, "temp_c 'inf' is not a finite number"),
        ("timestamp,power_w\n0,1\n\n900,\n", 4, "power_w is empty"),
        ("timestamp,power_w\n2025-06-21T10:00:00,1\n", 2, "must be UTC"),
        ("timestamp,power_w\n2025-02-30T10:00:00Z,1\n", 2, "neither Unix seconds nor ISO 8601"),
        ("timestamp,power_w\n900,1\n0,2\n", 3, "not after the previous row's (line 2)"),
        ("timestamp,power_w\n900,1\n900,2\n", 3, "not after"),
        ("timestamp,power_w\n0,1\n", nil, "at least two rows"),
        ("timestamp,power_w\n0,1\n600,2\n", nil, "must be 15 or 30 minutes"),
        ("timestamp,power_w\n0,1\n900,2\n2000,3\n", 4, "not a whole number of 15-minute steps"),
        ("timestamp,power_w,power_w\n0,1,1\n", 1, "appears twice"),
    ] as [(String, Int?, String)])
    func errorsNameTheLine(text: String, line: Int?, complaint: String) {
        do {
            _ = try HistoryCSV.parse(text)
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(complaint), "\(error)")
            if let line { #expect(error.description.hasPrefix("line \(line): ")) }
        }
    }

    @Test func refusesMoreThanFiftyMegabytes() {
        #expect(throws: HistoryError.self) { try HistoryCSV.parse([UInt8](repeating: 0x20, count: HistoryCSV.maxBytes + 1)) }
    }
}
