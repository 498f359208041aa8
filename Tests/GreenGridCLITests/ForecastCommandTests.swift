import Foundation
import Testing

@testable import GreenGridCLIKit

/// `forecast backtest` and `forecast predict`: offline, on temporary history and weather files.
@Suite struct ForecastCommandTests {
    /// Two days of a clear-sky-shaped history at Munich in June (power = 0.5 × 4 kW × 0.85 × Haurwitz
    /// GHI / 1000 at mid-step, as the forecasts model it), written by an independent formula.
    static func writeHistory(stepS: Int = 900, rows: Int = 192) throws -> String {
        var text = "timestamp,power_w,temp_c\n"
        let start = 1_750_320_000  // 2025-06-19T08:00:00Z
        for n in 0..<rows {
            let time = start + n * stepS
            let mid = Double(time + stepS / 2)
            let dayOfYear = 170.0 + floor((mid - 1_750_291_200) / 86_400)
            let hour = mid.truncatingRemainder(dividingBy: 86_400) / 3_600
            let gamma = 2 * Double.pi / 365 * (dayOfYear - 1 + (hour - 12) / 24)
            let declination = 0.006918 - 0.399912 * cos(gamma) + 0.070257 * sin(gamma) - 0.006758 * cos(2 * gamma)
                + 0.000907 * sin(2 * gamma) - 0.002697 * cos(3 * gamma) + 0.00148 * sin(3 * gamma)
            let eot = 229.18 * (0.000075 + 0.001868 * cos(gamma) - 0.032077 * sin(gamma) - 0.014615 * cos(2 * gamma)
                - 0.040849 * sin(2 * gamma))
            let omega = ((hour * 60 + 4 * 11.6 + eot) / 4 - 180) * Double.pi / 180
            let phi = 48.1 * Double.pi / 180
            let cosZ = sin(phi) * sin(declination) + cos(phi) * cos(declination) * cos(omega)
            let ghi = cosZ > 0 ? 1_098 * cosZ * exp(-0.057 / cosZ) : 0
            text += "\(time),\(0.5 * 4_000 * 0.85 * ghi / 1_000),20\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greengrid-history-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func backtestPrintsTheFourHorizonsAsJSON() async throws {
        let path = try Self.writeHistory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = await greengrid(["forecast", "backtest", path, "--lat", "48.1", "--lon", "11.6", "--capacity-w", "4000", "--json"])
        #expect(run.code == .ok, "\(run)")
        let object = try run.json()
        #expect(object["ok"] as? Bool == true)
        #expect(object["method"] as? String == "smart-persistence")
        let horizons = try #require(object["horizons"] as? [String: Any], "\(run)")
        #expect(Set(horizons.keys) == ["15", "60", "240", "1440"])
        for key in ["15", "60", "240", "1440"] {
            let score = try #require(horizons[key] as? [String: Any], "\(run)")
            #expect(try #require(score["mae_w"] as? Double) < 0.01, "\(run)")
            #expect(try #require(score["rmse_w"] as? Double) < 0.01, "\(run)")
            #expect(score["skill"] as? Double == 1, "\(run)")
            #expect(try #require(score["n"] as? Int) > 0)
        }
        #expect(run.out.hasPrefix("{\"ok\":true,\"command\":\"forecast backtest\",\"method\":\"smart-persistence\","), "\(run)")
    }

    @Test func thirtyMinuteHistoryHasNoFifteenMinuteHorizonAndTextIsATable() async throws {
        let path = try Self.writeHistory(stepS: 1_800, rows: 96)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let json = await greengrid(["forecast", "backtest", path, "--lat", "48.1", "--lon", "11.6", "--capacity-w", "4000", "--json",
                                    "--method", "persistence"])
        let horizons = try #require(try json.json()["horizons"] as? [String: Any], "\(json)")
        #expect(horizons["15"] is NSNull, "\(json)")
        #expect(horizons["60"] is [String: Any])
        let text = await greengrid(["forecast", "backtest", path, "--lat", "48.1", "--lon", "11.6", "--capacity-w", "4000",
                                    "--method", "exponential-smoothing"])
        #expect(text.code == .ok, "\(text)")
        let lines = text.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("exponential-smoothing on ") == true, "\(text)")
        #expect(lines.count == 6, "\(text)")
        #expect(lines[1].contains("HORIZON") && lines[1].contains("MAE_W") && lines[1].contains("SKILL"), "\(text)")
        #expect(lines[2].contains("no such horizon on a 30-minute step"), "\(text)")
    }

