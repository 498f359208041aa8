import Foundation
import GreenGridServer

/// A server on an ephemeral loopback port with the demo market, the demo users and a fresh
/// journal, stopped (and its directory removed) however `body` ends: the one fixture every
/// test target that talks to a real server uses.
public func withDemoServer(_ prefix: String = "greengrid-test", configure: (inout ExchangeServer.Configuration) -> Void = { _ in },
                           _ body: (ExchangeServer) async throws -> Void) async throws {
    let directory = temporaryPath(prefix)
    var configuration = ExchangeServer.Configuration()
    configuration.port = 0
    configuration.log = ServerLog(enabled: false)
    configure(&configuration)
    let server = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: configuration)
    do {
        try await body(server)
    } catch {
        try? await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
        throw error
    }
    try await server.stop()
    try? FileManager.default.removeItem(atPath: directory)
}

/// A fresh path under the temporary directory (nothing is created).
public func temporaryPath(_ prefix: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
}
