import GreenGridClient

/// Where to connect and as whom, from the global options and the environment.
struct ConnectionOptions: Sendable, Hashable {
    static let passwordVariable = "GREENGRID_PASSWORD"

    var host: String
    var port: UInt16
    var user: String
    var password: String
    var timeoutMs: Int64

    init(_ invocation: Invocation, environment: [String: String]) throws(UsageError) {
        let arguments = invocation.arguments
        host = arguments.string("host") ?? "127.0.0.1"
        do {
            port = UInt16(try arguments.integer("port", default: 7600, range: 1...65_535))
            timeoutMs = Int64(try arguments.integer("timeout-ms", default: 5_000, range: 1...3_600_000))
        } catch {
            throw UsageError(error.description)
        }
        guard let user = arguments.string("user"), !user.isEmpty else {
            throw UsageError("--user NAME is required")
        }
        guard let password = arguments.string("password") ?? environment[Self.passwordVariable] else {
            throw UsageError("no password: give --password or set \(Self.passwordVariable)")
        }
        self.user = user
        self.password = password
    }

    /// One-shot commands do not reconnect: a drop mid-command is reported (exit 4) rather than
    /// papered over, since the request's outcome is then unknown.
    func clientConfiguration(watching: Bool) -> ClientConfiguration {
        ClientConfiguration(host: host, port: port, username: user, password: password, heartbeatIntervalMs: 1_000,
                            connectTimeoutMs: timeoutMs, requestTimeoutMs: timeoutMs, deliversSessionEvents: false,
                            keepsBookMirror: true, reconnect: watching ? ReconnectPolicy() : .never)
    }
}
