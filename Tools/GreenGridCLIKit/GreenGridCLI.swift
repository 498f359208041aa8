import GreenGridClient
import GreenGridCommandLine
import GreenGridProtocol

/// The `greengrid` command as a library call, so tests run exactly what the executable runs,
/// with the streams, environment and clock handed in.
public enum GreenGridCLI {
    public static func run(_ arguments: [String], environment: [String: String], console: Console = .standard,
                           nowMs: @escaping @Sendable () -> Int64 = { SystemClock.nowMs() }) async -> ExitCode {
        let json = arguments.contains("--json")
        do {
            guard let invocation = try Invocation(arguments) else {
                console.errorLine(HelpText.main)
                return .usage
            }
            if let help = invocation.help {
                console.line(help)
                return .ok
            }
            let context = CommandContext(invocation: invocation, environment: environment, console: console, nowMs: nowMs)
            try await CommandRunner.run(context)
            return .ok
        } catch {
            let failure = CommandFailure(error)
            if failure.exitCode == .usage, !json {
                console.errorLine("greengrid: \(failure.message)")
                console.errorLine("Run `greengrid --help` or `greengrid COMMAND --help` for usage.")
            } else {
                console.errorLine("greengrid: \(failure.message)")
            }
            if json {
                var members: [(String, JSONValue)] = [("ok", .bool(false)), ("exitCode", .int(Int64(failure.exitCode.rawValue))),
                                                      ("error", .string(failure.message))]
                if let detail = failure.json { members.append(("refused", detail)) }
                console.line(JSONValue.object(members).rendered)
            }
            return failure.exitCode
        }
    }
}

extension CommandFailure {
    /// Sorts any error into its exit code: the client's errors by whether the exchange was ever
    /// reached, ours by kind.
    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure: self = failure
        case let usage as UsageError: self = .usage(usage.description)
        case let failure as Arguments.Failure: self = .usage(failure.description)
        case let client as ClientError: self = ClientErrorClass.failure(client)
        case is CancellationError: self = CommandFailure(exitCode: .ok, message: "interrupted")
        default: self = CommandFailure(exitCode: .timeout, message: "\(error)")
        }
    }
}

/// Which client errors mean "never got in" (3), "the exchange refused" (1) or "lost it midway" (4).
enum ClientErrorClass {
    /// The client reports a query's ProtocolReject only as text ("… refused: notPermitted …");
    /// the code is recovered from the name so refusals read the same as the others.
    static func failure(_ error: ClientError) -> CommandFailure {
        if case .walletRejected(let reason, _) = error {
            return CommandFailure(
                exitCode: .refused, message: error.description,
                json: .object([("kind", .string("walletReject")), ("reason", .string("\(reason)")), ("code", .int(Int64(reason.rawValue))),
                               ("text", .string(""))]))
        }
        guard case .invalidRequest(let text) = error,
              let reason = ProtocolRejectReason.allCases.first(where: { text.contains("refused: \($0) ") || text.hasSuffix("refused: \($0)") })
        else {
            return CommandFailure(exitCode: exitCode(error), message: error.description)
        }
        return CommandFailure(
            exitCode: .refused, message: "refused by the exchange: \(reason) (\(reason.rawValue)) — \(text)",
            json: .object([("kind", .string("protocolReject")), ("reason", .string("\(reason)")), ("code", .int(Int64(reason.rawValue))),
                           ("text", .string(text))]))
    }

    static func exitCode(_ error: ClientError) -> ExitCode {
        switch error {
        case .invalidConfiguration: return .usage
        case .invalidRequest, .walletRejected, .meteringRejected, .alertRejected, .orderRejected: return .refused
        case .addressResolution, .connectFailed, .connectTimedOut, .logonRejected, .logonTimedOut, .noCommonVersion: return .cannotConnect
        case .unexpectedMessage, .framing, .decoding, .socket, .notConnected, .closed, .loggedOut, .connectionLost, .reconnectFailed,
             .requestTimedOut, .duplicateRequest, .queueOverflow, .answerMismatch:
            return .timeout
        }
    }
}
