import Foundation
import Glibc
import GreenGridDomain

/// The `greengrid-server` the crash loop kills: one journal directory and one port for the whole
/// run, so every restart recovers what the last life wrote and reconnecting clients (the resuming
/// market-data subscriber) find it where it was. Unlike `ServerProcess` it is stopped with
/// SIGKILL — no journal close, no snapshot, whatever was in flight is cut — and started again.
final class CrashServer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let executable: String
    let root: String
    var journal: String { root + "/journal" }
    private let marketPath: String
    private let settingsPath: String
    private var process: Process?
    private(set) var port: UInt16 = 0
    /// The startup log lines of the current life (recovery figures), for failure messages.
    private(set) var startupLog: [String] = []

    init(executable: String = ServerProcess.siblingExecutable(), root: String, market: MarketConfiguration, snapshotEveryCommands: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "no server executable at \(executable): build it (swift build -c release --product greengrid-server)")
        }
        self.executable = executable
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        marketPath = root + "/market.json"
        try JSONEncoder().encode(market).write(to: URL(fileURLWithPath: marketPath))
        settingsPath = root + "/settings.json"
        try Data(("{\"snapshotEveryCommands\": \(snapshotEveryCommands), "
                  + #""limits": {"messagesPerSecond": 10000000, "messagesBurst": 1000000, "connectionsMax": 5000, "subscriptionsMax": 64}}"#).utf8)
            .write(to: URL(fileURLWithPath: settingsPath))
    }

    /// Starts a life on the journal (the first on a free port, later ones on the same port) and
    /// waits for its `listening` line; returns the time that took (recovery included), in ms.
    @discardableResult
    func start() throws -> Int64 {
        precondition(process == nil, "one life at a time")
        let began = Date()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--demo-users", "--port", "\(port)", "--journal-dir", journal, "--zones", marketPath, "--config", settingsPath]
        let log = Pipe()
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let reader = log.fileHandleForReading
        var buffered = Data()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                self.process = nil
                throw Failure(description: "greengrid-server exited (\(process.terminationStatus)) before listening: \(String(decoding: buffered, as: UTF8.self))")
            }
            buffered.append(chunk)
            let lines = String(decoding: buffered, as: UTF8.self).split(separator: "\n").map(String.init)
            for line in lines where line.contains(#""event":"listening""#) {
                if let range = line.range(of: #""port":"#), let port = UInt16(line[range.upperBound...].prefix { $0.isNumber }) {
                    // Keep draining its log so the server never blocks on a full pipe.
                    reader.readabilityHandler = { handle in _ = handle.availableData }
                    self.port = port
                    startupLog = lines
                    return Int64(Date().timeIntervalSince(began) * 1_000)
                }
            }
        }
        kill9()
        throw Failure(description: "greengrid-server did not start listening within 60 s")
    }

    /// SIGKILL: the process gets no chance to flush, close or snapshot anything. Waits for it to be gone.
    func kill9() {
        guard let process else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// SIGTERM and the clean exit (journal closed, snapshot taken); false when it did not exit 0.
    func stop() -> Bool {
        guard let process else { return true }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus == 0
    }

    var isRunning: Bool { process?.isRunning ?? false }
}
