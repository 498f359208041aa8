import GreenGridDomain
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// Every message type × every role, against the table in Protocol/access.md.
@Suite struct AccessPolicyTests {
    /// The expected matrix, written out by hand: (type, roles allowed; "none" = not logged on).
    static let expected: [MessageType: Set<String>] = [
        .logonRequest: ["none"], .logonProof: ["none"],
        .heartbeat: ["none", "prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .logout: ["none", "prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .newOrder: ["prosumer", "consumer"], .cancelOrder: ["prosumer", "consumer"],
        .replaceOrder: ["prosumer", "consumer"], .massCancel: ["prosumer", "consumer"],
        .orderStatusRequest: ["prosumer", "consumer"],
        .zoneListRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .subscribe: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .unsubscribe: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .snapshotRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .replayRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        // Prices (derived market data): everyone logged on.
        .priceRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .priceSubscribe: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .createUser: ["admin"], .setRole: ["admin"],
        .haltZone: ["gridOperator", "admin"], .resumeZone: ["gridOperator", "admin"],
        // Metering: readings from gateways only, registrations by the grid; the live view and forecasts
        // for everyone logged on (a meter's forecast is checked for ownership further in).
        .meterReadings: ["gateway"],
        .registerMeter: ["gridOperator", "admin"],
        .zoneEnergySubscribe: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .forecastRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        // Any logged-on user may ask; grid operators, admins and gateways are answered noWallet.
        .balanceRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .depositRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .withdrawRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .historyRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
        .statementRequest: ["prosumer", "consumer", "gridOperator", "admin", "gateway"],
    ]

    static let roles: [(String, Role?)] = [("none", nil), ("prosumer", .prosumer), ("consumer", .consumer),
                                           ("gridOperator", .gridOperator), ("admin", .admin),
                                           ("gateway", .gateway)]

    @Test("every message type and role pair is allowed exactly as the table says", arguments: MessageType.allCases)
    func matrix(type: MessageType) {
        let allowed = Self.expected[type] ?? []
        for (name, role) in Self.roles {
            #expect(AccessPolicy.allows(type, role: role) == allowed.contains(name), "\(type) as \(name)")
        }
    }

    @Test("server-only messages are refused from every client, and every client message is in the table")
    func denyByDefault() {
        for type in MessageType.allCases {
            if type.sender == .server { #expect(Self.expected[type] == nil, "\(type)") }
            else { #expect(Self.expected[type] != nil, "\(type) has no row") }
        }
    }

    @Test("the documentation's table is AccessPolicy.table(), row by row, every role a column")
    func tableMatchesPolicy() {
        #expect(Role.allCases.count + 1 == Self.roles.count, "a role without a column")
        for row in AccessPolicy.table() {
            #expect(Set(row.allowed) == Self.expected[row.type] ?? [], "\(row.type)")
        }
        #expect(AccessPolicy.table().map(\.type) == MessageType.allCases.filter { $0.sender != .server })
    }
}
