/// `--from` values: `now`, `-90m`, `-2h`, or Unix milliseconds.
public enum RelativeTime {
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String, nowMs: Int64) throws(Invalid) -> Int64 {
        if text == "now" { return nowMs }
        if let ms = Int64(text), ms > 0 { return ms }
        let units: [Character: Int64] = ["s": 1_000, "m": 60_000, "h": 3_600_000]
        guard text.first == "-", let unit = text.last, let scale = units[unit], let amount = Int64(text.dropFirst().dropLast()), amount >= 0,
              amount * scale <= 23 * 3_600_000 else {
            throw Invalid(description: "--from must be now, -N[s|m|h] (at most 23 h back) or Unix ms, not '\(text)'")
        }
        return nowMs - amount * scale
    }
}

/// Meter ids a run takes by default: a different range each minute, far from hand-registered ids.
public enum MeterIdDefault {
    public static func fromClock(nowMs: Int64) -> UInt64 {
        1_000_000_000 + UInt64(nowMs / 60_000 % 1_000_000) * 100_000
    }
}
