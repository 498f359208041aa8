import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

/// Session endings over loopback: logout, logon timeout, heartbeat timeout, a server-only message.
@Suite("Server session lifecycle", .serialized)
struct SessionLifecycleTests {
    @Test("Logout is answered with Logout and the close")
    func logout() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted("prosumer-hillside")
            try client.send(.logout(Message.Logout(reason: .userRequested, text: "bye")))
            #expect(try client.expectMessage() == .logout(Message.Logout(reason: .userRequested)))
            #expect(client.closesConnection())
        }
    }

    @Test("a connection that does not log on in time gets Logout logonTimeout and is closed")
    func logonTimeout() async throws {
        try await withServer(logonTimeoutMs: 300) { server in
            let client = try ProtocolClient(port: server.port)
            #expect(try client.expectMessage() == .logout(Message.Logout(reason: .logonTimeout)))
            #expect(client.closesConnection())
        }
    }

    @Test("a silent session is sent heartbeats, then Logout heartbeatTimeout after three intervals")
    func heartbeatTimeout() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            let accepted = try client.logonAccepted("consumer-old-town", heartbeatIntervalMs: 100)
            #expect(accepted.heartbeatIntervalMs == 100)
            #expect(try client.expectMessage() == .logout(Message.Logout(reason: .heartbeatTimeout)))
            #expect(client.closesConnection())
            #expect(client.heartbeatsSeen >= 1)
        }
    }

    @Test("a server-only message from a client is refused with wrongDirection and closed")
    func wrongDirection() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted("prosumer-harbour")
            try client.send(.logonRejected(Message.LogonRejected(reason: .badCredentials)))
            guard case .protocolReject(let reject) = try client.expectMessage() else {
                Issue.record("expected a ProtocolReject")
                return
            }
            #expect(reject.reason == .wrongDirection)
            #expect(reject.rejectedType == MessageType.logonRejected.rawValue)
            #expect(client.closesConnection())
        }
    }

    @Test("a grid-side message from a trader is refused with notPermitted and the session goes on")
    func notPermitted() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted("prosumer-harbour")
            try client.send(.logonRequest(Message.LogonRequest(username: "prosumer-harbour")))
            guard case .protocolReject(let again) = try client.expectMessage() else {
                Issue.record("expected a ProtocolReject")
                return
            }
            #expect(again.reason == .alreadyLoggedOn)
            #expect(again.sessionSequence == 1)
            try client.send(.haltZone(Message.HaltZone(requestId: 1, zone: 0, cancelResting: false)))
            guard case .protocolReject(let halt) = try client.expectMessage() else {
                Issue.record("expected a ProtocolReject")
                return
            }
            #expect(halt.reason == .notPermitted)
            #expect(halt.sessionSequence == 2)
            try client.send(order(3, .sell, interval: openIntervalStartMs()))
            guard case .orderAccepted(let accepted) = try client.expectMessage() else {
                Issue.record("expected OrderAccepted")
                return
            }
            #expect(accepted.sessionSequence == 3)
        }
    }
}
