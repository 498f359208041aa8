import Foundation
import Glibc
import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
import GreenGridSimulation
import Testing

/// The real thing: the engine host as a child process, killed with SIGKILL mid-stream, then
/// restarted on the same journal. Every acknowledged command must be there, and nothing that
/// was not submitted: the recovered state is the state after an exact prefix of the flow.
@Suite struct CrashProcessTests {
    /// The host executable, built next to the test bundle by `swift build`/`swift test`.
    static func hostExecutable() -> URL? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for directory in [beside, beside.deletingLastPathComponent()] {
            let candidate = directory.appendingPathComponent("greengrid-exchange")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fallback = root.appendingPathComponent(".build/debug/greengrid-exchange")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }

    /// Runs the host and returns its stdout lines, killing it with SIGKILL after `killAfterAcks` acks.
    static func runHost(_ executable: URL, arguments: [String], killAfterAcks: Int?) throws -> [String] {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["host"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var lines: [String] = []
        var buffer = Data()
        var acks = 0
        let handle = pipe.fileHandleForReading
        reading: while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                lines.append(line)
                if line.hasPrefix("ack ") { acks += 1 }
                if let limit = killAfterAcks, acks >= limit {
                    kill(process.processIdentifier, SIGKILL)
                    break reading
                }
            }
        }
        process.waitUntilExit()
        return lines
    }

    @Test("kill -9 mid-stream, restart: every acknowledged command and only a prefix of the flow", arguments: [40, 130])
    func killNineAndRecover(acksBeforeKill: Int) throws {
        guard let executable = Self.hostExecutable() else {
            Issue.record("greengrid-exchange was not built next to the tests; run `swift build` first")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gg-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["--data", directory, "--seed", "3", "--commands", "60000", "--batch", "37", "--snapshot-every", "2000"]

        let first = try Self.runHost(executable, arguments: arguments, killAfterAcks: acksBeforeKill)
        let acknowledged = first.compactMap { $0.hasPrefix("ack ") ? UInt64($0.dropFirst(4)) : nil }.max() ?? 0
        #expect(acknowledged > 0)

        let verify = try Self.runHost(executable, arguments: arguments + ["--verify-only"], killAfterAcks: nil)
        let fields = try #require(verify.first { $0.hasPrefix("recovered ") }).split(separator: " ")
        let recovered = try #require(UInt64(fields[1]))
        let hash = try #require(UInt64(fields[2], radix: 16))
        #expect(recovered >= acknowledged, "an acknowledged command was lost")

        // The reference: the same flow, executed up to exactly the recovered sequence.
        let market = try ConfigurationLoader.demo().market()
        var flow = OrderFlow(market: market, seed: 3, options: .host)
        var core = ExchangeCore(market: market)
        for command in flow.setup() where command.sequence <= recovered { core.execute(command) }
        while flow.sequence < recovered {
            core.execute(flow.next())
            if flow.sequence % 4096 == 0 { _ = core.drainEvents() }
        }
        #expect(core.stateHash() == hash, "the recovered state is not the state after the first \(recovered) commands")

        // And it carries on: the restarted host finishes the flow.
        let rest = try Self.runHost(executable, arguments: ["--data", directory, "--seed", "3", "--commands", "\(recovered + 500)", "--batch", "37"], killAfterAcks: nil)
        #expect(rest.contains { $0.hasPrefix("done ") })
    }
}
