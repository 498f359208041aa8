import Foundation
import GreenGridCommandLine
import GreenGridForecast

/// `forecast backtest`: scores a forecast method on a metered history, offline (`forecast predict`
/// lives in ForecastPredictCommand.swift and shares the option parsing here).
enum ForecastCommand {
    static func backtest(_ context: CommandContext) throws {
        let path = try context.invocation.operands(["HISTORY.csv"])[0]
        let arguments = context.invocation.arguments
        let site = try site(arguments)
        let method = try method(arguments)
        let history = try history(path)
        let report: BacktestReport
        if method == .weather || arguments.flag("perfect-weather") {
            // The history's own weather columns stand in for a forecast that is never wrong.
            guard let scored = Backtest.runWithPerfectWeather(method, on: history, site: site) else {
                throw UsageError("\(path) has no cloud_cover_pct or ghi_wm2 values to take as a perfect weather forecast")
            }
            report = scored
        } else {
            report = Backtest.run(method.forecaster, on: history, site: site)
        }
        context.emit(human: human(report, history: history, path: path), json: json(report))
    }

    /// The PV site from --lat, --lon and --capacity-w.
    static func site(_ arguments: Arguments) throws(UsageError) -> PVSite {
        let latitude = try degrees(arguments.string("lat"), "lat", range: -90...90)
        let longitude = try degrees(arguments.string("lon"), "lon", range: -180...180)
        guard let capacityText = arguments.string("capacity-w") else { throw UsageError("--capacity-w W is required") }
        guard let capacity = Double(capacityText), capacity.isFinite, capacity > 0 else {
            throw UsageError("--capacity-w '\(capacityText)' must be a number of watts more than 0")
        }
        guard capacity <= ProductionForecast.capacityWMax else {
            throw UsageError("--capacity-w '\(capacityText)' is more than the limit of \(Int64(ProductionForecast.capacityWMax)) W")
        }
        return PVSite(latitudeDeg: latitude, longitudeDeg: longitude, capacityW: capacity)
    }

    static func method(_ arguments: Arguments) throws(UsageError) -> ForecastMethod {
        let methodName = arguments.string("method") ?? ForecastMethod.smartPersistence.rawValue
        guard let method = ForecastMethod(rawValue: methodName) else {
            throw UsageError("--method '\(methodName)' is not one of \(ForecastMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return method
    }

    static func history(_ path: String) throws(UsageError) -> History {
        let bytes = try read(path)
        do {
            return try HistoryCSV.parse(bytes)
        } catch {
            throw UsageError("\(path): \(error)")
        }
    }

    static func degrees(_ text: String?, _ name: String, range: ClosedRange<Double>) throws(UsageError) -> Double {
        guard let text else { throw UsageError("--\(name) is required (degrees)") }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError("--\(name) '\(text)' must be degrees in \(Int(range.lowerBound))...\(Int(range.upperBound))")
        }
        return value
    }

    /// The file's bytes, refusing before reading one too large to be a history (or weather forecast).
    static func read(_ path: String, what: String = "history", maxBytes: Int = HistoryCSV.maxBytes) throws(UsageError) -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber else {
            throw UsageError("cannot read the \(what) \(path): no such file")
        }
        guard size.intValue <= maxBytes else {
            throw UsageError("\(path) is \(size.intValue) bytes, more than the limit of \(maxBytes) (\(maxBytes / 1_048_576) MB)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read the \(what) \(path)") }
        return [UInt8](data)
    }

    static func label(_ minutes: Int) -> String { minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes) min" }

    static func human(_ report: BacktestReport, history: History, path: String) -> String {
        var table = Table([("HORIZON", .right), ("MAE_W", .right), ("RMSE_W", .right), ("PERSISTENCE_RMSE_W", .right), ("SKILL", .right),
                           ("N", .right)])
        func watts(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        for minutes in Backtest.standardHorizonsMin {
            guard let score = report.score(horizonMin: minutes) else {
                table.add([label(minutes), "-", "-", "-", "-", "no such horizon on a \(report.stepS / 60)-minute step"])
                continue
            }
            table.add([label(minutes), watts(score.maeW), watts(score.rmseW), watts(score.persistenceRmseW),
                       score.skill.map { String(format: "%.3f", $0) } ?? "-", String(score.count)])
        }
        let heading = "\(report.method) on \(path): \(history.samples.count) samples, \(report.stepS / 60)-minute step, "
            + "\(history.missingSteps) missing"
        return heading + "\n" + table.rendered
    }

    static func json(_ report: BacktestReport) -> [(String, JSONValue)] {
        func number(_ value: Double?, places: Double) -> JSONValue {
            value.map { .number(($0 * places).rounded() / places) } ?? .null
        }
        let horizons = Backtest.standardHorizonsMin.map { minutes -> (String, JSONValue) in
            guard let score = report.score(horizonMin: minutes) else { return (String(minutes), .null) }
            return (String(minutes), .object([("mae_w", number(score.maeW, places: 1_000)), ("rmse_w", number(score.rmseW, places: 1_000)),
                                              ("skill", number(score.skill, places: 10_000)), ("n", .int(Int64(score.count)))]))
        }
        return [("command", .string("forecast backtest")), ("method", .string(report.method)), ("step_min", .int(report.stepS / 60)),
                ("horizons", .object(horizons))]
    }
}
