import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridClient

@Suite("Client administration", .serialized)
struct AdministrationTests {
    @Test("an admin halts and resumes a zone; subscribers see both; resuming an open zone is refused")
    func haltAndResume() async throws {
        try await withServer { server in
            let admin = try await connect(server, "admin", password: adminPassword)
            let watcher = try await connect(server, "consumer-hillside")
            let market = Recorder(watcher.marketData)
            try watcher.subscribe(zone: 1)
            try await market.wait("the snapshot") { $0.contains { if case .snapshotEnd = $0 { true } else { false } } }

            let halted = try await admin.haltZone(1, cancelResting: false)
            guard case .adminAccepted(let h) = halted else {
                Issue.record("expected AdminAccepted, got \(halted)")
                return
            }
            #expect(h.requestType == .haltZone)

            let refusedOrder = try await watcher.place(order(.buy, interval: openIntervalStartMs(), zone: 1))
            #expect(!refusedOrder.isSuccess, "no trading in a halted zone: \(refusedOrder)")

            let resumed = try await admin.resumeZone(1)
            guard case .adminAccepted(let r) = resumed else {
                Issue.record("expected AdminAccepted, got \(resumed)")
                return
            }
            #expect(r.requestType == .resumeZone)

            let again = try await admin.resumeZone(1)
            guard case .adminRejected(let rejected) = again else {
                Issue.record("expected AdminRejected, got \(again)")
                return
            }
            #expect(rejected.reason == .zoneNotHalted)

            let statuses = try await market.wait("halted, then open") { events in
                events.compactMap { event -> ZoneStatus? in if case .zoneStatus(let s) = event { s.status } else { nil } } == [.halted, .open]
            }
            #expect(statuses.isEmpty == false)
            #expect(watcher.bookMirror?.zoneStatus(1) == .open)
            await admin.logout()
            await watcher.logout()
        }
    }

    @Test("a trader's admin request is refused below the business rules, and the refusal answers it")
    func notPermitted() async throws {
        try await withServer { server in
            let trader = try await connect(server, "prosumer-harbour")
            let answer = try await trader.haltZone(0, cancelResting: false)
            guard case .protocolReject(let reject) = answer else {
                Issue.record("expected ProtocolReject, got \(answer)")
                return
            }
            #expect(reject.reason == .notPermitted)
            #expect(reject.rejectedType == MessageType.haltZone.rawValue)
            await trader.logout()
        }
    }

    @Test("an admin creates a user who can then log on with the password")
    func createUser() async throws {
        try await withServer { server in
            let admin = try await connect(server, "admin", password: adminPassword)
            let answer = try await admin.createUser(username: "newcomer", password: "s3cret", role: .consumer, zone: 0, feeder: 0,
                                                    iterations: 1_000)
            guard case .userCreated(let created) = answer else {
                Issue.record("expected UserCreated, got \(answer)")
                return
            }
            #expect(created.traderId >= 100_001)
            let newcomer = try await connect(server, "newcomer", password: "s3cret")
            #expect(newcomer.logonInfo?.traderId == created.traderId)
            await newcomer.logout()
            await admin.logout()
        }
    }
}
