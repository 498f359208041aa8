import Glibc
import GreenGridProtocol

/// The attacks the `attack` scenario runs beside legitimate order entry, one at a time, each on
/// its own thread until its deadline, each as fast as one attacker thread can go.
enum AttackKind: String, CaseIterable, Sendable {
    case malformedFrames = "malformed-frames"
    case oversizedLength = "oversized-length"
    case slowDrip = "slow-drip"
    case logonBruteForce = "logon-brute-force"
    case rateFlood = "rate-flood"
    case connectionStorm = "connection-storm"
    case neverReads = "never-reads"

    /// The user the logon attacks guess at and the floods log on as: not one the load uses.
    static let victim = "prosumer-harbour"
    static let flooder = "admin"
    static let flooderPassword = "admin-demo"

    struct Limits: Sendable {
        var connectionsMax: Int
        var logonTimeoutMs: Int64
    }

    func run(port: UInt16, untilMs deadline: Int64, limits: Limits) -> AttackTally {
        var tally = AttackTally()
        switch self {
        case .malformedFrames: malformedFrames(port: port, deadline: deadline, &tally)
        case .oversizedLength: oversizedLength(port: port, deadline: deadline, &tally)
        case .slowDrip: slowDrip(port: port, deadline: deadline, limits: limits, &tally)
        case .logonBruteForce: bruteForce(port: port, deadline: deadline, &tally)
        case .rateFlood: rateFlood(port: port, deadline: deadline, &tally)
        case .connectionStorm: connectionStorm(port: port, deadline: deadline, limits: limits, &tally)
        case .neverReads: neverReads(port: port, deadline: deadline, &tally)
        }
        // The server is up and lets the owner of the attacked account in.
        if let socket = AttackSocket(port: port), case .logonAccepted? = socket.logon(Self.victim, password: "demo") { tally.logonAfter = true }
        return tally
    }

    /// One bad frame per connection (each closes it), round-robin over the framing and decoding errors.
    static func badFrames() -> [[UInt8]] {
        let request = Message.logonRequest(.init(username: victim)).frameBytes
        func length(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }
        var unknownType = request; unknownType[4] = 0x7F; unknownType[5] = 0x00
        var badVersion = request; badVersion[6] = 9
        var badFlags = request; badFlags[7] = 1
        let truncated = length(UInt32(request.count - 8)) + request[4..<(request.count - 4)]
        var badLength = request; badLength[8] = 200
        return [length(0), length(2), unknownType, badVersion, badFlags, Array(truncated), badLength]
    }

    private func malformedFrames(port: UInt16, deadline: Int64, _ tally: inout AttackTally) {
        let frames = Self.badFrames()
        var index = 0
        while AttackClock.nowMs() < deadline {
            guard let socket = AttackSocket(port: port) else { continue }
            tally.connections += 1
            socket.send(frames[index % frames.count])
            index += 1
            tally.sent += 1
            tally.count(socket.receive(timeoutMs: 1_000))
            tally.ended(socket)
        }
    }

    private func oversizedLength(port: UInt16, deadline: Int64, _ tally: inout AttackTally) {
        // The length field alone is refused; the 64 KiB after it are never read.
        let frame = [UInt8](repeating: 0xFF, count: 4) + [UInt8](repeating: 0xAB, count: 64 << 10)
        while AttackClock.nowMs() < deadline {
            guard let socket = AttackSocket(port: port) else { continue }
            tally.connections += 1
            socket.send(frame)
            tally.sent += 1
            tally.count(socket.receive(timeoutMs: 1_000))
            tally.ended(socket)
        }
    }

    /// 100 connections each drip one byte of a LogonRequest every 100 ms and never finish it: the
    /// logon timeout ends each; a dropped one is replaced until the deadline, and then the attacker
    /// waits (at most the logon timeout and a second) for the server to end the rest.
    private func slowDrip(port: UInt16, deadline: Int64, limits: Limits, _ tally: inout AttackTally) {
        let frame = Message.logonRequest(.init(username: Self.victim)).frameBytes
        var drips: [(socket: AttackSocket, next: Int)] = []
        let waitDeadline = deadline + limits.logonTimeoutMs + 1_000
        while AttackClock.nowMs() < deadline || (!drips.isEmpty && AttackClock.nowMs() < waitDeadline) {
            while AttackClock.nowMs() < deadline, drips.count < 100, let socket = AttackSocket(port: port) {
                tally.connections += 1
                drips.append((socket, 0))
            }
            for index in drips.indices {
                let (socket, next) = drips[index]
                if next < frame.count - 1, socket.send([frame[next]]) { tally.sent += 1 }
                drips[index].next = next + 1
                tally.count(socket.receive(timeoutMs: 0))
            }
            drips.removeAll { drip in
                if drip.socket.ending == .open { return false }
                tally.disconnects += 1
                return true
            }
            usleep(100_000)
        }
    }

