import Foundation
import GreenGridCLIKit
import GreenGridDomain
import GreenGridServer
import Testing
import GreenGridTestSupport

func withServer(_ body: (ExchangeServer) async throws -> Void) async throws {
    try await withDemoServer("greengrid-cli", body)
}

/// What one `greengrid` run printed and how it ended.
struct CLIRun: CustomStringConvertible {
    var code: ExitCode
    var out: String
    var error: String

    var description: String { "exit \(code.rawValue)\nstdout:\n\(out)\nstderr:\n\(error)" }

    /// Each stdout line as a JSON object.
    func jsonLines() throws -> [[String: Any]] {
        try out.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    func json() throws -> [String: Any] {
        let lines = try jsonLines()
        try #require(lines.count == 1, "expected one JSON line, got \(out)")
        return lines[0]
    }
}

/// Runs the CLI without a server (usage and connection failures).
func greengrid(_ arguments: [String], environment: [String: String] = [:], nowMs: @escaping @Sendable () -> Int64 = { 1_748_779_650_000 })
    async -> CLIRun {
    let captured = CapturedOutput()
    let code = await GreenGridCLI.run(arguments, environment: environment, console: captured.console, nowMs: nowMs)
    return CLIRun(code: code, out: captured.out, error: captured.error)
}

/// Runs the CLI against `server` as `user` (demo password unless given).
func greengrid(_ server: ExchangeServer, as user: String, password: String? = nil, _ arguments: [String]) async -> CLIRun {
    let password = password ?? (user == "admin" ? DemoUsers.adminPassword : DemoUsers.traderPassword)
    return await greengrid(arguments + ["--port", String(server.port), "--user", user, "--password", password],
                           nowMs: { WallClock.nowMs() })
}

/// An interval start about an hour ahead, on the 15-minute grid: open for trading throughout a test.
func openInterval() -> String {
    UTCTime.format(ms: (WallClock.nowMs() / DeliveryInterval.lengthMs + 4) * DeliveryInterval.lengthMs)
}

struct TestTimeout: Error, CustomStringConvertible {
    var description: String
}

/// Polls `probe` every few milliseconds until it holds or the deadline passes.
func waitUntil(timeoutMs: Int = 5_000, _ what: String, _ probe: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
    while !probe() {
        guard ContinuousClock.now < deadline else { throw TestTimeout(description: "timed out after \(timeoutMs) ms waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}
