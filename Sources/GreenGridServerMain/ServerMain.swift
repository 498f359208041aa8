import Dispatch
import Glibc
import GreenGridCommandLine
import GreenGridEngine
import GreenGridServer

/// Holds the running server for the signal handlers (touched only on `queue`).
final class ServerMain: @unchecked Sendable {
    static let usage = """
        usage: greengrid-server [--host 127.0.0.1] [--port 7600] [--journal-dir data/journal] [--config PATH] [--demo-users]
        """

    let log = ServerLog()
    let queue = DispatchQueue(label: "greengrid-server.control")
    var server: ExchangeServer?
    var stopping = false
    var signalSources: [DispatchSourceSignal] = []

    /// Parses the arguments, installs SIGINT/SIGTERM handling and starts the server; never returns.
    func run(_ commandLine: [String]) -> Never {
        let arguments: Arguments
        let port: Int
        do {
            arguments = try Arguments(commandLine, options: ["host", "port", "journal-dir", "config"], flags: ["demo-users", "help"])
            port = try arguments.integer("port", default: 7600, range: 0...65_535)
        } catch {
            log.error("bad_arguments", [("message", .string(error.description))])
            print(Self.usage)
            exit(2)
        }
        if arguments.flag("help") {
            print(Self.usage)
            exit(0)
        }
        var configuration = ExchangeServer.Configuration()
        configuration.host = arguments.string("host") ?? "127.0.0.1"
        configuration.port = UInt16(port)
        configuration.log = log
        let journalDirectory = arguments.string("journal-dir") ?? "data/journal"
        let configPath = arguments.string("config")
        let demoUsers = arguments.flag("demo-users")

        signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in stop(signal: number) }
            source.resume()
            signalSources.append(source)
        }

        let log = self.log
        Task { [self] in
            do {
                let market = try configPath.map { try ConfigurationLoader.load(path: $0) }
                let server = try await ExchangeServer.launch(journalDirectory: journalDirectory, market: market, demoUsers: demoUsers,
                                                             configuration: configuration)
                queue.async { [self] in
                    self.server = server
                    if stopping { stop(signal: 0) }
                }
            } catch {
                log.error("start_failed", [("error", .string("\(error)"))])
                exit(1)
            }
        }
        dispatchMain()
    }

    /// Stops accepting, closes the connections, snapshots and closes the journal, exits 0.
    func stop(signal number: Int32) {
        if number != 0 {
            guard !stopping else { return }
            stopping = true
            log.info("stopping", [("signal", .int(Int64(number)))])
        }
        guard let server else { return }  // starting: stopped once the server is there
        let log = self.log
        Task {
            do {
                try await server.stop()
                exit(0)
            } catch {
                log.error("stop_failed", [("error", .string("\(error)"))])
                exit(1)
            }
        }
    }
}
