import Foundation
import Glibc
import GreenGridDomain
import GreenGridProtocol
import Synchronization

/// A one-connection stand-in for the exchange that logs any client on and then behaves as told,
/// for the failures a healthy server never shows (silence, versions it cannot share).
final class ScriptedServer: Sendable {
    let port: UInt16
    private let listener: Int32
    /// Every message the client sent, in order.
    private let received = Mutex<[Message]>([])

    init(versionMin: UInt8 = 1, versionMax: UInt8 = 1, heartbeatIntervalMs: UInt32 = 100) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(listener, pointer, length) == 0 && listen(listener, 4) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw TestTimeout(description: "cannot listen: errno \(errno)")
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in serve(versionMin: versionMin, versionMax: versionMax, heartbeatIntervalMs: heartbeatIntervalMs) }
        thread.start()
    }

    deinit { close(listener) }

    var messages: [Message] { received.withLock { $0 } }

    /// Challenge for the LogonRequest, LogonAccepted for the proof, then only listening until the client closes.
    private func serve(versionMin: UInt8, versionMax: UInt8, heartbeatIntervalMs: UInt32) {
        let fd = accept(listener, nil, nil)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var decoder = FrameDecoder(readBytesMax: 4_096)
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            guard n > 0 else { return }
            decoder.append(buffer[0..<n])
            while let frame = try? decoder.next(), let message = try? Message.decode(frame) {
                received.withLock { $0.append(message) }
                let answer: Message?
                switch message {
                case .logonRequest:
                    answer = .challenge(Message.Challenge(serverNonce: [UInt8](repeating: 7, count: 32), salt: [UInt8](repeating: 1, count: 16),
                                                          iterations: 1, nonceLifetimeMs: 10_000, versionMin: versionMin, versionMax: versionMax))
                case .logonProof:
                    answer = .logonAccepted(Message.LogonAccepted(sessionId: 1, traderId: 2, heartbeatIntervalMs: heartbeatIntervalMs, role: .prosumer,
                                                                  flags: [], zone: 0, replayFromSessionSequence: 1, nextSessionSequence: 1))
                default:
                    answer = nil
                }
                if let answer {
                    let bytes = answer.frameBytes
                    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
                }
            }
        }
    }
}
