import GreenGridDomain
import GreenGridJournal
import Testing

/// A failed write or sync is never acknowledged; the exchange stops; after a power loss
/// every acknowledged command is still there.
@Suite struct FaultInjectionTests {
    static let faults: [SimulatedStorage.Fault] = [
        .failWrite(nth: 1, errno: SimulatedStorage.eio, persistent: false),
        .failWrite(nth: 4, errno: SimulatedStorage.enospc, persistent: true),
        .failSync(nth: 1, errno: SimulatedStorage.eio, persistent: false),
        .failSync(nth: 6, errno: SimulatedStorage.eio, persistent: true),
        .shortWrite(nth: 3, bytes: 100),
        .shortWrite(nth: 9, bytes: 1),
    ]

    @Test("no acknowledged command is lost under a single storage failure, and the exchange fail-stops", arguments: faults)
    func failStop(fault: SimulatedStorage.Fault) async throws {
        let storage = SimulatedStorage()
        let commands = JournalFixture.stream(seed: 5, commands: 400)
        let exchange = try await JournalFixture.open(storage)
        let warmup = await JournalFixture.submit(exchange, commands[0..<100], batch: 10)
        #expect(warmup.error == nil)
        storage.inject(fault)
        let outcome = await JournalFixture.submit(exchange, commands[100...], batch: 10)
        let acknowledged = 100 + outcome.acknowledged
        #expect(outcome.error != nil, "the fault must surface")
        #expect(await exchange.failure != nil)
        // Fail-stop: nothing more is accepted, even once the disk is healthy again.
        storage.clearFaults()
        await #expect(throws: (any Error).self) { _ = try await exchange.submit(sequenced: [commands[acknowledged]]) }
        // Power loss, then recovery: at least everything acknowledged, and only a prefix.
        storage.crash()
        let recovered = try await JournalFixture.open(storage)
        let last = Int(await recovered.lastSequence)
        #expect(last >= acknowledged && last <= commands.count)
        #expect(await recovered.stateHash() == JournalFixture.expectedHash(commands[0..<last]))
        try await recovered.close(snapshot: false)
    }

    @Test("a power loss keeps every acknowledged batch and nothing that was not written")
    func powerLoss() async throws {
        let storage = SimulatedStorage()
        let commands = JournalFixture.stream(seed: 6, commands: 300)
        let exchange = try await JournalFixture.open(storage)
        let outcome = await JournalFixture.submit(exchange, commands[0..<300], batch: 15)
        #expect(outcome.error == nil)
        storage.crash()
        let recovered = try await JournalFixture.open(storage)
        #expect(await recovered.lastSequence == 300)
        #expect(await recovered.stateHash() == JournalFixture.expectedHash(commands[...]))
    }
}
