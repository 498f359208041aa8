import Foundation
import Glibc
import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

/// A blocking protocol client over loopback for the end-to-end tests: frames out with
/// `MessageEncoder`, frames in with `FrameDecoder`, every read bounded by a timeout.
final class ProtocolClient: @unchecked Sendable {
    let socket: TestClient
    var decoder = FrameDecoder(readBytesMax: 4_096)
    var ready: [Message] = []
    /// Heartbeats the server sent (skipped by `next`).
    var heartbeatsSeen = 0

    init(port: UInt16) throws { socket = try TestClient(port: port) }

    func send(_ messages: Message...) throws {
        var encoder = MessageEncoder()
        for message in messages { encoder.append(message) }
        try socket.send(encoder.takeBytes())
    }

    func sendRaw(_ bytes: [UInt8]) throws { try socket.send(bytes) }

    /// Drops the connection without a Logout (as a crash or a lost network would).
    func drop() { _ = Glibc.shutdown(socket.fd, Int32(SHUT_RDWR)) }

    /// Exactly `count` messages, each of which must arrive within 15 s (robust where `drain` would
    /// stop early on a busy machine).
    func take(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Message] {
        try (0..<count).map { index in try expectMessage("message \(index + 1) of \(count)", sourceLocation: sourceLocation) }
    }

    /// Everything that arrives until nothing more comes for `quietMs`.
    func drain(quietMs: Int = 300) throws -> [Message] {
        var messages: [Message] = []
        while let message = try next(timeoutMs: quietMs) { messages.append(message) }
        return messages
    }

    /// The next message, skipping heartbeats; nil when nothing arrives within `timeoutMs`; throws
    /// at end of stream.
    /// The default wait is long: on a 2-core machine the full parallel run (PBKDF2 vectors, exit
    /// tests that start the test binary again) can starve every server for seconds; a wait only
    /// ends early when the message comes, so a passing test does not get slower.
    func next(timeoutMs: Int = 15_000) throws -> Message? {
        var timeout = timeval(tv_sec: timeoutMs / 1000, tv_usec: Int((timeoutMs % 1000) * 1000))
        setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while true {
            while let frame = try decoder.next() {
                let message = try Message.decode(frame)
                if case .heartbeat = message {
                    heartbeatsSeen += 1
                    continue
                }
                ready.append(message)
            }
            if !ready.isEmpty { return ready.removeFirst() }
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let n = chunk.withUnsafeMutableBytes { Glibc.recv(socket.fd, $0.baseAddress!, $0.count, 0) }
            if n == 0 { throw ClientError(operation: "recv (end of stream)", errno: 0) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
                throw ClientError(operation: "recv", errno: errno)
            }
            decoder.append(chunk[0..<n])
        }
    }

