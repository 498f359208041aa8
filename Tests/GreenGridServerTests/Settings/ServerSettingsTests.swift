import Foundation
@testable import GreenGridServer
import Testing

@Suite struct ServerSettingsTests {
    static func write(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gg-settings-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a settings file sets the server's address, journal, market and limits")
    func applies() throws {
        let path = try Self.write(#"{"host":"0.0.0.0","port":7700,"journalDir":"/tmp/j","zones":"m.json","limits":{"connectionsMax":10,"messagesPerSecond":50,"messagesBurst":5,"logonTimeoutMs":2000,"subscriptionsMax":3}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try ServerSettings.load(path: path)
        #expect(settings.journalDir == "/tmp/j" && settings.zones == "m.json")
        let configuration = settings.applied(to: ExchangeServer.Configuration())
        #expect(configuration.host == "0.0.0.0" && configuration.port == 7700)
        #expect(configuration.connectionsMax == 10 && configuration.messagesPerSecond == 50 && configuration.messagesBurst == 5)
        #expect(configuration.logonTimeoutMs == 2000 && configuration.subscriptionsMax == 3)
    }

    @Test("snapshotEveryCommands sets how often the exchange snapshots; the default stays 1,000,000")
    func snapshotInterval() throws {
        let path = try Self.write(#"{"snapshotEveryCommands":2000}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ServerSettings.load(path: path).applied(to: ExchangeServer.Configuration()).snapshotEveryCommands == 2_000)
        #expect(ExchangeServer.Configuration().snapshotEveryCommands == 1_000_000)
    }

    @Test("unknown keys, impossible values and broken JSON are refused with a reason", arguments: [
        (#"{"prot":1}"#, "unknown key 'prot'"),
        (#"{"limits":{"connectionMax":1}}"#, "unknown key 'limits.connectionMax'"),
        (#"{"port":70000}"#, "port must be"),
        (#"{"limits":{"messagesPerSecond":0}}"#, "messagesPerSecond must be"),
        (#"{"port":"x"}"#, "port"),
        (#"{"snapshotEveryCommands":10}"#, "snapshotEveryCommands must be"),
    ])
    func refuses(json: String, reason: String) throws {
        let path = try Self.write(json)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try ServerSettings.load(path: path)
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }
}
