import Foundation
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
        // Auctions: a prosumer their own energy; the grid a zone's (forZone), and any auction's stop.
        .auctionStart: ["prosumer", "gridOperator", "admin"], .auctionStop: ["prosumer", "gridOperator", "admin"],
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
        // Price alerts: every person logged on (no wallet needed), never a gateway (a device).
        .alertSet: ["prosumer", "consumer", "gridOperator", "admin"],
        .alertDelete: ["prosumer", "consumer", "gridOperator", "admin"],
        .alertListRequest: ["prosumer", "consumer", "gridOperator", "admin"],
        .inboxRequest: ["prosumer", "consumer", "gridOperator", "admin"],
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

    @Test("alert requests: every logged-on role but gateway, nothing before logon")
    func alertRequests() {
        for type in [MessageType.alertSet, .alertDelete, .alertListRequest, .inboxRequest] {
            #expect(!AccessPolicy.allows(type, role: nil), "\(type) before logon")
            #expect(!AccessPolicy.allows(type, role: .gateway), "\(type) as gateway")
            for role in Role.allCases where role != .gateway {
                #expect(AccessPolicy.allows(type, role: role), "\(type) as \(role)")
            }
        }
        for type in MessageType.allCases where type.family == .notifications && type.sender == .server {
            for role in Role.allCases { #expect(!AccessPolicy.allows(type, role: role), "\(type) from a client") }
        }
    }

    @Test("Protocol/access.md has one row per client message, as the policy allows")
    func accessDocument() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/access.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let columns: [Role?] = [nil, .prosumer, .consumer, .gridOperator, .admin, .gateway]
        for type in MessageType.allCases where type.sender != .server {
            let code = String(type.rawValue, radix: 16, uppercase: true)
            let prefix = "| \(type.name) | 0x\(String(repeating: "0", count: 4 - code.count))\(code) |"
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) }, "no row for \(type.name)")
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst(3).prefix(columns.count)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.count == columns.count, "\(type.name)")
            for (cell, role) in zip(cells, columns) {
                #expect(cell.hasPrefix("✓") == AccessPolicy.allows(type, role: role), "\(type.name) as \(role.map { "\($0)" } ?? "none")")
            }
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
