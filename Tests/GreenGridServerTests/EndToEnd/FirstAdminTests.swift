import Foundation
import GreenGridDomain
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// The first administrator is made by a command on an empty exchange, and logs on over TCP.
@Suite struct FirstAdminTests {
    @Test("create-admin on an empty exchange, then the admin logs on; a second create-admin is refused")
    func firstAdmin() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gg-admin-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await FirstAdmin.create(journalDirectory: directory, username: "root", password: "s3cret-pass", nowMs: now)
        await #expect(throws: FirstAdmin.Failure.self) {
            try await FirstAdmin.create(journalDirectory: directory, username: "other", password: "s3cret-pass", nowMs: now)
        }
        var configuration = ExchangeServer.Configuration()
        configuration.port = 0
        let server = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: false, configuration: configuration)
        let port = server.port
        try await onThread {
            let accepted = try ProtocolClient(port: port).logonAccepted("root", password: "s3cret-pass")
            #expect(accepted.role == .admin)
            #expect(accepted.traderId == FirstAdmin.traderId)
            #expect(throws: (any Error).self) { try ProtocolClient(port: port).logonAccepted("root", password: "wrong-pass") }
        }
        try await server.stop()
    }
}
