import GreenGridClient
import GreenGridProtocol

/// `zones`, `zone halt` and `zone resume`.
enum ZoneCommands {
    static func list(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        try await ExchangeSession.with(context) { session in
            let zones = try await session.client.zones()
            var table = Table([("ZONE", .right), ("NAME", .left), ("STATUS", .left), ("FEEDERS", .right), ("SEQUENCE", .right)])
            for zone in zones {
                table.add([String(zone.zone), zone.name, Vocabulary.name(zone.status), String(zone.feederCount), String(zone.zoneSequence)])
            }
            context.emit(
                human: table.rendered,
                json: [("command", .string("zones")),
                       ("zones", .array(zones.map { zone in
                           .object([("zone", .int(Int64(zone.zone))), ("name", .string(zone.name)), ("status", .string(Vocabulary.name(zone.status))),
                                    ("feeders", .int(Int64(zone.feederCount))), ("zoneSequence", .uint(zone.zoneSequence))])
                       }))])
        }
    }

    static func halt(_ context: CommandContext) async throws {
        let zoneText = try context.invocation.operands(["ZONE"])[0]
        let cancelResting = context.invocation.arguments.flag("cancel-resting")
        try await ExchangeSession.with(context) { session in
            let zone = try await session.directory().resolve(zoneText)
            let answer = try await session.client.haltZone(zone.zone, cancelResting: cancelResting)
            guard case .adminAccepted = answer else { throw Refusal.failure(answer, doing: "zone halt") }
            context.emit(human: "zone \(zone.name) (\(zone.zone)) halted\(cancelResting ? "; resting orders cancelled" : "")",
                         json: [("command", .string("zone halt")), ("zone", .int(Int64(zone.zone))), ("name", .string(zone.name)),
                                ("cancelResting", .bool(cancelResting)), ("status", .string("halted"))])
        }
    }

    static func resume(_ context: CommandContext) async throws {
        let zoneText = try context.invocation.operands(["ZONE"])[0]
        try await ExchangeSession.with(context) { session in
            let zone = try await session.directory().resolve(zoneText)
            let answer = try await session.client.resumeZone(zone.zone)
            guard case .adminAccepted = answer else { throw Refusal.failure(answer, doing: "zone resume") }
            context.emit(human: "zone \(zone.name) (\(zone.zone)) open",
                         json: [("command", .string("zone resume")), ("zone", .int(Int64(zone.zone))), ("name", .string(zone.name)),
                                ("status", .string("open"))])
        }
    }
}
