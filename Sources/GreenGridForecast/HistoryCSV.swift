/// A mistake in a history file, with the 1-based line it was found on (nil: the file as a whole).
public struct HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Reads a production history from CSV.
///
/// A header names the columns (any order, case-insensitive, unknown ones ignored): `timestamp`
/// (ISO 8601 UTC like 2025-06-21T12:15:00Z, or Unix seconds) and `power_w` are required;
/// `ghi_wm2`, `clearsky_ghi_wm2`, `temp_c` and `cloud_cover_pct` are optional (an empty cell is
/// "not known"). Rows go oldest first; the step (15 or 30 minutes) is the smallest distance
/// between rows, and every distance must be a whole number of steps (more than one is a gap).
public enum HistoryCSV {
    public static let maxBytes = 50 * 1_024 * 1_024

    public static func parse(_ bytes: [UInt8]) throws(HistoryError) -> History {
        guard bytes.count <= maxBytes else {
            throw HistoryError(line: nil, "the history is \(bytes.count) bytes, more than the limit of \(maxBytes) (50 MB)")
        }
        return try parse(String(decoding: bytes, as: UTF8.self))
    }

    public static func parse(_ text: String) throws(HistoryError) -> History {
        guard text.utf8.count <= maxBytes else {
            throw HistoryError(line: nil, "the history is more than the limit of \(maxBytes) bytes (50 MB)")
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated().map { ($0.offset + 1, trimmed($0.element)) }
            .filter { !$0.1.isEmpty }
        guard !lines.isEmpty else { throw HistoryError(line: nil, "the history is empty: a header line is required") }
        let (headerLine, header) = lines.removeFirst()
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { trimmed($0).lowercased() }
        func column(_ name: String, required: Bool) throws(HistoryError) -> Int? {
            let found = names.indices.filter { names[$0] == name }
            guard found.count <= 1 else { throw HistoryError(line: headerLine, "column '\(name)' appears twice") }
            if required, found.isEmpty {
                throw HistoryError(line: headerLine, "the header lacks the column '\(name)' (it has: \(names.joined(separator: ", ")))")
            }
            return found.first
        }
        guard let timeColumn = try column("timestamp", required: true), let powerColumn = try column("power_w", required: true) else {
            throw HistoryError(line: headerLine, "the header needs timestamp and power_w")
        }
        let ghiColumn = try column("ghi_wm2", required: false)
        let clearColumn = try column("clearsky_ghi_wm2", required: false)
        let tempColumn = try column("temp_c", required: false)
        let cloudColumn = try column("cloud_cover_pct", required: false)

        var samples: [Sample] = []
        samples.reserveCapacity(lines.count)
        var previousLine = headerLine
        for (number, line) in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { trimmed($0) }
            guard cells.count == names.count else {
                throw HistoryError(line: number, "\(cells.count) fields, but the header has \(names.count)")
            }
            let time = try timestamp(cells[timeColumn], line: number)
            guard let power = try value(cells[powerColumn], "power_w", line: number) else {
                throw HistoryError(line: number, "power_w is empty")
            }
            func optional(_ index: Int?, _ name: String) throws(HistoryError) -> Double? {
                guard let index else { return nil }
                return try value(cells[index], name, line: number)
            }
            let sample = Sample(timeS: time, powerW: power, ghiWm2: try optional(ghiColumn, "ghi_wm2"),
                                clearSkyGhiWm2: try optional(clearColumn, "clearsky_ghi_wm2"), tempC: try optional(tempColumn, "temp_c"),
                                cloudCoverPct: try optional(cloudColumn, "cloud_cover_pct"))
            if let last = samples.last, sample.timeS <= last.timeS {
                throw HistoryError(line: number, "timestamp \(cells[timeColumn]) is not after the previous row's (line \(previousLine)): rows go oldest first, once each")
            }
            samples.append(sample)
            previousLine = number
        }
        guard samples.count >= 2 else { throw HistoryError(line: nil, "the history needs at least two rows to tell its step") }
        let step = zip(samples, samples.dropFirst()).map { $1.timeS - $0.timeS }.min()!
        guard History.allowedStepsS.contains(step) else {
            throw HistoryError(line: nil, "the smallest distance between rows is \(step) s; the step must be 15 or 30 minutes (900 or 1800 s)")
        }
        for (index, pair) in zip(samples, samples.dropFirst()).enumerated() where (pair.1.timeS - pair.0.timeS) % step != 0 {
            throw HistoryError(line: lines[index + 1].0, "timestamp is \(pair.1.timeS - pair.0.timeS) s after the previous row, not a whole number of \(step / 60)-minute steps")
        }
        return History(samples: samples, stepS: step)
    }

    /// Unix seconds (digits, optionally negative) or ISO 8601 UTC: YYYY-MM-DDTHH:MM[:SS] with Z or +00:00.
    public static func timestamp(_ text: Substring, line: Int) throws(HistoryError) -> Int64 {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let value = Int64(text) else { throw HistoryError(line: line, "timestamp '\(text)' is out of range") }
            return value
        }
        let failure = HistoryError(line: line, "timestamp '\(text)' is neither Unix seconds nor ISO 8601 UTC like 2025-06-21T12:15:00Z")
        var body = text
        if body.hasSuffix("Z") || body.hasSuffix("z") {
            body = body.dropLast()
        } else if body.hasSuffix("+00:00") {
            body = body.dropLast(6)
        } else {
            throw HistoryError(line: line, "timestamp '\(text)' must be UTC: end it with Z or +00:00")
        }
        let halves = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "T" || $0 == " " })
        guard halves.count == 2 else { throw failure }
        let date = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        var clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        if clock.count == 3, let dot = clock[2].firstIndex(of: ".") { clock[2] = clock[2][..<dot] }
        func number(_ part: Substring, _ width: Int) -> Int64? {
            part.count == width && part.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int64(part) : nil
        }
        guard date.count == 3, (2...3).contains(clock.count), let year = number(date[0], 4), let month = number(date[1], 2),
              let day = number(date[2], 2), let hour = number(clock[0], 2), let minute = number(clock[1], 2),
              let second = clock.count == 3 ? number(clock[2], 2) : 0,
              (1...12).contains(month), (1...UTCCalendar.daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60
        else { throw failure }
        return ((UTCCalendar.daysFromCivil(year: year, month: month, day: day) * 24 + hour) * 60 + minute) * 60 + second
    }

    static func value(_ text: Substring, _ name: String, line: Int) throws(HistoryError) -> Double? {
        guard !text.isEmpty else { return nil }
        guard let value = Double(text) else { throw HistoryError(line: line, "\(name) '\(text)' is not a number") }
        guard value.isFinite else { throw HistoryError(line: line, "\(name) '\(text)' is not a finite number") }
        return value
    }

    static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" || first == "\r" || first == "\u{FEFF}" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return text
    }
}
