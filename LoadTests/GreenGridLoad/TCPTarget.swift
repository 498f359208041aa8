import Foundation
import GreenGridDomain
import GreenGridEngine
import GreenGridServer

/// The server a TCP run drives: one already running (`--server HOST:PORT`), a `greengrid-server`
/// process the harness starts and stops (the default), or one in this process (`--in-process`,
/// and the tests): the same `ExchangeServer` on its own event-loop and journal threads, so the
/// traffic still crosses real TCP sockets and the real protocol.
final class TCPTarget: Sendable {
    let host: String
    let port: UInt16
    let market: Market
    let server: ExchangeServer?
    let directory: String?
    let process: ServerProcess?

    var description: String {
        (server != nil ? "in-process" : process != nil ? "greengrid-server" : "\(host):\(port)") + (market.wallets != nil ? " with wallets" : "")
    }

    private init(host: String, port: UInt16, market: Market, server: ExchangeServer?, directory: String?, process: ServerProcess? = nil) {
        self.host = host
        self.port = port
        self.market = market
        self.server = server
        self.directory = directory
        self.process = process
    }

    /// A fresh `greengrid-server` process (see `ServerProcess`), stopped by `stop()`.
    static func startProcess(withWallets: Bool = false, settings: String = ServerProcess.raisedLimits) throws -> TCPTarget {
        let market = try loadMarket(withWallets: withWallets)
        let process = try ServerProcess.start(market: market, settings: settings)
        return TCPTarget(host: "127.0.0.1", port: process.port, market: try market.market(), server: nil, directory: nil, process: process)
    }

    /// The demo market with the open-order limit per trader raised (see `spawn()`): what every
    /// server the harness starts runs, in this process or in its own.
    static func loadMarket(withWallets: Bool = false) throws -> MarketConfiguration {
        var market = try ConfigurationLoader.demo()
        for zone in market.zones.indices { market.zones[zone].limits.openOrdersPerTraderMax = 4_000 }
        // Matching and the order path without money, comparable with earlier runs; `--wallets` keeps them.
        if !withWallets { market.wallets = nil }
        return market
    }

    /// The demo market's zones name the demo users; an external server is assumed to run it too.
    static func remote(host: String, port: UInt16) throws -> TCPTarget {
        TCPTarget(host: host, port: port, market: try ConfigurationLoader.demo().market(), server: nil, directory: nil)
    }

    /// The per-session message-rate limit and the open-order limit per trader are raised: the
    /// shipped 10,000 messages/s per session and 300–500 open orders per trader would cap what is
    /// measured at the limits (a few sessions carry the traffic of many traders) rather than at
    /// the exchange. Everything else is the demo market.
    static func spawn(withWallets: Bool = false) async throws -> TCPTarget {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("greengrid-load-\(UUID().uuidString)").path
        var configuration = ExchangeServer.Configuration()
        configuration.port = 0
        configuration.log = ServerLog(enabled: false)
        configuration.messagesPerSecond = 10_000_000
        configuration.messagesBurst = 1_000_000
        let server = try await ExchangeServer.launch(journalDirectory: directory, market: try loadMarket(withWallets: withWallets), demoUsers: true,
                                                     configuration: configuration)
        return TCPTarget(host: "127.0.0.1", port: server.port, market: server.market, server: server, directory: directory)
    }

    /// Commands the journal has made durable so far (in-process only): the server-side count of durable work.
    func journaledCommands() async -> UInt64? {
        guard let server else { return nil }
        return await server.durable.lastSequence
    }

    func stop() async {
        process?.stop()
        guard let server else { return }
        try? await server.stop()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}
