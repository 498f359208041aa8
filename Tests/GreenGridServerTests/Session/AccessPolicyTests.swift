import GreenGridDomain
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// Every message type × every role, against the table in Protocol/access.md.
@Suite struct AccessPolicyTests {
    /// The expected matrix, written out by hand: (type, roles allowed; "none" = not logged on).
    static let expected: [MessageType: Set<String>] = [
        .logonRequest: ["none"], .logonProof: ["none"],
        .heartbeat: ["none", "prosumer", "consumer", "gridOperator", "admin"],
        .logout: ["none", "prosumer", "consumer", "gridOperator", "admin"],
        .newOrder: ["prosumer", "consumer"], .cancelOrder: ["prosumer", "consumer"],
        .replaceOrder: ["prosumer", "consumer"], .massCancel: ["prosumer", "consumer"],
        .orderStatusRequest: ["prosumer", "consumer"],
        .zoneListRequest: ["prosumer", "consumer", "gridOperator", "admin"],
        .subscribe: ["prosumer", "consumer", "gridOperator", "admin"],
        .unsubscribe: ["prosumer", "consumer", "gridOperator", "admin"],
        .snapshotRequest: ["prosumer", "consumer", "gridOperator", "admin"],
        .replayRequest: ["prosumer", "consumer", "gridOperator", "admin"],
        .createUser: ["admin"], .setRole: ["admin"],
        .haltZone: ["gridOperator", "admin"], .resumeZone: ["gridOperator", "admin"],
        // Any logged-on user may ask; grid operators and admins are answered noWallet.
        .balanceRequest: ["prosumer", "consumer", "gridOperator", "admin"],
        .depositRequest: ["prosumer", "consumer", "gridOperator", "admin"],
        .withdrawRequest: ["prosumer", "consumer", "gridOperator", "admin"],
        .historyRequest: ["prosumer", "consumer", "gridOperator", "admin"],
        .statementRequest: ["prosumer", "consumer", "gridOperator", "admin"],
    ]

    static let roles: [(String, Role?)] = [("none", nil), ("prosumer", .prosumer), ("consumer", .consumer),
                                           ("gridOperator", .gridOperator), ("admin", .admin)]

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
}
