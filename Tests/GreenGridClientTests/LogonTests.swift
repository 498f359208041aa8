import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridClient

@Suite("Client logon, heartbeats and logout", .serialized)
struct LogonTests {
    @Test("the right password logs on; logout ends the client cleanly")
    func goodPassword() async throws {
        try await withServer { server in
            let client = try await connect(server, "prosumer-harbour")
            let info = try #require(client.logonInfo)
            #expect(info.role == .prosumer)
            #expect(info.zone == 0)
            #expect(info.heartbeatIntervalMs == 1_000)
            #expect(info.nextSessionSequence == 1)
            #expect(client.isConnected)
            let events = Recorder(client.sessionEvents)
            await client.logout()
            #expect(client.terminalError == .closed)
            try await events.wait("the session stream to finish") { _ in events.finished.done }
            #expect(events.finished.error == nil)
            await #expect(throws: ClientError.closed) { try await client.place(order(.sell, interval: openIntervalStartMs())) }
        }
    }

    @Test("a wrong password and an unknown user are refused as bad credentials")
    func badPassword() async throws {
        try await withServer { server in
            await #expect(throws: ClientError.logonRejected(.badCredentials)) {
                _ = try await connect(server, "prosumer-harbour", password: "wrong")
            }
            await #expect(throws: ClientError.logonRejected(.badCredentials)) {
                _ = try await connect(server, "nobody")
            }
        }
    }

    @Test("a server at its connection limit answers LogonRejected tooManyConnections before any Challenge: an error, not a crash")
    func tooManyConnections() async throws {
        try await withServer(configure: { $0.connectionsMax = 1 }) { server in
            let occupant = try await connect(server, "prosumer-harbour")
            await #expect(throws: ClientError.logonRejected(.tooManyConnections)) {
                _ = try await connect(server, "consumer-harbour")
            }
            await occupant.logout()
        }
    }

    @Test("nothing listening is a connect error, not a hang")
    func nothingListening() async throws {
        let config = ClientConfiguration(port: 1, username: "x", password: "y", connectTimeoutMs: 1_000)
        await #expect {
            _ = try await GreenGridClient.connect(config)
        } throws: { error in
            if case .connectFailed = error as? ClientError { return true }
            return false
        }
    }

    @Test("heartbeats keep an idle session alive past three intervals")
    func heartbeats() async throws {
        try await withServer { server in
            let client = try await connect(server, "consumer-harbour") { $0.heartbeatIntervalMs = 100 }
            let events = Recorder(client.sessionEvents)
            try await Task.sleep(for: .milliseconds(600))
            #expect(client.isConnected)
            #expect(events.all.isEmpty, "no disconnect: \(events.all)")
            let answer = try await client.place(order(.buy, interval: openIntervalStartMs()))
            #expect(answer.isSuccess)
            await client.logout()
        }
    }
}
