import GreenGridClient
import GreenGridCommandLine
import GreenGridProtocol

/// A logged-on client for the length of one command; logs out however the command ends, so the
/// server does not keep a half-open session around.
struct ExchangeSession: Sendable {
    var client: GreenGridClient

    /// `configure` adjusts the client before it connects (the handlers a watch command feeds).
    static func with<T: Sendable>(_ context: CommandContext, watching: Bool = false,
                                  configure: (inout ClientConfiguration) -> Void = { _ in },
                                  _ body: (ExchangeSession) async throws -> T) async throws -> T {
        let options = try ConnectionOptions(context.invocation, environment: context.environment)
        var configuration = options.clientConfiguration(watching: watching)
        configure(&configuration)
        let client = try await GreenGridClient.connect(configuration)
        let session = ExchangeSession(client: client)
        do {
            let result = try await body(session)
            await client.logout(timeoutMs: 1_000)
            return result
        } catch {
            await client.logout(timeoutMs: 1_000)
            throw error
        }
    }

    func directory() async throws -> ZoneDirectory {
        ZoneDirectory(zones: try await client.zones())
    }

    /// The zone named by `--zone`, else the logged-on trader's own zone.
    func zone(_ text: String?, in directory: ZoneDirectory) throws -> Message.ZoneInfo {
        if let text { return try directory.resolve(text) }
        guard let own = client.logonInfo?.zone, own != ProtocolConstants.noZone else {
            throw UsageError("--zone is required (this user has no zone of its own)")
        }
        return try directory.resolve(String(own))
    }
}

extension Arguments {
    /// `--seconds N` of a watch (1 second … a year), nil without it: until interrupted.
    func watchSeconds() throws(UsageError) -> Int? {
        do {
            return string("seconds") == nil ? nil : try integer("seconds", default: 0, range: 1...86_400 * 365)
        } catch {
            throw UsageError(error.description)
        }
    }
}
