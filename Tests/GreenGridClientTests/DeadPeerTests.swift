import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridClient

@Suite("Client against a scripted server", .serialized)
struct DeadPeerTests {
    @Test("a server silent for three heartbeat intervals is declared dead: Logout(heartbeatTimeout), then the drop")
    func silentServer() async throws {
        let server = try ScriptedServer(heartbeatIntervalMs: 100)
        // From before the logon, so the lower bound holds however long the logon takes; the upper
        // bound is loose because the whole test suite shares two cores with this one.
        let started = ContinuousClock.now
        let client = try await GreenGridClient.connect(
            ClientConfiguration(port: server.port, username: "prosumer-harbour", password: "demo", heartbeatIntervalMs: 100, reconnect: .never))
        await client.waitUntilClosed()
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(60), "dead after about 3 × 100 ms, took \(elapsed)")
        guard case .connectionLost(let why) = client.terminalError else {
            Issue.record("expected connectionLost, got \(String(describing: client.terminalError))")
            return
        }
        #expect(why.contains("heartbeat"))
        let sent = try await poll("the client's Logout") { () -> [Message]? in
            server.messages.contains { if case .logout = $0 { true } else { false } } ? server.messages : nil
        }
        #expect(sent.contains { $0 == .heartbeat(Message.Heartbeat()) }, "the client sent heartbeats while idle")
        #expect(sent.last == .logout(Message.Logout(reason: .heartbeatTimeout)))
    }

    @Test("a server without protocol version 1 is refused with noCommonVersion after a Logout")
    func noCommonVersion() async throws {
        let server = try ScriptedServer(versionMin: 2, versionMax: 3)
        await #expect(throws: ClientError.noCommonVersion(serverMin: 2, serverMax: 3)) {
            _ = try await GreenGridClient.connect(ClientConfiguration(port: server.port, username: "someone", password: "x"))
        }
        let sent = try await poll("the client's Logout") { () -> [Message]? in
            server.messages.contains { if case .logout = $0 { true } else { false } } ? server.messages : nil
        }
        #expect(sent.map(\.type) == [.logonRequest, .logout])
    }
}
