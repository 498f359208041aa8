import Foundation
import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// The access matrix over real TCP: every client message type, sent by every role (and by a
/// connection that has not logged on), is refused exactly when `Protocol/access.md` says so.
@Suite("Role matrix over TCP", .serialized)
struct RoleMatrixTests {
    /// A valid example of every message a client may send.
    static func example(_ type: MessageType, interval: Int64) -> Message? {
        switch type {
        case .logonRequest: return .logonRequest(.init(username: "prosumer-harbour"))
        case .logonProof:
            return .logonProof(.init(clientNonce: [UInt8](repeating: 1, count: 32), proof: [UInt8](repeating: 2, count: 32),
                                     heartbeatIntervalMs: 1_000, flags: [], resumeSessionId: 0, resumeFromSessionSequence: 0))
        case .heartbeat: return .heartbeat(.init())
        case .logout: return .logout(.init(reason: .userRequested))
        case .newOrder: return order(1, .buy, interval: interval)
        case .cancelOrder: return .cancelOrder(.init(zone: 0, orderId: 424_242))
        case .replaceOrder: return .replaceOrder(.init(zone: 0, orderId: 424_242, side: .buy, intervalStartMs: interval,
                                                       quantityWh: 500, priceMicrosPerKWh: 100_000))
        case .massCancel: return .massCancel(.init(clientRequestId: 1, zone: 0, intervalStartMs: 0))
        case .auctionStart:
            return .auctionStart(.init(clientOrderId: 1, zone: 0, intervalStartMs: interval, quantityWh: 1_000, startPriceMicrosPerKWh: 200_000,
                                       floorPriceMicrosPerKWh: 100_000, stepMicrosPerKWh: 10_000, stepIntervalMs: 60_000,
                                       unsoldAtFloor: .expire, source: .solar, forZone: false))
        case .auctionStop: return .auctionStop(.init(zone: 0, auctionId: 424_242))
        case .orderStatusRequest: return .orderStatusRequest(.init(requestId: 1, zone: ProtocolConstants.allZones))
        case .zoneListRequest: return .zoneListRequest(.init(requestId: 1))
        case .subscribe: return .subscribe(.init(zone: 0, intervalStartMs: 0, snapshot: false))
        case .unsubscribe: return .unsubscribe(.init(zone: 0, intervalStartMs: 0))
        case .snapshotRequest: return .snapshotRequest(.init(zone: 0, intervalStartMs: 0))
        case .replayRequest: return .replayRequest(.init(zone: 0, fromZoneSequence: 1))
        case .priceRequest: return .priceRequest(.init(requestId: 9, zone: 0, intervalStartMs: interval))
        case .priceSubscribe: return .priceSubscribe(.init(zone: 0, active: true))
        case .createUser: return createUser(9, "matrix-\(UInt32.random(in: 0...UInt32.max))", password: "pw", role: .consumer, zone: 0, feeder: 0)
        case .setRole: return .setRole(.init(requestId: 9, traderId: 4_000_000, role: .consumer))
        case .haltZone: return .haltZone(.init(requestId: 9, zone: 3, cancelResting: false))
        case .resumeZone: return .resumeZone(.init(requestId: 9, zone: 3))
        case .balanceRequest: return .balanceRequest(.init(requestId: 9))
        case .depositRequest: return .depositRequest(.init(requestId: 9, amountMicros: 1_000))
        case .withdrawRequest: return .withdrawRequest(.init(requestId: 10, amountMicros: 1))
        case .historyRequest: return .historyRequest(.init(requestId: 9, fromMs: 0, toMs: .max, maxEntries: 10))
        case .statementRequest: return .statementRequest(.init(requestId: 9, year: 2026, month: 11, format: .csv))
        case .meterReadings:
            return .meterReadings(.init(batchId: 9, readings: [MeterReading(meterId: 4_242, timestampMs: interval, importWh: 1, exportWh: 0)]))
        case .registerMeter:
            return .registerMeter(.init(requestId: 9, meterId: 4_243, ownerId: 2, gatewayId: 9, zone: 0, feederId: 0, kind: .solar,
                                        ratedPowerW: 5_000))
        case .zoneEnergySubscribe: return .zoneEnergySubscribe(.init(zone: 0, active: true))
        case .forecastRequest: return .forecastRequest(.init(requestId: 9, zone: 0, meterId: 0, method: .smartPersistence, intervals: 4))
        case .alertSet:
            return .alertSet(.init(requestId: 9, zone: 0, intervalStartMs: interval, metric: .reference, direction: .above,
                                   thresholdMicrosPerKWh: 150_000, rearmMicrosPerKWh: 0))
        case .alertDelete: return .alertDelete(.init(requestId: 9, alertId: 424_242))
        case .alertListRequest: return .alertListRequest(.init(requestId: 9))
        case .inboxRequest: return .inboxRequest(.init(requestId: 9, afterSequence: 0, maxNotifications: 10))
        default: return nil
        }
    }

    static let denials: Set<ProtocolRejectReason> = [.notPermitted, .notLoggedOn, .alreadyLoggedOn, .wrongDirection]

    @Test("every client message × every role: refused exactly when the table says so")
    func matrix() async throws {
        try await withServer { server in
            let roles: [(name: String, role: Role?, user: String?, password: String)] = [
                ("none", nil, nil, ""),
                ("prosumer", .prosumer, "prosumer-harbour", DemoUsers.traderPassword),
                ("consumer", .consumer, "consumer-harbour", DemoUsers.traderPassword),
                ("gridOperator", .gridOperator, DemoUsers.operatorUsername, DemoUsers.traderPassword),
                ("admin", .admin, "admin", DemoUsers.adminPassword),
                ("gateway", .gateway, DemoUsers.gatewayUsername, DemoUsers.traderPassword),
            ]
            let interval = openIntervalStartMs()
            for type in MessageType.allCases where type.sender != .server {
                guard let message = Self.example(type, interval: interval) else {
                    Issue.record("no example for \(type)")
                    continue
                }
                for entry in roles {
                    let client = try ProtocolClient(port: server.port)
                    if let user = entry.user { try client.logonAccepted(user, password: entry.password) }
                    try client.send(message)
                    var denied = false
                    do {
                        while let reply = try client.next(timeoutMs: 150) {
                            if case .protocolReject(let reject) = reply, Self.denials.contains(reject.reason) { denied = true; break }
                        }
                    } catch {
                        // The server may close after its answer (Logout, a refused logon): that is an answer too.
                    }
                    #expect(denied == !AccessPolicy.allows(type, role: entry.role), "\(type) as \(entry.name)")
                }
            }
        }
    }
}
