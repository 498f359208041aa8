import Foundation
import Glibc
import GreenGridDomain
import GreenGridLoadKit
import GreenGridProtocol
import GreenGridServer
import Synchronization

/// Subscribers that share one reader thread (`fanout --shared-reader`): every socket in one
/// poll set, frames decoded and tallied as they arrive. It isolates the server's fan-out: the
/// client library spends a thread per connection, and 200 threads waking per trade on 2 cores
/// measure the scheduler as much as the exchange. Logon, heartbeats and subscribe are done here
/// directly with the protocol codec (the same frames the library sends).
final class FanoutSharedReader: @unchecked Sendable {
    struct Member {
        var fd: Int32
        var decoder = FrameDecoder(readBytesMax: 64 << 10)
        var state: FanoutSubscriberState
    }

    private var members: [Member]
    private let zone: UInt16
    private let stopping = Atomic<Bool>(false)
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    private init(members: [Member], zone: UInt16) {
        self.members = members
        self.zone = zone
    }

    /// Logs every subscriber on (blocking, one after another) and subscribes each to `zone` with a snapshot.
    static func connect(count: Int, target: TCPTarget, zone: UInt16, key: FanoutTradeKey) throws -> ([FanoutSubscriber], FanoutSharedReader) {
        let users = FanoutSubscriber.audience(zoneNames: target.market.zones.map(\.name), tradingZone: Int(zone))
        var keys: [String: [UInt8]] = [:]
        var members: [Member] = []
        var subscribers: [FanoutSubscriber] = []
        for index in 0..<count {
            let user = users[index % users.count]
            let fd = try open(host: target.host, port: target.port)
            var member = Member(fd: fd, state: FanoutSubscriberState(key: key))
            try send(fd, .logonRequest(Message.LogonRequest(username: user.username)))
            guard case .challenge(let challenge) = try next(&member) else { throw ScenarioError("\(user.username): no Challenge") }
            let derived = keys[user.username] ?? Credential.derive(password: user.password, salt: challenge.salt, iterations: Int(challenge.iterations))
            keys[user.username] = derived
            var random = SystemRandomNumberGenerator()
            let clientNonce = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
            try send(fd, .logonProof(Message.LogonProof(
                clientNonce: clientNonce,
                proof: LogonProof.compute(derivedKey: derived, serverNonce: challenge.serverNonce, clientNonce: clientNonce, username: user.username),
                heartbeatIntervalMs: 10_000, flags: [], resumeSessionId: 0, resumeFromSessionSequence: 0)))
            guard case .logonAccepted = try next(&member) else { throw ScenarioError("\(user.username): logon refused") }
            try send(fd, .subscribe(Message.Subscribe(zone: zone, intervalStartMs: 0, snapshot: true)))
            members.append(member)
            subscribers.append(FanoutSubscriber(username: user.username, client: nil, state: member.state))
        }
        let reader = FanoutSharedReader(members: members, zone: zone)
        reader.start()
        return (subscribers, reader)
    }

    private func start() {
        let thread = Thread { [self] in run() }
        thread.name = "fanout-shared-reader"
        thread.start()
        self.thread = thread
    }

    /// Logs every subscriber out and closes its socket once the reader has stopped.
    func stop() {
        stopping.store(true, ordering: .releasing)
        finished.wait()
        for member in members {
            try? Self.send(member.fd, .logout(Message.Logout(reason: .userRequested)))
            Glibc.close(member.fd)
        }
    }

    private func run() {
        var polls = members.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var lastHeartbeatNs = monotonicNanoseconds()
        while !stopping.load(ordering: .acquiring) {
            let ready = poll(&polls, nfds_t(polls.count), 100)
            let now = monotonicNanoseconds()
            if now - lastHeartbeatNs > 3_000_000_000 {
                // The server ends sessions silent for three heartbeat intervals (10 s here).
                for member in members { try? Self.send(member.fd, .heartbeat(Message.Heartbeat())) }
                lastHeartbeatNs = now
            }
            guard ready > 0 else { continue }
            for index in polls.indices where polls[index].revents != 0 {
                polls[index].revents = 0
                let received = buffer.withUnsafeMutableBytes { recv(members[index].fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                guard received > 0 else {
                    if received == 0 || (errno != EAGAIN && errno != EINTR) {
                        members[index].state.streamErrors.withLock { $0["shared_reader: connection ended", default: 0] += 1 }
                        polls[index].fd = -1
                    }
                    continue
                }
                let stamp = monotonicNanoseconds()
                members[index].decoder.append(buffer[0..<received])
                drain(index, atNs: stamp)
            }
        }
        finished.signal()
    }

    private func drain(_ index: Int, atNs stamp: UInt64) {
        let state = members[index].state
        while true {
            let message: Message
            do {
                guard let frame = try members[index].decoder.next() else { return }
                message = try Message.decode(frame)
            } catch {
                state.streamErrors.withLock { $0["shared_reader: \(error)", default: 0] += 1 }
                return
            }
            switch message {
            case .tradePrint(let print) where print.zone == zone:
                state.tally.withLock { $0.trade(quantityWh: print.quantityWh, zoneSequence: print.zoneSequence, atNs: stamp) }
            case .snapshotEnd(let end) where end.zone == zone:
                state.tally.withLock { $0.snapshotEnded() }
            case .bookUpdate(let update) where update.zone == zone:
                state.tally.withLock { $0.observe(zoneSequence: update.zoneSequence) }
            case .intervalStatus(let status) where status.zone == zone:
                state.tally.withLock { $0.observe(zoneSequence: status.zoneSequence) }
            case .zoneStatusUpdate(let status) where status.zone == zone:
                state.tally.withLock { $0.observe(zoneSequence: status.zoneSequence) }
            default:
                break
            }
        }
    }

    // MARK: Blocking helpers for the logon

    private static func open(host: String, port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ScenarioError("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw ScenarioError("connect \(host):\(port): errno \(errno)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    private static func send(_ fd: Int32, _ message: Message) throws {
        let bytes = message.frameBytes
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ScenarioError("send: errno \(errno)")
            }
            sent += n
        }
    }

    /// The next message on a blocking socket during the logon (10 s at most).
    private static func next(_ member: inout Member) throws -> Message {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(member.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            if let frame = try member.decoder.next() {
                let message = try Message.decode(frame)
                if case .heartbeat = message { continue }
                return message
            }
            let n = buffer.withUnsafeMutableBytes { recv(member.fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw ScenarioError("logon: connection ended or timed out") }
            member.decoder.append(buffer[0..<n])
        }
    }
}
