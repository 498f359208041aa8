import Foundation
import GreenGridDomain

/// A `greengrid-server` process the harness starts for a run: the executable next to
/// `greengrid-load` (same build), a fresh journal in a temporary directory, a free port, the demo
/// market and users, and limits raised so the limiter and per-trader caps are not what is
/// measured. Its port is read from its `listening` log line; SIGTERM stops it (journal closed,
/// snapshot taken) and the directory goes with it.
final class ServerProcess: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let port: UInt16
    let directory: String
    private let process: Process

    private init(process: Process, port: UInt16, directory: String) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// The server executable built alongside this one.
    static func siblingExecutable() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("greengrid-server").path
    }

    /// The limits of the runs that measure the exchange, not its limiter.
    static let raisedLimits = #"{"limits": {"messagesPerSecond": 10000000, "messagesBurst": 1000000, "connectionsMax": 5000, "subscriptionsMax": 64}}"#

    /// Whether the server is still running (an attack must not have stopped it).
    var isRunning: Bool { process.isRunning }

    static func start(executable: String = siblingExecutable(), market: MarketConfiguration, settings: String = raisedLimits) throws -> ServerProcess {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "no server executable at \(executable): build it (swift build -c release) or give --server HOST:PORT")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("greengrid-load-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let marketPath = directory + "/market.json"
        try JSONEncoder().encode(market).write(to: URL(fileURLWithPath: marketPath))
        let settingsPath = directory + "/settings.json"
        try Data(settings.utf8).write(to: URL(fileURLWithPath: settingsPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--demo-users", "--port", "0", "--journal-dir", directory + "/journal", "--zones", marketPath,
                             "--config", settingsPath]
        let log = Pipe()
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // The first line with "listening" names the port; give up after 30 s.
        let reader = log.fileHandleForReading
        var buffered = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                throw Failure(description: "greengrid-server exited (\(process.terminationStatus)) before listening: \(String(decoding: buffered, as: UTF8.self))")
            }
            buffered.append(chunk)
            for line in String(decoding: buffered, as: UTF8.self).split(separator: "\n") where line.contains(#""event":"listening""#) {
                if let range = line.range(of: #""port":"#), let port = UInt16(line[range.upperBound...].prefix { $0.isNumber }) {
                    // Keep draining its log so the server never blocks on a full pipe.
                    reader.readabilityHandler = { handle in _ = handle.availableData }
                    return ServerProcess(process: process, port: port, directory: directory)
                }
            }
        }
        process.terminate()
        throw Failure(description: "greengrid-server did not start listening within 30 s")
    }

    /// SIGTERM, then wait for the clean exit; the temporary journal is removed.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
