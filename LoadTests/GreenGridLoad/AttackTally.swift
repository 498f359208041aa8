import GreenGridLoadKit
import GreenGridProtocol

/// What one attack did and what the server answered it: the counts that go into the result line.
struct AttackTally: Sendable {
    /// Frames (or, for drips, bytes) the attacker sent.
    var sent = 0
    var connections = 0
    /// Connections the server closed without a byte (past its connection limit).
    var refused = 0
    /// Connections the server ended (after an answer, a Logout, or a reset).
    var disconnects = 0
    var answers: [String: Int] = [:]
    /// After the attack a fresh connection logged on (the server is up and lets the owner in).
    var logonAfter = false

    mutating func count(_ messages: [Message]) {
        for message in messages {
            switch message {
            case .protocolReject(let reject): answers["ProtocolReject \(reject.reason)", default: 0] += 1
            case .logonRejected(let rejected): answers["LogonRejected \(rejected.reason)", default: 0] += 1
            case .logout(let logout): answers["Logout \(logout.reason)", default: 0] += 1
            case .challenge: answers["Challenge", default: 0] += 1
            default: answers["other", default: 0] += 1
            }
        }
    }

    mutating func ended(_ socket: AttackSocket) {
        if socket.ending != .open { disconnects += 1 }
    }

    var json: JSONLine {
        var line = JSONLine()
        line.add("sent", sent)
        line.add("connections", connections)
        line.add("refused", refused)
        line.add("disconnects", disconnects)
        line.add("answers", counts: answers)
        line.add("logon_after", logonAfter)
        return line
    }
}
