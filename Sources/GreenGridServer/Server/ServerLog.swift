import Glibc

/// Structured log lines: one JSON object per line on stderr, e.g.
/// `{"level":"info","event":"listening","port":7600}`.
public struct ServerLog: Sendable {
    public enum Value: Sendable {
        case string(String)
        case int(Int64)
        case bool(Bool)
    }

    /// False silences the log (tests).
    public var enabled: Bool

    public init(enabled: Bool = true) { self.enabled = enabled }

    public func info(_ event: String, _ fields: [(String, Value)] = []) { write("info", event, fields) }
    public func warning(_ event: String, _ fields: [(String, Value)] = []) { write("warning", event, fields) }
    public func error(_ event: String, _ fields: [(String, Value)] = []) { write("error", event, fields) }

    public func write(_ level: String, _ event: String, _ fields: [(String, Value)]) {
        guard enabled else { return }
        var line = "{\"level\":" + Self.quoted(level) + ",\"event\":" + Self.quoted(event)
        for (key, value) in fields {
            line += "," + Self.quoted(key) + ":"
            switch value {
            case .string(let text): line += Self.quoted(text)
            case .int(let number): line += String(number)
            case .bool(let flag): line += flag ? "true" : "false"
            }
        }
        line += "}\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in _ = Glibc.write(2, buffer.baseAddress, buffer.count) }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension ServerLog.Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
}

/// Wall-clock milliseconds since the Unix epoch: the time the sequencer stamps and reports carry.
public enum WallClock {
    public static func nowMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }
}

/// `mkdir -p`: creates `path` and any missing parents.
public func makeDirectories(_ path: String) throws(ServerStartError) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") where !part.isEmpty {
        prefix += part + "/"
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw ServerStartError(description: "cannot create directory \(prefix): \(String(cString: strerror(errno)))")
        }
    }
}

public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}
