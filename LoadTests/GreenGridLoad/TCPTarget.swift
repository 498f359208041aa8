import Foundation
import GreenGridDomain
import GreenGridEngine
import GreenGridServer

/// The server a TCP run drives: either one already running (`--host/--port`), or one started in
/// this process on an ephemeral loopback port with a temporary journal and the demo users
/// (`--spawn`). In-process keeps a run one command with nothing to clean up; it is the same
/// `ExchangeServer` the `greengrid-server` executable runs, on its own event-loop and journal
/// threads, so the traffic still crosses real TCP sockets and the real protocol.
final class TCPTarget: Sendable {
    let host: String
    let port: UInt16
    let market: Market
    let server: ExchangeServer?
    let directory: String?

    var description: String { server == nil ? "\(host):\(port)" : "in-process" }

    private init(host: String, port: UInt16, market: Market, server: ExchangeServer?, directory: String?) {
        self.host = host
        self.port = port
        self.market = market
        self.server = server
        self.directory = directory
    }

    /// The demo market's zones name the demo users; an external server is assumed to run it too.
    static func remote(host: String, port: UInt16) throws -> TCPTarget {
        TCPTarget(host: host, port: port, market: try ConfigurationLoader.demo().market(), server: nil, directory: nil)
    }

    /// The per-session message-rate limit and the open-order limit per trader are raised: the
    /// shipped 10,000 messages/s per session and 300–500 open orders per trader would cap what is
    /// measured at the limits (a few sessions carry the traffic of many traders) rather than at
    /// the exchange. Everything else is the demo market.
    static func spawn() async throws -> TCPTarget {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("greengrid-load-\(UUID().uuidString)").path
        var configuration = ExchangeServer.Configuration()
        configuration.port = 0
        configuration.log = ServerLog(enabled: false)
        configuration.messagesPerSecond = 10_000_000
        configuration.messagesBurst = 1_000_000
        var market = try ConfigurationLoader.demo()
        for zone in market.zones.indices { market.zones[zone].limits.openOrdersPerTraderMax = 4_000 }
        let server = try await ExchangeServer.launch(journalDirectory: directory, market: market, demoUsers: true,
                                                     configuration: configuration)
        return TCPTarget(host: "127.0.0.1", port: server.port, market: server.market, server: server, directory: directory)
    }

    /// Commands the journal has made durable so far (in-process only): the server-side count of durable work.
    func journaledCommands() async -> UInt64? {
        guard let server else { return nil }
        return await server.durable.lastSequence
    }

    func stop() async {
        guard let server else { return }
        try? await server.stop()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}
