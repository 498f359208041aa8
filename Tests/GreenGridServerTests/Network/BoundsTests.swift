import Dispatch
import Glibc
import Testing

@testable import GreenGridServer

/// Every bound holds under real traffic: connections, inbound bytes, outbound bytes.
@Suite struct BoundsTests {
    @Test func connectionsBeyondTheLimitAreClosedWhileTheOthersKeepWorking() throws {
        let configuration = ListenerConfiguration(connectionsMax: 3)
        try withLoop(listenerConfiguration: configuration) { _, listener, recorder in
            var kept = try (0..<3).map { _ in try TestClient(port: listener.port) }
            #expect(waitUntil { recorder.acceptedIDs.count == 3 })
            let extra = try (0..<2).map { _ in try TestClient(port: listener.port) }
            for client in extra { #expect(try client.waitForClose() == .endOfStream) }
            #expect(waitUntil { listener.rejectedConnections == 2 })
            #expect(listener.activeConnections == 3)
            #expect(recorder.acceptedIDs.count == 3)
            for (index, client) in kept.enumerated() {
                try client.send(pattern(500, seed: index))
                #expect(try client.receive(exactly: 500) == pattern(500, seed: index))
            }
            // Closing one makes room for one more.
            kept.removeFirst()
            #expect(waitUntil { recorder.closedReasons.count == 1 })
            let late = try TestClient(port: listener.port)
            try late.send([1, 2, 3])
            #expect(try late.receive(exactly: 3) == [1, 2, 3])
            #expect(listener.rejectedConnections == 2)
            #expect(listener.acceptedConnections == 4)
        }
    }

    @Test func clientThatNeverReadsIsFlaggedSlowWhileAnotherKeepsReceiving() throws {
        // The stalled client's listener has a 1 MiB outbound bound. The reader's has one larger
        // than everything sent, so a reader thread starved by a busy test machine cannot be
        // flagged too; both connections live on the same loop and get the same shared frames.
        let tight = ConnectionConfiguration(outboundBytesMax: 1 << 20, socketSendBufferBytes: 16 << 10)
        let roomy = ConnectionConfiguration(outboundBytesMax: 64 << 20)
        try withLoop(echo: false, listenerConfiguration: ListenerConfiguration(connection: tight)) { loop, listener, recorder in
            let readerListener = onLoop(loop) { try! loop.listen(ListenerConfiguration(connection: roomy)) }
            let stalled = try TestClient(port: listener.port, receiveBufferBytes: 4 << 10)
            #expect(waitUntil { recorder.acceptedIDs.count == 1 })
            let reader = try TestClient(port: readerListener.port)
            #expect(waitUntil { recorder.acceptedIDs.count == 2 })
            let (stalledID, readerID) = (recorder.acceptedIDs[0], recorder.acceptedIDs[1])

            // Every millisecond one 16 KiB frame, shared by both connections, for 300 ticks.
            let frameBytes = 16 << 10
            let ticks = 300
            let flaggedAtTick = Box<Int?>(nil)
            let finished = Box(false)
            let readerRefused = Box(0)
            onLoop(loop) {
                var tick = 0
                func publish() {
                    let frame = SharedBytes(pattern(frameBytes, seed: tick))
                    if let slow = loop.connection(stalledID), slow.send(frame) == .slowConsumer, slow.isSlowConsumer {
                        flaggedAtTick.set(tick)
                        slow.close()
                    }
                    if loop.connection(readerID)?.send(frame) != .queued { readerRefused.update { $0 += 1 } }
                    tick += 1
                    if tick < ticks { _ = loop.scheduleTimer(afterMs: 1, publish) } else { finished.set(true) }
                }
                publish()
            }
            var intactFrames = 0
            for tick in 0..<ticks {
                guard try reader.receive(exactly: frameBytes) == pattern(frameBytes, seed: tick) else { break }
                intactFrames += 1
            }
            #expect(intactFrames == ticks, "the reading client got every frame intact")
            #expect(finished.get())
            #expect(readerRefused.get() == 0)
            let tick = try #require(flaggedAtTick.get())
            // 1 MiB of backlog is 64 frames; the kernel's small buffers hide only a few more.
            #expect(tick >= 64 && tick < 120)
            #expect(recorder.reason(for: stalledID) == .local)
            #expect(recorder.reason(for: readerID) == nil)
            _ = stalled
        }
    }

    @Test func fullInboundBufferPausesReadingUntilTheOwnerConsumes() throws {
        let bounds = ConnectionConfiguration(inboundBytesMax: 4_096)
        try withLoop(echo: false, listenerConfiguration: ListenerConfiguration(connection: bounds)) { loop, listener, recorder in
            let client = try TestClient(port: listener.port)
            let payload = pattern(256 << 10, seed: 5)
            let sender = DispatchQueue(label: "sender")
            sender.async { try? client.send(payload) }
            #expect(waitUntil { recorder.record.withLock { $0.readable.last?.1 == 4_096 } })
            let id = recorder.acceptedIDs[0]

            // Paused: nothing more is read, and the loop is not woken for the waiting bytes.
            let iterationsBefore = onLoop(loop) { loop.iterations }
            usleep(50_000)
            let (paused, received, iterationsAfter) = onLoop(loop) {
                let connection = loop.connection(id)!
                return (connection.isReadingPaused, connection.bytesReceived, loop.iterations)
            }
            #expect(paused)
            #expect(received == 4_096)
            #expect(iterationsAfter - iterationsBefore <= 3, "a paused connection must not spin the loop")

            // Consuming resumes reading, and the bytes arrive whole and in order.
            var collected: [UInt8] = []
            let deadline = Syscall.monotonicNanoseconds() + 5_000_000_000
            while collected.count < payload.count && Syscall.monotonicNanoseconds() < deadline {
                let chunk = onLoop(loop) { loop.connection(id)?.readInbound() ?? [] }
                if chunk.isEmpty { usleep(200) }
                collected += chunk
            }
            #expect(collected == payload)
            let pauses = onLoop(loop) { loop.connection(id)!.readPauses }
            #expect(pauses > 1)
            #expect(recorder.record.withLock { $0.readable.allSatisfy { $0.1 <= 4_096 } })
        }
    }
}