    /// The next message, which must arrive within 15 s.
    func expectMessage(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Message {
        try #require(try next(), comment, sourceLocation: sourceLocation)
    }

    /// The next message other than a gate closure: the clock closes a gate every quarter hour, and a
    /// test watching all intervals must not fail because it ran across one.
    func expectSkippingGateClosures(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Message {
        while true {
            let message = try expectMessage(comment, sourceLocation: sourceLocation)
            if message.isGateClosure { continue }
            return message
        }
    }

    /// Everything `drain` returns but gate closures (see `expectSkippingGateClosures`).
    func drainSkippingGateClosures(quietMs: Int = 300) throws -> [Message] { try drain(quietMs: quietMs).filter { !$0.isGateClosure } }

    /// Reads until the server closes the connection (true) or 15 s pass (false).
    func closesConnection() -> Bool {
        do {
            while true { guard try next() != nil else { return false } }
        } catch {
            return true
        }
    }

    /// Logon as the protocol describes it: request, challenge, proof; returns the server's answer.
    func logon(_ username: String, password: String, heartbeatIntervalMs: UInt32 = 60_000, flags: SessionFlags = [],
               resumeSessionId: UInt64 = 0, resumeFrom: UInt64 = 0) throws -> Message {
        try send(.logonRequest(Message.LogonRequest(username: username)))
        guard case .challenge(let challenge) = try expectMessage("Challenge") else {
            throw ClientError(operation: "logon: no Challenge", errno: 0)
        }
        let key = Credential.derive(password: password, salt: challenge.salt, iterations: Int(challenge.iterations))
        let clientNonce = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let proof = LogonProof.compute(derivedKey: key, serverNonce: challenge.serverNonce, clientNonce: clientNonce, username: username)
        try send(.logonProof(Message.LogonProof(clientNonce: clientNonce, proof: proof, heartbeatIntervalMs: heartbeatIntervalMs,
                                                flags: flags, resumeSessionId: resumeSessionId, resumeFromSessionSequence: resumeFrom)))
        return try expectMessage("logon answer")
    }

    /// Logs on and requires LogonAccepted.
    @discardableResult
    func logonAccepted(_ username: String, password: String = DemoUsers.traderPassword, heartbeatIntervalMs: UInt32 = 60_000,
                       flags: SessionFlags = [], resumeSessionId: UInt64 = 0, resumeFrom: UInt64 = 0) throws -> Message.LogonAccepted {
        let answer = try logon(username, password: password, heartbeatIntervalMs: heartbeatIntervalMs, flags: flags,
                               resumeSessionId: resumeSessionId, resumeFrom: resumeFrom)
        guard case .logonAccepted(let accepted) = answer else {
            throw ClientError(operation: "logon of \(username) answered \(answer)", errno: 0)
        }
        return accepted
    }
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> String {
    var template = Array("/tmp/greengrid-e2e-XXXXXX".utf8CString)
    return try template.withUnsafeMutableBufferPointer { buffer -> String in
        guard let made = mkdtemp(buffer.baseAddress!) else { throw ClientError(operation: "mkdtemp", errno: errno) }
        return String(cString: made)
    }
}

func testConfiguration(logonTimeoutMs: Int64 = ProtocolConstants.logonTimeoutMsDefault) -> ExchangeServer.Configuration {
    var configuration = ExchangeServer.Configuration()
    configuration.port = 0
    configuration.logonTimeoutMs = logonTimeoutMs
    configuration.log = ServerLog(enabled: false)
    return configuration
}

/// A server on port 0 with the demo market and demo users and a fresh temporary journal.
func withServer(logonTimeoutMs: Int64 = ProtocolConstants.logonTimeoutMsDefault,
                configure: (inout ExchangeServer.Configuration) -> Void = { _ in },
                _ body: @escaping @Sendable (ExchangeServer) throws -> Void) async throws {
    let directory = try temporaryDirectory()
    var configuration = testConfiguration(logonTimeoutMs: logonTimeoutMs)
    configure(&configuration)
    let server = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: configuration)
    do {
        try await onThread { try body(server) }
    } catch {
        try? await server.stop()
        _ = try? FileManager.default.removeItem(atPath: directory)
        throw error
    }
    try await server.stop()
    _ = try? FileManager.default.removeItem(atPath: directory)
}

/// Runs blocking socket code on its own thread, off Swift's small cooperative pool, which the
/// server's engine tasks need meanwhile.
func onThread(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let thread = Thread {
            do {
                try body()
                continuation.resume()
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}

/// An interval start aligned to 15 minutes, about an hour from now: open for trading.
func openIntervalStartMs() -> Int64 {
    (WallClock.nowMs() / DeliveryInterval.lengthMs + 4) * DeliveryInterval.lengthMs
}

func order(_ clientOrderId: ClientOrderId, _ side: Side, zone: UInt16 = 0, interval: Int64, quantityWh: Int64 = 1_000,
           price: Int64 = 100_000) -> Message {
    .newOrder(Message.NewOrder(clientOrderId: clientOrderId, zone: zone, intervalStartMs: interval, side: side, quantityWh: quantityWh,
                               priceMicrosPerKWh: price, timeInForce: .goodTillGateClosure, source: .solar, acceptedSources: .any,
                               selfTradePrevention: .cancelResting))
}

extension Message {
    /// A gate closure the clock made while a test ran (every quarter hour, at minute 10, 25, 40, 55).
    var isGateClosure: Bool {
        if case .intervalStatus(let status) = self, status.status == .gateClosed { return true }
        return false
    }
}
