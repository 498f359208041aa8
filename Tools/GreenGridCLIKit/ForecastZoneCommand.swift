import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// `forecast zone`: the exchange's production forecast of a zone (or one meter of it) per
/// 15-minute interval, asked over the protocol (unlike the offline `forecast backtest`/`predict`).
enum ForecastZoneCommand {
    static let methods: [(String, ForecastMethodCode)] = [("smart-persistence", .smartPersistence),
                                                           ("exponential-smoothing", .exponentialSmoothing)]
    static let hoursDefault = 24

    static func run(_ context: CommandContext) async throws {
        let zoneText = try context.invocation.operands(["ZONE"])[0]
        let arguments = context.invocation.arguments
        let meterId = try arguments.string("meter").map { text throws(UsageError) in try MeterCSV.meterId(text, what: "--meter") } ?? 0
        let methodName = arguments.string("method") ?? methods[0].0
        guard let method = methods.first(where: { $0.0 == methodName.lowercased() })?.1 else {
            throw UsageError("--method '\(methodName)' is not one of \(methods.map(\.0).joined(separator: ", "))")
        }
        let hours: Int
        do {
            hours = try arguments.integer("hours", default: hoursDefault, range: 1...Int(Message.ForecastRequest.intervalsMax) / 4)
        } catch {
            throw UsageError(error.description)
        }
        try await ExchangeSession.with(context) { session in
            let zone = try await session.directory().resolve(zoneText)
            let forecast = try await MeterCommand.refusing { () async throws(ClientError) in
                try await session.client.forecast(zone: zone.zone, meterId: meterId, method: method, intervals: UInt16(hours * 4))
            }
            context.emit(human: human(forecast, zoneName: zone.name, methodName: name(forecast.method)),
                         json: json(forecast, zoneName: zone.name, methodName: name(forecast.method)))
        }
    }

    static func name(_ method: ForecastMethodCode) -> String { methods.first { $0.1 == method }?.0 ?? "\(method)" }

    static func startMs(_ forecast: Message.Forecast, _ index: Int) -> Int64 {
        forecast.firstIntervalStartMs + Int64(index) * DeliveryInterval.lengthMs
    }

    static func human(_ forecast: Message.Forecast, zoneName: String, methodName: String) -> String {
        var table = Table([("START", .left), ("WH", .right)])
        for (index, wh) in forecast.productionWh.enumerated() {
            table.add([UTCTime.format(ms: startMs(forecast, index)), String(wh)])
        }
        let subject = forecast.meterId == 0 ? "zone \(zoneName)" : "meter \(forecast.meterId) in zone \(zoneName)"
        let heading = "\(methodName) forecast for \(subject) from \(UTCTime.format(ms: forecast.firstIntervalStartMs)): "
            + "\(forecast.productionWh.count) intervals, \(forecast.productionWh.reduce(0, +)) Wh"
        return heading + "\n" + table.rendered
    }

    static func json(_ forecast: Message.Forecast, zoneName: String, methodName: String) -> [(String, JSONValue)] {
        let intervals = forecast.productionWh.enumerated().map { index, wh in
            JSONValue.object([("startMs", .int(startMs(forecast, index))), ("wh", .int(wh))])
        }
        return [("command", .string("forecast zone")), ("zone", .int(Int64(forecast.zone))), ("name", .string(zoneName)),
                ("meterId", forecast.meterId == 0 ? .null : .uint(forecast.meterId)), ("method", .string(methodName)),
                ("firstIntervalStartMs", .int(forecast.firstIntervalStartMs)), ("intervals", .array(intervals)),
                ("totalWh", .int(forecast.productionWh.reduce(0, +)))]
    }
}