    private func bruteForce(port: UInt16, deadline: Int64, _ tally: inout AttackTally) {
        while AttackClock.nowMs() < deadline {
            guard let socket = AttackSocket(port: port) else { continue }
            tally.connections += 1
            tally.sent += 2
            if let answer = socket.logon(Self.victim, password: nil) { tally.count([answer]) }
            _ = socket.receive(timeoutMs: 1_000)
            tally.ended(socket)
        }
    }

    /// A logged-on session sends heartbeats as fast as it can (64 KiB writes), reading its rejects;
    /// cut off, it logs on again.
    /// (`sent` counts the frames the kernel took: most wait in socket buffers and are dropped with
    /// the connection, unread by the server, which stops reading once it has decided to cut it off.)
    private func rateFlood(port: UInt16, deadline: Int64, _ tally: inout AttackTally) {
        let heartbeat = Message.heartbeat(.init()).frameBytes
        let write = Array((0..<((64 << 10) / heartbeat.count)).map { _ in heartbeat }.joined())
        while AttackClock.nowMs() < deadline {
            guard let socket = AttackSocket(port: port) else { continue }
            tally.connections += 1
            guard case .logonAccepted? = socket.logon(Self.flooder, password: Self.flooderPassword) else { continue }
            while AttackClock.nowMs() < deadline && socket.ending == .open {
                if socket.send(write) { tally.sent += write.count / heartbeat.count }
                tally.count(socket.receive(timeoutMs: 0))
            }
            tally.count(socket.receive(timeoutMs: 200))
            tally.ended(socket)
        }
    }

    /// Opens connections as fast as it can and holds them, past the server's limit: the extra
    /// ones are closed at once (refused); the admitted ones sit silent until the logon timeout.
    private func connectionStorm(port: UInt16, deadline: Int64, limits: Limits, _ tally: inout AttackTally) {
        var held: [(socket: AttackSocket, refused: Bool)] = []
        while AttackClock.nowMs() < deadline {
            if held.count < limits.connectionsMax + 200, let socket = AttackSocket(port: port) {
                tally.connections += 1
                tally.sent += 1
                held.append((socket, false))
                continue
            }
            for index in held.indices {
                let messages = held[index].socket.receive(timeoutMs: 0)
                tally.count(messages)
                if messages.contains(where: { if case .logonRejected(let r) = $0 { r.reason == .tooManyConnections } else { false } }) {
                    held[index].refused = true
                }
            }
            held.removeAll { entry in
                if entry.socket.ending == .open { return false }
                if entry.refused || entry.socket.bytesReceived == 0 { tally.refused += 1 } else { tally.disconnects += 1 }
                return true
            }
            usleep(10_000)
        }
    }

    /// Logs on, subscribes to every zone's market data and asks for the zone list 8,000 times a
    /// second (under the rate limit), never reading: the server cuts it off at its outbound
    /// bound, seen here as a send refused; then again.
    private func neverReads(port: UInt16, deadline: Int64, _ tally: inout AttackTally) {
        while AttackClock.nowMs() < deadline {
            guard let socket = AttackSocket(port: port, receiveBufferBytes: 4 << 10) else { continue }
            tally.connections += 1
            guard case .logonAccepted? = socket.logon(Self.flooder, password: Self.flooderPassword) else { continue }
            socket.send(Message.subscribe(.init(zone: ProtocolConstants.allZones, intervalStartMs: 0, snapshot: false)).frameBytes)
            var id: UInt64 = 0
            while AttackClock.nowMs() < deadline {
                var batch: [UInt8] = []
                for _ in 0..<80 {
                    id += 1
                    batch += Message.zoneListRequest(.init(requestId: id)).frameBytes
                }
                guard socket.send(batch) else { break }
                tally.sent += 80
                usleep(10_000)
            }
            if socket.ending != .open { tally.disconnects += 1 }
        }
    }
}
