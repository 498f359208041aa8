import GreenGridSimulation
import Dispatch
import Glibc
import Testing

@testable import GreenGridServer

/// Bytes in, the same bytes out, over real sockets on 127.0.0.1.
@Suite struct EchoTests {
    @Test func manySmallWritesComeBackIntactAndInOrder() throws {
        try withLoop { _, listener, _ in
            let client = try TestClient(port: listener.port)
            var random = SplitMix64(seed: 1)
            var sent: [UInt8] = []
            for _ in 0..<2_000 {
                let piece = random.bytes(1 + random.below(16))
                try client.send(piece)
                sent += piece
            }
            #expect(try client.receive(exactly: sent.count) == sent)
        }
    }

    @Test func twoHundredConcurrentClientsEachGetTheirOwnBytesBack() throws {
        let clientCount = 200
        try withLoop { _, listener, recorder in
            let clients = try (0..<clientCount).map { _ in try TestClient(port: listener.port) }
            var expected = [[UInt8]](repeating: [], count: clientCount)
            // Interleave the clients' writes so the loop sees them all in flight together.
            for round in 0..<4 {
                for (index, client) in clients.enumerated() {
                    let piece = pattern(100 + round * 50 + index % 7, seed: index * 10 + round)
                    try client.send(piece)
                    expected[index] += piece
                }
            }
            for (index, client) in clients.enumerated() {
                #expect(try client.receive(exactly: expected[index].count) == expected[index], "client \(index)")
            }
            #expect(listener.activeConnections == clientCount)
            #expect(Set(recorder.acceptedIDs).count == clientCount)
            #expect(recorder.closedReasons.isEmpty)
        }
    }

    @Test func payloadLargerThanSocketBuffersIsEchoedThroughPartialWrites() throws {
        let payload = pattern(8 << 20, seed: 3)
        let bounds = ConnectionConfiguration(outboundBytesMax: 16 << 20, socketSendBufferBytes: 64 << 10)
        try withLoop(listenerConfiguration: ListenerConfiguration(connection: bounds)) { loop, listener, recorder in
            let client = try TestClient(port: listener.port, receiveBufferBytes: 64 << 10)
            // Send everything before reading: the echo cannot fit in the kernel's buffers, so
            // the server must queue it, stall on a full socket and resume on EPOLLOUT.
            try client.send(payload)
            #expect(try client.receive(exactly: payload.count) == payload)
            let id = try #require(recorder.acceptedIDs.first)
            let (stalls, sent, queued) = onLoop(loop) {
                let connection = loop.connection(id)!
                return (connection.writeStalls, connection.bytesSent, connection.outboundByteCount)
            }
            #expect(stalls > 0)
            #expect(sent == payload.count)
            #expect(queued == 0)
        }
    }

    @Test func oneSharedFrameIsQueuedToManyConnectionsWithoutCopies() throws {
        try withLoop(echo: false) { loop, listener, recorder in
            let clients = try (0..<5).map { _ in try TestClient(port: listener.port) }
            #expect(waitUntil { recorder.acceptedIDs.count == clients.count })
            let ids = recorder.acceptedIDs
            let frame = SharedBytes(pattern(300_000, seed: 9))
            let results = onLoop(loop) { ids.map { loop.connection($0)!.send(frame, range: 1_000..<300_000) } }
            #expect(results == Array(repeating: SendResult.queued, count: clients.count))
            let expected = Array(frame.array[1_000...])
            for client in clients { #expect(try client.receive(exactly: expected.count) == expected) }
        }
    }

    @Test func acceptedSocketsAreNonBlockingWithNagleOffAndKnowTheirPeer() throws {
        try withLoop { loop, listener, recorder in
            let client = try TestClient(port: listener.port)
            #expect(waitUntil { recorder.acceptedIDs.count == 1 })
            let id = recorder.acceptedIDs[0]
            let (flags, noDelay, peer) = onLoop(loop) {
                let connection = loop.connection(id)!
                let fd = connection.fd
                return (
                    try! Syscall.statusFlags(fd), try! Syscall.option(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY),
                    connection.peer
                )
            }
            #expect(flags & O_NONBLOCK != 0)
            #expect(noDelay != 0)
            let clientPort = UInt16(bigEndian: try Syscall.localAddress(client.fd).sin_port)
            #expect(peer == PeerAddress(address: 0x7F00_0001, port: clientPort))
            #expect(peer.description == "127.0.0.1:\(clientPort)")
        }
    }
}
