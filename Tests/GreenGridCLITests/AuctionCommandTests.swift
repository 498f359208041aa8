import Foundation
import GreenGridDomain
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridCLIKit

/// `auction start`, `auction stop` and `auction watch`: what the command line accepts before any
/// connection, and the commands against an in-process exchange.
@Suite struct AuctionCommandTests {
    static func start(_ words: [String]) throws -> AuctionCommand.Start {
        let invocation = try #require(try Invocation(["auction", "start"] + words))
        return try AuctionCommand.Start(invocation)
    }

    static let complete = ["harbour", "5kWh", "--interval", "2027-01-01T04:00:00Z", "--start", "0.30", "--floor", "0.15",
                           "--step", "0.01", "--every", "30s"]

    @Test func startParsesEveryField() throws {
        let start = try Self.start(Self.complete + ["--unsold", "expire", "--source", "wind", "--for-zone"])
        #expect(start.zone == "harbour" && start.quantityWh == 5_000)
        #expect(start.interval == .start(ms: 1_798_776_000_000))
        #expect(start.startMicrosPerKWh == 300_000 && start.floorMicrosPerKWh == 150_000 && start.stepMicrosPerKWh == 10_000)
        #expect(start.stepIntervalMs == 30_000)
        #expect(start.unsoldAtFloor == .expire && start.source == .wind && start.forZone)
        let request = start.request(nowMs: 0, zone: 3)
        #expect(request.zone == 3 && request.intervalStartMs == 1_798_776_000_000 && request.forZone)
    }

    @Test func startDefaults() throws {
        let start = try Self.start(Self.complete)
        #expect(start.unsoldAtFloor == .returnToBook && start.source == .solar && !start.forZone)
    }

    struct BadStart: Sendable, CustomStringConvertible {
        var drop: String?
        var replace: (String, String)?
        var complaint: String
        var description: String { complaint }
    }

    static let badStarts: [BadStart] = [
        BadStart(drop: "--interval", complaint: "--interval"),
        BadStart(drop: "--start", complaint: "--start"),
        BadStart(drop: "--floor", complaint: "--floor"),
        BadStart(drop: "--step", complaint: "--step"),
        BadStart(drop: "--every", complaint: "--every"),
        BadStart(replace: ("0.15", "0.40"), complaint: "--floor must not be above --start"),
        BadStart(replace: ("0.01", "0"), complaint: "--step must be above 0"),
        BadStart(replace: ("30s", "2h"), complaint: "1s ... 1h"),
        BadStart(replace: ("30s", "500ms"), complaint: "1s ... 1h"),
        BadStart(replace: ("30s", "soon"), complaint: "1s ... 1h"),
        BadStart(replace: ("2027-01-01T04:00:00Z", "2027-01-01T04:05:00Z"), complaint: "15-minute boundary"),
        BadStart(replace: ("5kWh", "lots"), complaint: ""),
    ]

    @Test(arguments: AuctionCommandTests.badStarts)
    func startRefusesBeforeConnecting(bad: BadStart) throws {
        var words = Self.complete
        if let drop = bad.drop, let index = words.firstIndex(of: drop) { words.removeSubrange(index...(index + 1)) }
        if let (old, new) = bad.replace, let index = words.firstIndex(of: old) { words[index] = new }
        #expect {
            _ = try Self.start(words)
        } throws: { error in
            guard let usage = error as? UsageError else { return false }
            return bad.complaint.isEmpty || usage.description.contains(bad.complaint)
        }
    }

    @Test func durations() throws {
        #expect(try AuctionCommand.durationMs("30s") == 30_000)
        #expect(try AuctionCommand.durationMs("30") == 30_000)
        #expect(try AuctionCommand.durationMs("2m") == 120_000)
        #expect(try AuctionCommand.durationMs("1h") == 3_600_000)
        #expect(try AuctionCommand.durationMs("1500ms") == 1_500)
        for bad in ["0s", "-1s", "61m", "999ms", "", "s", "9223372036854775807h"] {
            #expect(throws: UsageError.self, "\(bad)") { try AuctionCommand.durationMs(bad) }
        }
    }

    @Test func unsoldPolicies() throws {
        #expect(try AuctionCommand.unsoldPolicy("book") == .returnToBook)
        #expect(try AuctionCommand.unsoldPolicy("EXPIRE") == .expire)
        #expect(throws: UsageError.self) { try AuctionCommand.unsoldPolicy("keep") }
    }

    @Test func helpListsTheAuctionCommands() async {
        for words in [["auction", "start"], ["auction", "stop"], ["auction", "watch"]] {
            let run = await greengrid(words + ["--help"])
            #expect(run.code == .ok && run.out.hasPrefix("usage: greengrid \(words.joined(separator: " "))"), "\(run)")
        }
        let stop = await greengrid(["auction", "stop", "harbour", "x"])
        #expect(stop.code == .usage, "\(stop)")
    }

    /// Needs the server's auction handling (AuctionStart/AuctionStop, AuctionUpdate in snapshots).
    @Test func startWatchAndStopAgainstTheExchange() async throws {
        try await withDemoServer("greengrid-cli-auction") { server in
            let interval = openInterval()
            let started = await greengrid(server, as: "prosumer-harbour", [
                "auction", "start", "harbour", "2kWh", "--interval", interval, "--start", "0.40", "--floor", "0.20",
                "--step", "0.01", "--every", "1m", "--unsold", "expire", "--json",
            ])
            #expect(started.code == .ok, "\(started)")
            let object = try started.json()
            let auctionId = try #require(object["auctionId"] as? Int, "\(object)")
            #expect(object["quantityWh"] as? Int == 2_000 && object["unsoldAtFloor"] as? String == "expire")

            // The watch lists it from the snapshot.
            let watched = await greengrid(server, as: "consumer-harbour", ["auction", "watch", "harbour", "--seconds", "1", "--json"])
            #expect(watched.code == .ok, "\(watched)")
            let lines = try watched.jsonLines()
            #expect(lines.contains { $0["auctionId"] as? Int == auctionId && $0["event"] as? String == "running" }, "\(watched)")

            // Only the seller (or an operator) may stop it; a consumer may not start one.
            let consumer = await greengrid(server, as: "consumer-harbour", [
                "auction", "start", "harbour", "1kWh", "--interval", interval, "--start", "0.40", "--floor", "0.20",
                "--step", "0.01", "--every", "1m",
            ])
            #expect(consumer.code == .refused, "\(consumer)")
            let stopped = await greengrid(server, as: "prosumer-harbour", ["auction", "stop", "harbour", "\(auctionId)", "--json"])
            #expect(stopped.code == .ok, "\(stopped)")
            let end = try stopped.json()
            #expect(end["phase"] as? String == "stopped" && end["stopReason"] as? String == "cancelled", "\(end)")
            let again = await greengrid(server, as: "prosumer-harbour", ["auction", "stop", "harbour", "\(auctionId)"])
            #expect(again.code == .refused && again.error.contains("unknownOrder (600)"), "\(again)")
        }
    }
}
