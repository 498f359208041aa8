/// One flat JSON object on one line, keys in the order they were added: the harness's result
/// format, easy for a script to read and for a person to scan.
public struct JSONLine: Sendable {
    var fields: [String] = []

    public init() {}

    public mutating func add(_ key: String, _ value: String) {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default:
                if scalar.value < 0x20 { escaped += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) }
                else { escaped.unicodeScalars.append(scalar) }
            }
        }
        fields.append("\"\(key)\":\"\(escaped)\"")
    }
    public mutating func add(_ key: String, _ value: Int) { fields.append("\"\(key)\":\(value)") }
    public mutating func add(_ key: String, _ value: UInt64) { fields.append("\"\(key)\":\(value)") }
    public mutating func add(_ key: String, _ value: Int64) { fields.append("\"\(key)\":\(value)") }
    public mutating func add(_ key: String, _ value: Bool) { fields.append("\"\(key)\":\(value)") }
    /// Seconds and rates are measurements, not money or energy: a double is fine here.
    public mutating func add(_ key: String, _ value: Double, decimals: Int = 3) {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        fields.append("\"\(key)\":\(rounded)")
    }

    public mutating func add(latency histogram: LatencyHistogram, suffix: String = "ns") {
        add("p50_\(suffix)", histogram.value(atPercentile: 50))
        add("p90_\(suffix)", histogram.value(atPercentile: 90))
        add("p99_\(suffix)", histogram.value(atPercentile: 99))
        add("p999_\(suffix)", histogram.value(atPercentile: 99.9))
        add("max_\(suffix)", histogram.maxValue)
    }

    /// The same five figures in microseconds (`p50_us` …), rounded up so a sub-microsecond
    /// value never reads as 0; the histogram itself keeps nanoseconds.
    public mutating func add(latencyMicroseconds histogram: LatencyHistogram) {
        func us(_ ns: UInt64) -> UInt64 { (ns + 999) / 1000 }
        add("p50_us", us(histogram.value(atPercentile: 50)))
        add("p90_us", us(histogram.value(atPercentile: 90)))
        add("p99_us", us(histogram.value(atPercentile: 99)))
        add("p999_us", us(histogram.value(atPercentile: 99.9)))
        add("max_us", us(histogram.maxValue))
    }

    /// A nested object of counts (for example rejects by reason), keys in sorted order so the
    /// line is the same from run to run.
    public mutating func add(_ key: String, counts: [String: Int]) {
        var inner = JSONLine()
        for name in counts.keys.sorted() { inner.add(name, counts[name]!) }
        fields.append("\"\(key)\":\(inner.text)")
    }

    /// Another line as a nested object (a sweep's best step inside its verdict).
    public mutating func add(_ key: String, _ object: JSONLine) {
        fields.append("\"\(key)\":\(object.text)")
    }

    public var text: String { "{" + fields.joined(separator: ",") + "}" }
}