    @Test(arguments: [
        (["forecast", "backtest", "--lat", "1", "--lon", "1", "--capacity-w", "1"], "forecast backtest takes HISTORY.csv, got none"),
        (["forecast", "backtest", "/nonexistent/h.csv", "--lat", "1", "--lon", "1", "--capacity-w", "1"], "no such file"),
        (["forecast", "backtest", "h.csv", "--lon", "1", "--capacity-w", "1"], "--lat is required"),
        (["forecast", "backtest", "h.csv", "--lat", "91", "--lon", "1", "--capacity-w", "1"], "--lat '91' must be degrees in -90...90"),
        (["forecast", "backtest", "h.csv", "--lat", "1", "--lon", "x", "--capacity-w", "1"], "--lon 'x' must be degrees"),
        (["forecast", "backtest", "h.csv", "--lat", "1", "--lon", "1"], "--capacity-w W is required"),
        (["forecast", "backtest", "h.csv", "--lat", "1", "--lon", "1", "--capacity-w", "-5"], "more than 0"),
        (["forecast", "backtest", "h.csv", "--lat", "1", "--lon", "1", "--capacity-w", "5", "--method", "magic"],
         "--method 'magic' is not one of persistence, smart-persistence, exponential-smoothing"),
        (["forecast"], "forecast needs a subcommand (backtest, predict, zone)"),
    ] as [([String], String)])
    func usageErrorsExitTwo(arguments: [String], complaint: String) async {
        let run = await greengrid(arguments)
        #expect(run.code == .usage, "\(run)")
        #expect(run.error.contains(complaint), "\(run)")
    }

