import Foundation

/// The server's configuration file (JSON). Every key is optional; a flag on the command line
/// wins over the file, and the file over the defaults. Unknown keys are an error, so a typo
/// is not silently ignored.
///
/// ```json
/// { "host": "127.0.0.1", "port": 7600, "journalDir": "data/journal", "zones": "market.json",
///   "limits": { "connectionsMax": 5000, "messagesPerSecond": 10000, "messagesBurst": 2000,
///               "logonTimeoutMs": 10000, "subscriptionsMax": 64 },
///   "snapshotEveryCommands": 1000000 }
/// ```
public struct ServerSettings: Codable, Sendable, Hashable {
    public struct Limits: Codable, Sendable, Hashable {
        public var connectionsMax: Int?
        public var messagesPerSecond: Int64?
        public var messagesBurst: Int64?
        public var logonTimeoutMs: Int64?
        public var subscriptionsMax: Int?
    }

    public var host: String?
    public var port: Int?
    public var journalDir: String?
    /// The market (zones, topology, interconnectors) file.
    public var zones: String?
    public var limits: Limits?
    /// A snapshot of the exchange after this many commands (1,000 … 100,000,000; default 1,000,000).
    public var snapshotEveryCommands: Int?

    public init() {}

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    static let keys: Set<String> = ["host", "port", "journalDir", "zones", "limits", "snapshotEveryCommands"]
    static let limitKeys: Set<String> = ["connectionsMax", "messagesPerSecond", "messagesBurst", "logonTimeoutMs", "subscriptionsMax"]

    public static func load(path: String) throws -> ServerSettings {
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid(description: "cannot read \(path)") }
        guard data.count <= 1 << 20 else { throw Invalid(description: "\(path) is larger than 1 MiB") }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let unknown = Set(object.keys).subtracting(keys).sorted().first { throw Invalid(description: "\(path): unknown key '\(unknown)'") }
            if let limits = object["limits"] as? [String: Any],
               let unknown = Set(limits.keys).subtracting(limitKeys).sorted().first {
                throw Invalid(description: "\(path): unknown key 'limits.\(unknown)'")
            }
        }
        let settings: ServerSettings
        do { settings = try JSONDecoder().decode(ServerSettings.self, from: data) } catch {
            throw Invalid(description: "\(path): \(error)")
        }
        try settings.check()
        return settings
    }

    func check() throws {
        if let port, !(0...65_535).contains(port) { throw Invalid(description: "port must be 0...65535") }
        if let n = snapshotEveryCommands, !(1_000...100_000_000).contains(n) {
            throw Invalid(description: "snapshotEveryCommands must be 1000...100000000")
        }
        if let limits {
            if let n = limits.connectionsMax, !(1...1_000_000).contains(n) { throw Invalid(description: "limits.connectionsMax must be 1...1000000") }
            if let n = limits.messagesPerSecond, !(1...10_000_000).contains(n) { throw Invalid(description: "limits.messagesPerSecond must be 1...10000000") }
            if let n = limits.messagesBurst, !(1...10_000_000).contains(n) { throw Invalid(description: "limits.messagesBurst must be 1...10000000") }
            if let n = limits.logonTimeoutMs, !(100...600_000).contains(n) { throw Invalid(description: "limits.logonTimeoutMs must be 100...600000") }
            if let n = limits.subscriptionsMax, !(1...10_000).contains(n) { throw Invalid(description: "limits.subscriptionsMax must be 1...10000") }
        }
    }

    /// The server configuration these settings describe, on top of `base`.
    public func applied(to base: ExchangeServer.Configuration) -> ExchangeServer.Configuration {
        var configuration = base
        if let host { configuration.host = host }
        if let port { configuration.port = UInt16(port) }
        if let snapshotEveryCommands { configuration.snapshotEveryCommands = snapshotEveryCommands }
        if let limits {
            if let n = limits.connectionsMax { configuration.connectionsMax = n }
            if let n = limits.messagesPerSecond { configuration.messagesPerSecond = n }
            if let n = limits.messagesBurst { configuration.messagesBurst = n }
            if let n = limits.logonTimeoutMs { configuration.logonTimeoutMs = n }
            if let n = limits.subscriptionsMax { configuration.subscriptionsMax = n }
        }
        return configuration
    }
}
