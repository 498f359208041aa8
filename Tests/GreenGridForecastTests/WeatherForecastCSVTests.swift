import Testing

@testable import GreenGridForecast

/// Reading weather forecasts: both timestamp forms, optional columns, gaps, limits, errors by line.
@Suite struct WeatherForecastCSVTests {
    @Test func goodRowsWithOptionalColumnsAnHourlyStepAndAGap() throws {
        let weather = try WeatherForecastCSV.parse("""
            note,Cloud_Cover_Pct,timestamp,temp_c,ghi_wm2
            a,40,2025-06-21T10:00:00Z,21.5,610
            b,100,1750503600,,
            c,0.5,2025-06-21T13:00:00+00:00,22,

            """)
        #expect(weather.stepS == 3_600)
        #expect(weather.steps == [
            WeatherStep(timeS: 1_750_500_000, cloudCoverPct: 40, tempC: 21.5, ghiWm2: 610),
            WeatherStep(timeS: 1_750_503_600, cloudCoverPct: 100),
            WeatherStep(timeS: 1_750_510_800, cloudCoverPct: 0.5, tempC: 22),
        ])
        #expect(weather.step(coveringS: 1_750_500_000 - 1) == nil)
        #expect(weather.step(coveringS: 1_750_503_599)?.cloudCoverPct == 40)
        #expect(weather.step(coveringS: 1_750_503_600)?.cloudCoverPct == 100)
        #expect(weather.step(coveringS: 1_750_508_000) == nil, "the gap from 12:00 to 13:00")
        #expect(weather.step(coveringS: 1_750_514_399)?.cloudCoverPct == 0.5)
        #expect(weather.step(coveringS: 1_750_514_400) == nil)
    }

    @Test(arguments: [
        ("", nil, "header line is required"),
        ("timestamp,temp_c\n0,1\n900,2\n", 1, "lacks the column 'cloud_cover_pct'"),
        ("time,cloud_cover_pct\n0,1\n", 1, "lacks the column 'timestamp'"),
        ("timestamp,cloud_cover_pct,cloud_cover_pct\n0,1,1\n", 1, "appears twice"),
        ("timestamp,cloud_cover_pct\n0,10\n\n900,cloudy\n", 4, "cloud_cover_pct 'cloudy' is not a number"),
        ("timestamp,cloud_cover_pct,temp_c\n0,10,20\n900,10,warm\n", 3, "temp_c 'warm' is not a number"),
        ("timestamp,cloud_cover_pct\n0,10\n900,\n", 3, "cloud_cover_pct is empty"),
        ("timestamp,cloud_cover_pct\n0,10\n900,101\n", 3, "not in 0...100"),
        ("timestamp,cloud_cover_pct,ghi_wm2\n0,10,-1\n900,10,1\n", 2, "ghi_wm2 -1.0 is not in 0...2000"),
        ("timestamp,cloud_cover_pct\n0,10\n900,1,2\n", 3, "3 fields, but the header has 2"),
        ("timestamp,cloud_cover_pct\n2025-06-21T10:00:00,1\n", 2, "must be UTC"),
        ("timestamp,cloud_cover_pct\n900,1\n900,2\n", 3, "not after the previous row"),
        ("timestamp,cloud_cover_pct\n0,1\n", nil, "at least two rows"),
        ("timestamp,cloud_cover_pct\n0,1\n600,2\n", nil, "must be 15, 30 or 60 minutes"),
        ("timestamp,cloud_cover_pct\n0,1\n900,2\n2000,3\n", 4, "not a whole number of 15-minute steps"),
    ] as [(String, Int?, String)])
    func errorsNameTheLine(text: String, line: Int?, complaint: String) {
        do {
            _ = try WeatherForecastCSV.parse(text)
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(complaint), "\(error)")
            if let line { #expect(error.description.hasPrefix("line \(line): ")) }
        }
    }

    @Test func refusesTooManyLinesTooLongALineAndTooManyBytes() throws {
        let rows = (0..<WeatherForecastCSV.maxLines).map { "\($0 * 900),50" }
        let exactly = "timestamp,cloud_cover_pct\n" + rows.dropLast().joined(separator: "\n")
        #expect(try WeatherForecastCSV.parse(exactly).steps.count == WeatherForecastCSV.maxLines - 1)
        do {
            _ = try WeatherForecastCSV.parse("timestamp,cloud_cover_pct\n" + rows.joined(separator: "\n"))
            Issue.record("parsed one line too many")
        } catch {
            #expect(error.line == WeatherForecastCSV.maxLines + 1 && error.message.contains("more than \(WeatherForecastCSV.maxLines) lines"),
                    "\(error)")
        }
        let long = "timestamp,cloud_cover_pct,note\n0,1,\(String(repeating: "x", count: WeatherForecastCSV.maxLineBytes))\n"
        #expect(throws: WeatherForecastError(line: 2, "longer than \(WeatherForecastCSV.maxLineBytes) bytes")) {
            try WeatherForecastCSV.parse(long)
        }
        #expect(throws: WeatherForecastError.self) {
            try WeatherForecastCSV.parse([UInt8](repeating: 0x20, count: WeatherForecastCSV.maxBytes + 1))
        }
    }

    @Test func arraysMakeTheSameForecastAsAFile() throws {
        let fromArrays = try WeatherForecast(startS: 1_750_500_000, stepS: 1_800, cloudCoverPct: [10, 20], tempC: [15, nil],
                                             ghiWm2: [nil, 400])
        let fromFile = try WeatherForecastCSV.parse("timestamp,cloud_cover_pct,temp_c,ghi_wm2\n1750500000,10,15,\n1750501800,20,,400\n")
        #expect(fromArrays == fromFile)
        #expect(throws: WeatherForecastError.self) { try WeatherForecast(startS: 0, stepS: 900, cloudCoverPct: [1, 2], tempC: [1]) }
        #expect(throws: WeatherForecastError.self) { try WeatherForecast(startS: 0, stepS: 600, cloudCoverPct: [1, 2]) }
        #expect(throws: WeatherForecastError.self) { try WeatherForecast(startS: 0, stepS: 900, cloudCoverPct: [1, .nan]) }
        #expect(throws: WeatherForecastError.self) {
            try WeatherForecast(startS: 0, stepS: 900, cloudCoverPct: Array(repeating: 0, count: WeatherForecast.stepsMax + 1))
        }
    }
}
