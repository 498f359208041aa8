import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// `order place`, `order cancel`, `order list` and `order mass-cancel`.
enum OrderCommands {
    /// Everything `order place` needs, checked before connecting so a typo never reaches the exchange.
    struct Placement: Sendable, Hashable {
        var side: Side
        var quantityWh: Int64
        var priceMicrosPerKWh: Int64
        var interval: IntervalSpec
        var timeInForce: TimeInForce
        var source: EnergySource
        var zone: String?

        init(_ invocation: Invocation) throws(UsageError) {
            let arguments = invocation.arguments
            let micros = arguments.string("price-micros")
            let operands = try invocation.operands(micros == nil ? ["buy|sell", "QUANTITY", "PRICE"] : ["buy|sell", "QUANTITY"])
            side = try Vocabulary.side(operands[0])
            quantityWh = try QuantityParser.wattHours(operands[1])
            if let micros {
                priceMicrosPerKWh = try PriceParser.micros(fromInteger: micros)
            } else {
                priceMicrosPerKWh = try PriceParser.micros(fromDecimal: operands[2])
            }
            guard let intervalText = arguments.string("interval") else { throw UsageError("--interval is required") }
            interval = try IntervalSpec(intervalText)
            timeInForce = try arguments.string("tif").map(Vocabulary.timeInForce) ?? .goodTillGateClosure
            source = try arguments.string("source").map(Vocabulary.source) ?? .other
            zone = arguments.string("zone")
        }
    }

    static func place(_ context: CommandContext) async throws {
        let placement = try Placement(context.invocation)
        let intervalStartMs = placement.interval.startMs(nowMs: context.nowMs())
        try await ExchangeSession.with(context) { session in
            let directory = try await session.directory()
            let zone = try session.zone(placement.zone, in: directory)
            let request = OrderRequest(zone: zone.zone, intervalStartMs: intervalStartMs, side: placement.side, quantityWh: placement.quantityWh,
                                       priceMicrosPerKWh: placement.priceMicrosPerKWh, timeInForce: placement.timeInForce,
                                       source: placement.source)
            let answer = try await session.client.place(request)
            guard case .accepted(let accepted) = answer else { throw Refusal.failure(answer, doing: "order place") }
            let human = "accepted: order \(accepted.orderId) — \(Vocabulary.name(accepted.side)) \(AmountFormat.kWh(fromWh: accepted.quantityWh)) kWh"
                + " at \(AmountFormat.price(micros: accepted.priceMicrosPerKWh))/kWh, \(zone.name), interval \(UTCTime.format(ms: accepted.intervalStartMs)),"
                + " \(Vocabulary.name(accepted.timeInForce)), \(Vocabulary.name(accepted.source))"
            context.emit(human: human, json: [("command", .string("order place"))] + OrderJSON.accepted(accepted, zoneName: zone.name))
        }
    }

    static func cancel(_ context: CommandContext) async throws {
        let text = try context.invocation.operands(["ORDER_ID"])[0]
        guard let orderId = OrderId(text) else { throw UsageError("ORDER_ID must be a number, not '\(text)'") }
        let zoneText = context.invocation.arguments.string("zone")
        try await ExchangeSession.with(context) { session in
            let zone = try session.zone(zoneText, in: try await session.directory())
            let answer = try await session.client.cancel(zone: zone.zone, orderId: orderId)
            guard case .cancelled(let cancelled) = answer else { throw Refusal.failure(answer, doing: "order cancel") }
            context.emit(human: "cancelled: order \(orderId) in \(zone.name), \(AmountFormat.kWh(fromWh: cancelled.remainingWh)) kWh were left",
                         json: [("command", .string("order cancel")), ("orderId", .uint(orderId)), ("zone", .int(Int64(zone.zone))),
                                ("remainingWh", .int(cancelled.remainingWh))])
        }
    }