    @Test func badHistoryIsAUsageErrorWithTheLine() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greengrid-bad-\(UUID().uuidString).csv").path
        try "timestamp,power_w\n0,1\n900,inf\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = await greengrid(["forecast", "backtest", path, "--lat", "1", "--lon", "1", "--capacity-w", "5", "--json"])
        #expect(run.code == .usage, "\(run)")
        #expect(run.error.contains("line 3: power_w 'inf' is not a finite number"), "\(run)")
        #expect(try run.json()["ok"] as? Bool == false)
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("greengrid-weather-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Hourly weather from the history's end (2025-06-21T08:00:00Z) for two days at one cloud cover.
    static func writeWeather(cloudCoverPct: Int) throws -> String {
        let rows = (0..<48).map { "\(1_750_492_800 + $0 * 3_600),\(cloudCoverPct),-10" }
        return try write("timestamp,cloud_cover_pct,temp_c\n" + rows.joined(separator: "\n") + "\n")
    }

    static let site = ["--lat", "48.1", "--lon", "11.6", "--capacity-w", "4000"]

    static func intervals(_ run: CLIRun) throws -> [(startMs: Int, wh: Int)] {
        let items = try #require(try run.json()["intervals"] as? [[String: Any]], "\(run)")
        return try items.map { (try #require($0["startMs"] as? Int), try #require($0["wh"] as? Int)) }
    }

    @Test func predictPrintsNinetySixIntervalsFromTheHistorysEndAsJSON() async throws {
        let path = try Self.writeHistory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = await greengrid(["forecast", "predict", path, "--json"] + Self.site)
        #expect(run.code == .ok, "\(run)")
        #expect(run.out.hasPrefix("{\"ok\":true,\"command\":\"forecast predict\",\"method\":\"smart-persistence\",\"intervals\":[{\"startMs\":1750492800000,"),
                "\(run)")
        let object = try run.json()
        let intervals = try Self.intervals(run)
        #expect(intervals.count == 96)
        #expect(intervals.map(\.startMs) == (0..<96).map { 1_750_492_800_000 + $0 * 900_000 })
        #expect(object["totalWh"] as? Int == intervals.reduce(0) { $0 + $1.wh })
        // Half of 4 kW × 0.85 at a June noon in Munich: about 1.6 kW, 400 Wh a quarter hour; nothing at 22:00-02:00 UTC.
        #expect(intervals.map(\.wh).max().map { (350...450).contains($0) } == true, "\(intervals)")
        #expect(intervals[56..<72].allSatisfy { $0.wh == 0 }, "\(intervals)")
        #expect(intervals.allSatisfy { $0.wh >= 0 })
    }

    @Test func overcastWeatherHalvesAHalfClearHistoryFromSixHoursOnAndTextIsATable() async throws {
        let path = try Self.writeHistory()
        let clear = try Self.writeWeather(cloudCoverPct: 0)
        let overcast = try Self.writeWeather(cloudCoverPct: 100)
        defer { for file in [path, clear, overcast] { try? FileManager.default.removeItem(atPath: file) } }
        let plain = try Self.intervals(await greengrid(["forecast", "predict", path, "--json", "--hours", "48"] + Self.site))
        let cloudy = await greengrid(["forecast", "predict", path, "--json", "--hours", "48", "--weather", overcast] + Self.site)
        #expect(try cloudy.json()["method"] as? String == "smart-persistence+weather", "\(cloudy)")
        let weather = try Self.intervals(cloudy)
        #expect(plain.count == 192 && weather.count == 192)
        // The history's index is 0.5; overcast is 0.25 (Kasten-Czeplak), so from 6 h on the forecast halves.
        #expect(weather[0].wh == plain[0].wh)
        for index in 24..<192 { #expect(abs(2 * weather[index].wh - plain[index].wh) <= 2, "interval \(index): \(weather[index]) \(plain[index])") }
        // A clear sky doubles it with --method weather, which trusts the weather alone.
        let sunny = try Self.intervals(await greengrid(["forecast", "predict", path, "--json", "--weather", clear, "--method", "weather"] + Self.site))
        for index in 0..<96 { #expect(abs(sunny[index].wh - 2 * plain[index].wh) <= 2, "interval \(index)") }

        let text = await greengrid(["forecast", "predict", path, "--weather", overcast, "--from", "2025-06-22T00:00:00Z",
                                    "--method", "exponential-smoothing"] + Self.site)
        #expect(text.code == .ok, "\(text)")
        let lines = text.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 98, "\(text)")
        #expect(lines[0].hasPrefix("exponential-smoothing+weather for 48.1, 11.6 (4000 W) from 2025-06-22T00:00:00Z: 96 intervals, "),
                "\(text)")
        #expect(lines[1].hasPrefix("START") && lines[1].hasSuffix("WH"), "\(text)")
        #expect(lines[2].hasPrefix("2025-06-22T00:00:00Z") && lines[2].hasSuffix(" 0"), "\(text)")
        let fromJSON = await greengrid(["forecast", "predict", path, "--weather", overcast, "--from", "1750550400", "--json",
                                        "--method", "exponential-smoothing"] + Self.site)
        let whs = try Self.intervals(fromJSON).map(\.wh)
        #expect(lines[2...].map { Int($0.split(separator: " ").last!)! } == whs)
        #expect(lines[0].hasSuffix(" \(whs.reduce(0, +)) Wh"), "\(text)")
    }

    @Test func backtestWithTheHistorysOwnWeather() async throws {
        let path = try Self.writeHistory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The history has temp_c but no cloud cover or GHI: nothing to take as a weather forecast.
        let refused = await greengrid(["forecast", "backtest", path, "--method", "weather"] + Self.site)
        #expect(refused.code == .usage && refused.error.contains("no cloud_cover_pct or ghi_wm2"), "\(refused)")
        let history = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").enumerated()
            .map { $0.offset == 0 ? $0.element + ",cloud_cover_pct" : $0.element + ",0" }.joined(separator: "\n")
        let cloudy = try Self.write(history)
        defer { try? FileManager.default.removeItem(atPath: cloudy) }
        let run = await greengrid(["forecast", "backtest", cloudy, "--perfect-weather", "--json"] + Self.site)
        #expect(run.code == .ok, "\(run)")
        #expect(try run.json()["method"] as? String == "smart-persistence+weather", "\(run)")
    }

    @Test(arguments: [
        (["forecast", "predict", "--weather", "w.csv"], "forecast predict takes HISTORY.csv, got none"),
        (["forecast", "predict", "HISTORY", "--hours", "12"], "--hours '12' must be a whole number in 24...48"),
        (["forecast", "predict", "HISTORY", "--hours", "49"], "--hours '49' must be a whole number in 24...48"),
        (["forecast", "predict", "HISTORY", "--from", "2025-06-22T00:05:00Z"], "not on a 15-minute boundary"),
        (["forecast", "predict", "HISTORY", "--from", "tomorrow"], "--from: timestamp 'tomorrow' must be UTC"),
        (["forecast", "predict", "HISTORY", "--method", "weather"], "--method weather needs --weather WEATHER.csv"),
        (["forecast", "predict", "HISTORY", "--weather", "/nonexistent/w.csv"], "cannot read the weather forecast /nonexistent/w.csv"),
        (["forecast", "predict", "HISTORY", "--weather", "BAD"], "line 3: cloud_cover_pct 'x' is not a number"),
        (["forecast", "predict", "HISTORY", "--capacity-w", "1e12"], "more than the limit of 10000000000 W"),
    ] as [([String], String)])
    func predictUsageErrorsExitTwo(arguments: [String], complaint: String) async throws {
        let history = try Self.writeHistory(rows: 8)
        let bad = try Self.write("timestamp,cloud_cover_pct\n0,1\n900,x\n")
        defer { for file in [history, bad] { try? FileManager.default.removeItem(atPath: file) } }
        let site = arguments.contains("--capacity-w") ? ["--lat", "48.1", "--lon", "11.6"] : Self.site
        let run = await greengrid(arguments.map { $0 == "HISTORY" ? history : $0 == "BAD" ? bad : $0 } + site)
        #expect(run.code == .usage, "\(run)")
        #expect(run.error.contains(complaint), "\(run)")
    }
}
