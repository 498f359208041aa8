import Foundation
import Testing

@testable import GreenGridCLIKit

/// `forecast backtest`: offline, on a temporary history file.
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
        (["forecast"], "forecast needs a subcommand (backtest)"),
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
}