    static func list(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        let zoneText = context.invocation.arguments.string("zone")
        try await ExchangeSession.with(context) { session in
            let directory = try await session.directory()
            let zone = try zoneText.map { try directory.resolve($0).zone } ?? ProtocolConstants.allZones
            let orders = try await session.client.openOrders(zone: zone)
            var table = Table([("ORDER", .right), ("ZONE", .left), ("INTERVAL", .left), ("SIDE", .left), ("PRICE/kWh", .right),
                               ("REMAINING kWh", .right), ("FILLED kWh", .right), ("SOURCE", .left)])
            for order in orders {
                table.add([String(order.orderId), directory.name(order.zone), UTCTime.format(ms: order.intervalStartMs), Vocabulary.name(order.side),
                           AmountFormat.price(micros: order.priceMicrosPerKWh), AmountFormat.kWh(fromWh: order.remainingWh),
                           AmountFormat.kWh(fromWh: order.filledWh), Vocabulary.name(order.source)])
            }
            context.emit(human: orders.isEmpty ? "no resting orders" : table.rendered,
                         json: [("command", .string("order list")), ("orders", .array(orders.map { OrderJSON.open($0, zoneName: directory.name($0.zone)) }))])
        }
    }

    static func massCancel(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        let zoneText = context.invocation.arguments.string("zone")
        let interval = try context.invocation.arguments.string("interval").map(IntervalSpec.init)
        let intervalStartMs = interval?.startMs(nowMs: context.nowMs()) ?? ProtocolConstants.allIntervals
        try await ExchangeSession.with(context) { session in
            var zone = ProtocolConstants.allZones
            var scope = "all zones"
            if let zoneText {
                let info = try await session.directory().resolve(zoneText)
                zone = info.zone
                scope = info.name
            }
            let answer = try await session.client.massCancel(zone: zone, intervalStartMs: intervalStartMs)
            guard case .massCancelDone(let done) = answer else { throw Refusal.failure(answer, doing: "order mass-cancel") }
            let intervalText = interval == nil ? "" : ", interval \(UTCTime.format(ms: intervalStartMs))"
            context.emit(human: "cancelled \(done.cancelledCount) order\(done.cancelledCount == 1 ? "" : "s") (\(scope)\(intervalText))",
                         json: [("command", .string("order mass-cancel")), ("cancelledCount", .int(Int64(done.cancelledCount))),
                                ("zone", zoneText == nil ? .null : .int(Int64(zone))),
                                ("intervalStart", interval == nil ? .null : .string(UTCTime.format(ms: intervalStartMs)))])
        }
    }
}

/// Orders as JSON: integers in the exchange's units (Wh, micros per kWh), times as UTC ISO-8601.
enum OrderJSON {
    static func accepted(_ m: Message.OrderAccepted, zoneName: String) -> [(String, JSONValue)] {
        [("orderId", .uint(m.orderId)), ("clientOrderId", .uint(m.clientOrderId)), ("zone", .int(Int64(m.zone))), ("zoneName", .string(zoneName)),
         ("intervalStart", .string(UTCTime.format(ms: m.intervalStartMs))), ("side", .string(Vocabulary.name(m.side))),
         ("quantityWh", .int(m.quantityWh)), ("priceMicrosPerKWh", .int(m.priceMicrosPerKWh)),
         ("timeInForce", .string(Vocabulary.name(m.timeInForce))), ("source", .string(Vocabulary.name(m.source)))]
    }

    static func open(_ m: Message.OpenOrder, zoneName: String) -> JSONValue {
        .object([("orderId", .uint(m.orderId)), ("clientOrderId", .uint(m.clientOrderId)), ("zone", .int(Int64(m.zone))),
                 ("zoneName", .string(zoneName)), ("intervalStart", .string(UTCTime.format(ms: m.intervalStartMs))),
                 ("side", .string(Vocabulary.name(m.side))), ("priceMicrosPerKWh", .int(m.priceMicrosPerKWh)),
                 ("remainingWh", .int(m.remainingWh)), ("filledWh", .int(m.filledWh)), ("source", .string(Vocabulary.name(m.source)))])
    }
}
