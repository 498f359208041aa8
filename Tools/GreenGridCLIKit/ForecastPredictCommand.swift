import Foundation
import GreenGridCommandLine
import GreenGridForecast

/// `forecast predict`: one meter's expected production per 15-minute interval for the next 24–48 h, offline.
enum ForecastPredictCommand {
    static func run(_ context: CommandContext) throws {
        let path = try context.invocation.operands(["HISTORY.csv"])[0]
        let arguments = context.invocation.arguments
        let site = try ForecastCommand.site(arguments)
        let method = try ForecastCommand.method(arguments)
        let hours = try hours(arguments.string("hours"))
        let history = try ForecastCommand.history(path)
        let weather = try arguments.string("weather").map { path throws(UsageError) in try self.weather(path) }
        if method == .weather, weather == nil { throw UsageError("--method weather needs --weather WEATHER.csv") }
        let startS = try arguments.string("from").map { text throws(UsageError) in try from(text) } ?? defaultStart(history)
        let forecast: ProductionForecast
        do {
            forecast = try ProductionForecast.predict(site: site, history: history, weather: weather, method: method, startS: startS,
                                                      intervals: hours * 4)
        } catch {
            throw UsageError(error.message)
        }
        context.emit(human: human(forecast, site: site), json: json(forecast))
    }

    static func hours(_ text: String?) throws(UsageError) -> Int {
        guard let text else { return 24 }
        guard let hours = Int(text), (24...48).contains(hours) else { throw UsageError("--hours '\(text)' must be a whole number in 24...48") }
        return hours
    }

    static func weather(_ path: String) throws(UsageError) -> WeatherForecast {
        let bytes = try ForecastCommand.read(path, what: "weather forecast", maxBytes: WeatherForecastCSV.maxBytes)
        do {
            return try WeatherForecastCSV.parse(bytes)
        } catch {
            throw UsageError("\(path): \(error)")
        }
    }

    /// --from as ISO 8601 UTC or Unix seconds (as in the CSV files), on a 15-minute boundary.
    static func from(_ text: String) throws(UsageError) -> Int64 {
        let startS: Int64
        do {
            startS = try HistoryCSV.timestamp(Substring(text), line: 0)
        } catch {
            throw UsageError("--from: \(error.message)")
        }
        guard startS % ProductionForecast.intervalS == 0 else { throw UsageError("--from '\(text)' is not on a 15-minute boundary") }
        return startS
    }

    /// The first 15-minute boundary at or after the end of the history's last step: the first interval not metered.
    static func defaultStart(_ history: History) -> Int64 {
        let end = history.samples.last.map { $0.timeS + history.stepS } ?? 0
        let interval = ProductionForecast.intervalS
        let down = end >= 0 ? end / interval * interval : (end - interval + 1) / interval * interval
        return down == end ? end : down + interval
    }

    static func human(_ forecast: ProductionForecast, site: PVSite) -> String {
        var table = Table([("START", .left), ("WH", .right)])
        for (index, wh) in forecast.energyWh.enumerated() {
            table.add([UTCTime.format(ms: forecast.intervalStartS(index) * 1_000), String(wh)])
        }
        let capacity = site.capacityW.rounded() == site.capacityW ? String(Int64(site.capacityW)) : String(site.capacityW)
        let heading = "\(forecast.method) for \(site.latitudeDeg), \(site.longitudeDeg) (\(capacity) W) from "
            + "\(UTCTime.format(ms: forecast.startS * 1_000)): \(forecast.energyWh.count) intervals, \(forecast.totalWh) Wh"
        return heading + "\n" + table.rendered
    }

    static func json(_ forecast: ProductionForecast) -> [(String, JSONValue)] {
        let intervals = forecast.energyWh.enumerated().map { index, wh in
            JSONValue.object([("startMs", .int(forecast.intervalStartS(index) * 1_000)), ("wh", .int(wh))])
        }
        return [("command", .string("forecast predict")), ("method", .string(forecast.method)), ("intervals", .array(intervals)),
                ("totalWh", .int(forecast.totalWh))]
    }
}
