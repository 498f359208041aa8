import GreenGridClient
import Testing

@testable import GreenGridCLIKit

/// Parsing, help and the exit codes of failures found before or while connecting.
@Suite struct CommandLineTests {
    @Test(arguments: [["--help"], ["help"], ["-h"]])
    func mainHelpListsCommandsAndExitCodes(arguments: [String]) async {
        let run = await greengrid(arguments)
        #expect(run.code == .ok)
        for text in ["user create", "order mass-cancel", "book", "GREENGRID_PASSWORD", "--json", "exit codes:", "0  success",
                     "1  the exchange refused", "2  usage error", "3  cannot connect", "4  timeout"] {
            #expect(run.out.contains(text), "main help lacks \(text)")
        }
    }

    @Test(arguments: CommandCatalogue.all.map(\.words))
    func everyCommandHasHelp(words: [String]) async {
        let run = await greengrid(words + ["--help"])
        #expect(run.code == .ok)
        #expect(run.out.hasPrefix("usage: greengrid \(words.joined(separator: " "))"), "\(run)")
        #expect(run.out.contains("GREENGRID_PASSWORD"))
    }

    @Test func groupHelp() async {
        let run = await greengrid(["order", "--help"])
        #expect(run.code == .ok)
        #expect(run.out.contains("greengrid order place") && run.out.contains("greengrid order cancel"))
    }

    @Test(arguments: [
        ([], "commands:"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["order"], "order needs a subcommand"),
        (["order", "explode"], "order needs a subcommand"),
        (["zones", "--colour", "red"], "unknown option --colour"),
        (["zones", "--watch"], "unknown option --watch"),
        (["zones", "--user"], "--user needs a value"),
        (["zones"], "--user NAME is required"),
        (["zones", "--user", "admin"], "no password: give --password or set GREENGRID_PASSWORD"),
        (["zones", "extra", "--user", "a", "--password", "p"], "zones takes no arguments"),
        (["zones", "--user", "a", "--password", "p", "--port", "70000"], "--port must be an integer in 1...65535"),
        (["order", "place", "sell", "1kWh", "0.1234567", "--interval", "next", "--user", "a", "--password", "p"], "more than 6 decimals"),
        (["order", "place", "sell", "1kWh", "0.25", "--user", "a", "--password", "p"], "--interval is required"),
        (["order", "place", "hold", "1kWh", "0.25", "--interval", "next"], "side 'hold' is not one of buy, sell"),
        (["order", "place", "buy", "1kWh", "0.25", "--interval", "next", "--tif", "day"], "--tif 'day' is not one of gtc, ioc, fok"),
        (["order", "place", "buy", "1kWh", "0.25", "--interval", "next", "--source", "coal"], "--source 'coal' is not one of"),
        (["order", "place", "buy", "1kWh", "0.25", "--interval", "next", "--price-micros", "250000"], "takes buy|sell QUANTITY, got"),
        (["order", "place", "buy", "1.5Wh", "0.25", "--interval", "next"], "Wh are whole numbers"),
        (["order", "place", "buy", "1kWh", "0.25", "--interval", "13:00"], "must be UTC"),
        (["order", "cancel", "abc"], "ORDER_ID must be a number"),
        (["user", "create", "bob", "--new-password", "x"], "--role is required"),
        (["user", "create", "bob", "--role", "miner", "--new-password", "x"], "role 'miner' is not one of"),
        (["user", "create", "bob", "--role", "prosumer", "--new-password", "x"], "a prosumer needs --zone and --feeder"),
        (["user", "create", "bob", "--role", "admin", "--zone", "0", "--new-password", "x"], "a admin has no zone or feeder"),
        (["user", "create", "bob", "--role", "admin"], "--new-password is required"),
        (["user", "set-role", "x", "consumer"], "TRADER_ID must be a number"),
        (["book", "harbour", "--seconds", "3"], "--seconds goes with --watch"),
        (["book", "harbour", "--depth", "0"], "--depth must be an integer in 1...1000"),
        (["book", "harbour", "--interval", "2025-06-01T12:10:00Z"], "15-minute boundary"),
    ] as [([String], String)])
    func usageErrorsExitTwo(arguments: [String], complaint: String) async {
        let run = await greengrid(arguments)
        #expect(run.code == .usage, "\(run)")
        #expect(run.error.contains(complaint), "\(run)")
        #expect(run.out.isEmpty)
    }

    @Test func passwordFromTheEnvironment() async {
        // Port 1 on loopback refuses connections: getting that far proves the password was found.
        let run = await greengrid(["zones", "--user", "admin", "--port", "1"], environment: ["GREENGRID_PASSWORD": "secret"])
        #expect(run.code == .cannotConnect, "\(run)")
        #expect(run.error.contains("connect to 127.0.0.1:1 failed"), "\(run)")
    }

    @Test func usageErrorsAsJSON() async throws {
        let run = await greengrid(["order", "cancel", "abc", "--json"])
        #expect(run.code == .usage)
        let object = try run.json()
        #expect(object["ok"] as? Bool == false)
        #expect(object["exitCode"] as? Int == 2)
    }

    @Test(arguments: [
        (ClientError.connectFailed(host: "h", port: 1, errno: 111), ExitCode.cannotConnect),
        (.logonRejected(.badCredentials), .cannotConnect), (.connectTimedOut(host: "h", port: 1, timeoutMs: 5), .cannotConnect),
        (.addressResolution(host: "h", detail: "?"), .cannotConnect), (.logonTimedOut(timeoutMs: 5), .cannotConnect),
        (.requestTimedOut(request: .newOrder, timeoutMs: 5), .timeout), (.connectionLost("eof"), .timeout), (.notConnected, .timeout),
        (.loggedOut(reason: .administrative, text: ""), .timeout), (.invalidRequest("unknown zone"), .refused),
        (.invalidConfiguration("username"), .usage),
    ])
    func clientErrorsMapToExitCodes(error: ClientError, code: ExitCode) {
        #expect(ClientErrorClass.exitCode(error) == code)
    }
}
