import Glibc
import Testing

@testable import GreenGridServer

/// Every accepted connection is reported closed exactly once, with why.
@Suite struct ClosingTests {
    @Test func peerFinishingIsReportedAfterItsLastBytes() throws {
        try withLoop(echo: false) { _, listener, recorder in
            let client = try TestClient(port: listener.port)
            try client.send(Array("bye".utf8))
            client.shutdownWrite()
            #expect(waitUntil { recorder.closedReasons.count == 1 })
            #expect(recorder.closedReasons == [.peerClosed])
            #expect(recorder.record.withLock { $0.events } == ["accepted", "readable 3", "closed"])
            #expect(listener.activeConnections == 0)
        }
    }

    @Test func peerResetIsReportedAsAnError() throws {
        try withLoop { _, listener, recorder in
            do {
                let client = try TestClient(port: listener.port)
                try client.send([1, 2, 3])
                #expect(try client.receive(exactly: 3) == [1, 2, 3])
                client.resetOnClose()
            }
            #expect(waitUntil { recorder.closedReasons.count == 1 })
            guard case .error(let error)? = recorder.closedReasons.first else {
                Issue.record("expected an error, got \(recorder.closedReasons)")
                return
            }
            #expect(error.errno == ECONNRESET)
            #expect(error.message == String(cString: strerror(ECONNRESET)))
        }
    }

    @Test func closeAfterFlushSendsEverythingThenEnds() throws {
        try withLoop(echo: false) { loop, listener, recorder in
            let client = try TestClient(port: listener.port)
            #expect(waitUntil { recorder.acceptedIDs.count == 1 })
            let id = recorder.acceptedIDs[0]
            let goodbye = pattern(1 << 20, seed: 2)
            let (sent, lateSend) = onLoop(loop) {
                let connection = loop.connection(id)!
                let sent = connection.send(goodbye)
                connection.closeAfterFlush()
                return (sent, connection.send([9]))
            }
            #expect(sent == .queued)
            #expect(lateSend == .closed)
            #expect(try client.receive(exactly: goodbye.count) == goodbye)
            #expect(try client.waitForClose() == .endOfStream)
            #expect(waitUntil { recorder.closedReasons == [.local] })
        }
    }

    @Test func ownerCloseIsReportedAtTheEndOfTheIterationNotInsideClose() throws {
        try withLoop(echo: false) { loop, listener, recorder in
            let client = try TestClient(port: listener.port)
            #expect(waitUntil { recorder.acceptedIDs.count == 1 })
            let id = recorder.acceptedIDs[0]
            let (reportedInsideClose, stateAfter, lookupAfter) = onLoop(loop) {
                let connection = loop.connection(id)!
                connection.close()
                return (recorder.closedReasons.count, connection.state, loop.connection(id) == nil)
            }
            #expect(reportedInsideClose == 0)
            #expect(stateAfter == .closed)
            #expect(lookupAfter)
            #expect(waitUntil { recorder.closedReasons == [.local] })
            #expect(try client.waitForClose() == .endOfStream)
        }
    }

    @Test func shutdownClosesEveryConnectionAndReportsIt() throws {
        let recorder = Recorder(echo: true)
        let loop = try EventLoop(delegate: recorder)
        let listener = try loop.listen(ListenerConfiguration())
        try loop.start()
        let clients = try (0..<3).map { _ in try TestClient(port: listener.port) }
        #expect(waitUntil { recorder.acceptedIDs.count == 3 })
        loop.shutdown()
        #expect(recorder.closedReasons == Array(repeating: .loopShutdown, count: 3))
        for client in clients { #expect(try client.waitForClose() == .endOfStream) }
        #expect(throws: ClientError.self) { try TestClient(port: listener.port) }
        #expect(loop.execute {} == false)
        loop.shutdown()
    }
}
