import GreenGridAlerts
import GreenGridDomain
import Glibc
import GreenGridProtocol

/// Every way the client can fail, each with enough detail to act on without reading the source.
public enum ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidConfiguration(String)
    case invalidRequest(String)
    case addressResolution(host: String, detail: String)
    case connectFailed(host: String, port: UInt16, errno: Int32)
    case connectTimedOut(host: String, port: UInt16, timeoutMs: Int64)
    case logonRejected(LogonRejectReason)
    case logonTimedOut(timeoutMs: Int64)
    case noCommonVersion(serverMin: UInt8, serverMax: UInt8)
    /// The server sent something the protocol does not allow at that point.
    case unexpectedMessage(during: String, type: MessageType)
    /// The peer broke the framing; the stream cannot be trusted after it.
    case framing(FrameError)
    /// A frame did not decode exactly.
    case decoding(ProtocolDecodeError)
    case socket(operation: String, errno: Int32)
    /// No connection is up at the moment (a reconnect may be under way).
    case notConnected
    /// The client was closed or logged out.
    case closed
    case loggedOut(reason: LogoutReason, text: String)
    case connectionLost(String)
    case reconnectFailed(attempts: Int, lastError: String)
    case requestTimedOut(request: MessageType, timeoutMs: Int64)
    /// A request with the same correlation key is already waiting for its answer.
    case duplicateRequest(String)
    /// A bounded queue was full: the client stops rather than lose what did not fit.
    case queueOverflow(queue: ClientQueue, capacity: Int)
    /// The exchange refused a wallet request (WalletRejected): `request` is the refused request's type.
    case walletRejected(reason: WalletRejectReason, request: MessageType)
    /// A metering request (a registration, a forecast, a whole batch) was refused.
    case meteringRejected(reason: MeteringRejectReason, request: MessageType)
    /// An alert request was refused.
    case alertRejected(reason: AlertRejection, request: MessageType)
    /// An order-entry request answered by a single result (an auction start or stop) was refused
    /// with OrderRejected: `reason` is the engine's code (Protocol/README.md).
    case orderRejected(reason: RejectReason, request: MessageType)
    /// An answer in parts failed the client's check (a statement's offsets, size or CRC-32C, a
    /// history's count): nothing of it is returned.
    case answerMismatch(request: MessageType, detail: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let why): return "invalid configuration: \(why)"
        case .invalidRequest(let why): return "invalid request: \(why)"
        case .addressResolution(let host, let detail): return "cannot resolve \(host): \(detail)"
        case .connectFailed(let host, let port, let code): return "connect to \(host):\(port) failed: \(errnoText(code))"
        case .connectTimedOut(let host, let port, let ms): return "connect to \(host):\(port) timed out after \(ms) ms"
        case .logonRejected(let reason): return "logon rejected: \(reason)"
        case .logonTimedOut(let ms): return "no answer to logon within \(ms) ms"
        case .noCommonVersion(let low, let high): return "server speaks protocol versions \(low) ... \(high), this client only 1"
        case .unexpectedMessage(let during, let type): return "unexpected \(type.name) during \(during)"
        case .framing(let error): return "framing error from the server: \(error)"
        case .decoding(let error): return "undecodable frame from the server: \(error)"
        case .socket(let operation, let code): return "\(operation) failed: \(errnoText(code))"
        case .notConnected: return "not connected (reconnecting or not yet connected)"
        case .closed: return "the client is closed"
        case .loggedOut(let reason, let text): return "logged out by the server: \(reason)\(text.isEmpty ? "" : " (\(text))")"
        case .connectionLost(let why): return "connection lost: \(why)"
        case .reconnectFailed(let attempts, let last): return "gave up reconnecting after \(attempts) attempts; last error: \(last)"
        case .requestTimedOut(let type, let ms): return "no answer to \(type.name) within \(ms) ms"
        case .duplicateRequest(let key): return "a request for \(key) is already waiting for its answer"
        case .queueOverflow(let queue, let capacity): return "the \(queue) queue overflowed its capacity of \(capacity); the client stopped so nothing is lost silently"
        case .walletRejected(let reason, let request): return "\(request.name) refused by the exchange: \(reason) (\(reason.rawValue))"
        case .meteringRejected(let reason, let request): return "\(request.name) refused by the exchange: \(reason) (\(reason.rawValue))"
        case .alertRejected(let reason, let request): return "\(request.name) refused by the exchange: \(reason) (\(reason.rawValue))"
        case .orderRejected(let reason, let request): return "\(request.name) refused by the exchange: \(reason) (\(reason.rawValue))"
        case .answerMismatch(let request, let detail): return "the answer to \(request.name) failed its check: \(detail)"
        }
    }
}

/// The client's bounded inbound queues, named in overflow errors.
public enum ClientQueue: String, Sendable, Hashable {
    case sessionEvents
    case marketData
}

func errnoText(_ code: Int32) -> String {
    code == 0 ? "end of stream" : "\(String(cString: strerror(code))) (errno \(code))"
}
