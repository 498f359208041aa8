import Foundation
import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
@testable import GreenGridServer
import Testing

/// A fresh journal's demo users: their registration and (with wallets) their funding must become
/// durable together. They were two submissions, so two journal batches: a kill between them left
/// the traders registered with empty wallets for good, since a later start sees a journal that is
/// not empty and funds nobody (found reading the start-up path for `greengrid-load crash-loop`).
@Suite("Demo users on a fresh journal", .serialized)
struct DemoBootstrapTests {
    @Test("registration and funding are one journal batch, so a crash applies both or neither")
    func bootstrapIsOneBatch() async throws {
        let directory = try temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let market = try ConfigurationLoader.demo().market()
        #expect(market.wallets != nil, "the demo market has wallets")
        let server = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: testConfiguration())
        try await server.stop()

        let bootstrap = DemoUsers.registrationCommands(market: market).count + DemoUsers.fundingCommands(market: market).count
        // Records of one batch lie back to back; a seal record separates batches.
        var ends: [(sequence: UInt64, offset: Int, end: Int)] = []
        _ = try JournalScanner.scan(storage: PosixStorage(), directory: directory) { record in
            guard record.sequence <= UInt64(bootstrap) else { return }
            ends.append((record.sequence, record.offset, record.offset + RecordFormat.headerBytes + record.body.count))
        }
        #expect(ends.map(\.sequence) == Array(1...UInt64(bootstrap)))
        for (previous, next) in zip(ends, ends.dropFirst()) {
            #expect(next.offset == previous.end, "a batch ends after sequence \(previous.sequence)")
        }
    }
}
