import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// `user create` and `user set-role`.
enum UserCommands {
    static func create(_ context: CommandContext) async throws {
        let invocation = context.invocation
        let name = try invocation.operands(["NAME"])[0]
        guard (1...ProtocolConstants.usernameBytesMax).contains(name.utf8.count) else {
            throw UsageError("NAME must be 1 … \(ProtocolConstants.usernameBytesMax) bytes of UTF-8")
        }
        guard let roleText = invocation.arguments.string("role") else { throw UsageError("--role is required") }
        let role = try Vocabulary.role(roleText)
        guard let password = invocation.arguments.string("new-password"), !password.isEmpty else {
            throw UsageError("--new-password is required")
        }
        let iterations = try invocation.arguments.integer("iterations", default: 100_000,
                                                         range: 1...Int(ProtocolConstants.iterationsRange.upperBound))
        let zoneText = invocation.arguments.string("zone")
        let feederText = invocation.arguments.string("feeder")
        var feeder: Int32 = -1
        if role.mayTrade {
            guard zoneText != nil, let feederText else { throw UsageError("a \(Vocabulary.name(role)) needs --zone and --feeder") }
            guard let value = Int32(feederText), value >= 0 else { throw UsageError("--feeder must be a feeder index (0, 1, …), not '\(feederText)'") }
            feeder = value
        } else if zoneText != nil || feederText != nil {
            throw UsageError("a \(Vocabulary.name(role)) has no zone or feeder")
        }
        try await ExchangeSession.with(context) { session in
            var zone = ProtocolConstants.noZone
            var zoneName = ""
            if let zoneText {
                let info = try await session.directory().resolve(zoneText)
                zone = info.zone
                zoneName = info.name
            }
            let answer = try await session.client.createUser(username: name, password: password, role: role, zone: zone, feeder: feeder,
                                                             iterations: UInt32(iterations))
            guard case .userCreated(let created) = answer else { throw Refusal.failure(answer, doing: "user create") }
            let placement = role.mayTrade ? ", zone \(zoneName), feeder \(feeder)" : ""
            context.emit(
                human: "created user \(name): trader id \(created.traderId) (\(Vocabulary.name(role))\(placement))",
                json: [("command", .string("user create")), ("username", .string(name)), ("traderId", .int(Int64(created.traderId))),
                       ("role", .string(Vocabulary.name(role))),
                       ("zone", role.mayTrade ? .int(Int64(zone)) : .null), ("feeder", role.mayTrade ? .int(Int64(feeder)) : .null)])
        }
    }

    static func setRole(_ context: CommandContext) async throws {
        let operands = try context.invocation.operands(["TRADER_ID", "ROLE"])
        guard let traderId = TraderId(operands[0]) else { throw UsageError("TRADER_ID must be a number, not '\(operands[0])'") }
        let role = try Vocabulary.role(operands[1])
        try await ExchangeSession.with(context) { session in
            let answer = try await session.client.setRole(traderId: traderId, role: role)
            guard case .adminAccepted = answer else { throw Refusal.failure(answer, doing: "user set-role") }
            context.emit(human: "trader \(traderId) is now \(Vocabulary.name(role))",
                         json: [("command", .string("user set-role")), ("traderId", .int(Int64(traderId))), ("role", .string(Vocabulary.name(role)))])
        }
    }
}
