import Foundation
import GreenGridClient
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridCLIKit

/// `wallet …` and `statement` against an in-process exchange (the demo traders start with money).
@Suite struct WalletCommandTests {
    static let start = Int(DemoUsers.startingBalanceMicros)

    @Test func balanceDepositWithdrawAndHistory() async throws {
        try await withServer { server in
            let before = await greengrid(server, as: "prosumer-harbour", ["wallet", "balance", "--json"])
            #expect(before.code == .ok, "\(before)")
            let balance = try before.json()
            #expect(balance["command"] as? String == "wallet balance")
            #expect(balance["availableMicros"] as? Int == Self.start)
            #expect(balance["reservedMicros"] as? Int == 0)
            #expect(balance["escrowMicros"] as? Int == 0)

            let deposit = await greengrid(server, as: "prosumer-harbour", ["wallet", "deposit", "1.5", "--request-id", "42"])
            #expect(deposit.code == .ok, "\(deposit)")
            #expect(deposit.out.hasPrefix("deposited 1.500000 (request 42): available 10001.500000, journal sequence "), "\(deposit)")

            let after = await greengrid(server, as: "prosumer-harbour", ["wallet", "balance", "--json"])
            #expect(try after.json()["availableMicros"] as? Int == Self.start + 1_500_000, "\(after)")
            let human = await greengrid(server, as: "prosumer-harbour", ["wallet", "balance"])
            #expect(human.out.contains("  available  10001.500000\n  reserved       0.000000\n  escrow         0.000000"), "\(human)")

            // The same request id again: the same movement, no second payment.
            let repeated = await greengrid(server, as: "prosumer-harbour", ["wallet", "deposit", "1.5", "--request-id", "42", "--json"])
            let receipt = try repeated.json()
            #expect(receipt["requestId"] as? Int == 42)
            #expect(receipt["kind"] as? String == "deposit")
            #expect(receipt["availableAfterMicros"] as? Int == Self.start + 1_500_000)

            let withdrawal = await greengrid(server, as: "prosumer-harbour", ["wallet", "withdraw", "0.25", "--json"])
            #expect(withdrawal.code == .ok, "\(withdrawal)")
            #expect(try withdrawal.json()["availableAfterMicros"] as? Int == Self.start + 1_250_000)

            let history = await greengrid(server, as: "prosumer-harbour", ["wallet", "history"])
            #expect(history.code == .ok, "\(history)")
            let lines = history.out.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("TIME") == true, "\(history)")
            #expect(lines.first?.contains("KIND") == true && lines.first?.contains("ΔESCROW") == true, "\(history)")
            #expect(lines.contains { $0.contains("deposit") && $0.contains("+1.500000") }, "\(history)")
            #expect(lines.contains { $0.contains("withdrawal") && $0.contains("-0.250000") }, "\(history)")
            #expect(lines.count == 4, "header, funding, deposit, withdrawal: \(history)")

            let json = await greengrid(server, as: "prosumer-harbour", ["wallet", "history", "--max", "2", "--json"])
            let page = try json.json()
            let entries = try #require(page["entries"] as? [[String: Any]])
            #expect(entries.count == 2)
            #expect(page["more"] as? Bool == true)
            #expect(entries.map { $0["kind"] as? String } == ["deposit", "deposit"])
            #expect(entries.map { $0["availableDeltaMicros"] as? Int } == [Self.start, 1_500_000])
        }
    }

    @Test func statementToAFileAndToStdout() async throws {
        try await withServer { server in
            let deposit = await greengrid(server, as: "consumer-harbour", ["wallet", "deposit", "2", "--request-id", "7"])
            #expect(deposit.code == .ok, "\(deposit)")
            let month = String(UTCTime.format(ms: WallClock.nowMs()).prefix(7))
            let path = temporaryPath("greengrid-statement") + ".csv"
            defer { try? FileManager.default.removeItem(atPath: path) }

            let run = await greengrid(server, as: "consumer-harbour", ["statement", "--month", month, "--format", "csv", "--out", path])
            #expect(run.code == .ok, "\(run)")
            #expect(run.out.hasPrefix("wrote the statement of \(month) (csv, "), "\(run)")
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written.hasPrefix("record,line,booked_utc,kind,"), "\(written.prefix(200))")
            #expect(written.contains(",deposit,,,,,,,,,2.000000,10002.000000,"), "the deposit is a line: \(written)")
            #expect(!FileManager.default.fileExists(atPath: "\(path).partial-\(getpid())"))

            let html = await greengrid(server, as: "consumer-harbour", ["statement", "--month", month, "--format", "html"])
            #expect(html.code == .ok, "\(html.error)")
            #expect(html.out.hasPrefix("<!DOCTYPE html>"))

            let json = await greengrid(server, as: "consumer-harbour", ["statement", "--month", month, "--json"])
            let object = try json.json()
            #expect((object["document"] as? String)?.hasPrefix("record,line,") == true)
            #expect(object["bytes"] as? Int == (object["document"] as? String)?.utf8.count)
        }
    }

    @Test func refusalsExitOneWithTheReason() async throws {
        try await withServer { server in
            let cases: [(String, [String], String)] = [
                ("admin", ["wallet", "balance"], "noWallet (4)"),
                ("admin", ["statement", "--month", "2025-06"], "noWallet (4)"),
                ("consumer-hillside", ["wallet", "withdraw", "10000.000001"], "insufficientFunds (1)"),
                ("consumer-hillside", ["statement", "--month", "0000-06"], "invalidPeriod (5)"),
            ]
            for (user, arguments, reason) in cases {
                let run = await greengrid(server, as: user, arguments)
                #expect(run.code == .refused, "\(arguments): \(run)")
                #expect(run.error.contains(reason), "\(arguments): \(run)")
            }
            let json = await greengrid(server, as: "admin", ["wallet", "balance", "--json"])
            let refused = try #require(try json.json()["refused"] as? [String: Any], "\(json)")
            #expect(refused["kind"] as? String == "walletReject")
            #expect(refused["reason"] as? String == "noWallet")
            #expect(refused["code"] as? Int == 4)

            _ = await greengrid(server, as: "consumer-hillside", ["wallet", "deposit", "1", "--request-id", "9"])
            let conflict = await greengrid(server, as: "consumer-hillside", ["wallet", "deposit", "2", "--request-id", "9"])
            #expect(conflict.code == .refused, "\(conflict)")
            #expect(conflict.error.contains("conflict (3)"), "\(conflict)")
        }
    }

    @Test(arguments: [
        (["wallet", "deposit", "0"], "must be more than 0"),
        (["wallet", "deposit", "-5"], "must be more than 0"),
        (["wallet", "withdraw", "0.0000001"], "more than 6 decimals"),
        (["wallet", "deposit", "1e3"], "not a decimal number"),
        (["wallet", "deposit", "99999999999999999999"], "too large"),
        (["wallet", "deposit", "1000000000.000001"], "too large"),
        (["wallet", "deposit"], "takes AMOUNT"),
        (["wallet", "deposit", "1", "--request-id", "x"], "--request-id must be a whole number"),
        (["wallet", "history", "--max", "0"], "--max must be an integer in 1...1000"),
        (["wallet", "history", "--from", "yesterday"], "--from 'yesterday' is neither Unix milliseconds nor a UTC ISO-8601 time"),
        (["wallet", "history", "--from", "2000", "--to", "1000"], "--from must be before --to"),
        (["statement"], "--month YYYY-MM is required"),
        (["statement", "--month", "2025-13"], "is not a month like 2025-06"),
        (["statement", "--month", "25-06"], "is not a month like 2025-06"),
        (["statement", "--month", "2025-06", "--format", "pdf"], "--format 'pdf' is not one of csv, html"),
        (["statement", "--month", "2025-06", "--out", "/nonexistent-greengrid/x.csv"], "cannot write in /nonexistent-greengrid"),
        (["wallet", "balance", "--zone", "0"], "unknown option --zone"),
    ] as [([String], String)])
    func badArgumentsAreUsageErrors(arguments: [String], complaint: String) async {
        // No server: a usage error is found before connecting.
        let run = await greengrid(arguments + ["--user", "consumer-harbour", "--password", "demo", "--port", "1"])
        #expect(run.code == .usage, "\(run)")
        #expect(run.error.contains(complaint), "\(run)")
    }

    @Test(arguments: [("12.5", 12_500_000), ("1", 1_000_000), ("0.000001", 1), ("1000000000", 1_000_000_000_000_000), ("+2.25", 2_250_000)]
        as [(String, Int64)])
    func amountsAreExactMicros(text: String, micros: Int64) throws {
        #expect(try MoneyParser.amountMicros(text) == micros)
    }

    @Test(arguments: [
        (ClientError.walletRejected(reason: .insufficientFunds, request: .withdrawRequest), ExitCode.refused),
        (.answerMismatch(request: .statementRequest, detail: "CRC-32C"), .timeout),
    ] as [(ClientError, ExitCode)])
    func walletErrorsMapToExitCodes(error: ClientError, code: ExitCode) {
        #expect(CommandFailure(error).exitCode == code)
    }

    @Test func helpListsTheWalletCommands() async {
        let main = await greengrid(["--help"])
        for name in ["wallet balance", "wallet deposit", "wallet withdraw", "wallet history", "statement"] {
            #expect(main.out.contains("  \(name) "), "\(name): \(main.out)")
        }
        let group = await greengrid(["wallet", "--help"])
        #expect(group.out.contains("greengrid wallet deposit AMOUNT [--request-id N]"), "\(group)")
    }
}
