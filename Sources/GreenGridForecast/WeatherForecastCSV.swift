/// Reads a weather forecast from CSV.
///
/// A header names the columns (any order, case-insensitive, unknown ones ignored): `timestamp`
/// (ISO 8601 UTC or Unix seconds, the start of the step) and `cloud_cover_pct` (0...100, never
/// empty) are required; `temp_c` and `ghi_wm2` are optional (an empty cell is "not known"). Rows go
/// oldest first; the step (15, 30 or 60 minutes) is the smallest distance between rows, and every
/// distance is a whole number of steps. Size, line count and line length are checked before parsing.
public enum WeatherForecastCSV {
    public static let maxBytes = 4 * 1_024 * 1_024
    /// Lines, header and blank ones included: the step limit plus room for the header.
    public static let maxLines = WeatherForecast.stepsMax + 1
    public static let maxLineBytes = 1_024

    public static func parse(_ bytes: [UInt8]) throws(WeatherForecastError) -> WeatherForecast {
        guard bytes.count <= maxBytes else {
            throw WeatherForecastError(line: nil, "the weather forecast is \(bytes.count) bytes, more than the limit of \(maxBytes) (4 MB)")
        }
        return try parse(String(decoding: bytes, as: UTF8.self))
    }

    public static func parse(_ text: String) throws(WeatherForecastError) -> WeatherForecast {
        try checkBounds(text)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated()
            .map { ($0.offset + 1, HistoryCSV.trimmed($0.element)) }.filter { !$0.1.isEmpty }
        guard !lines.isEmpty else { throw WeatherForecastError(line: nil, "the weather forecast is empty: a header line is required") }
        let (headerLine, header) = lines.removeFirst()
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { HistoryCSV.trimmed($0).lowercased() }
        func column(_ name: String, required: Bool) throws(WeatherForecastError) -> Int? {
            let found = names.indices.filter { names[$0] == name }
            guard found.count <= 1 else { throw WeatherForecastError(line: headerLine, "column '\(name)' appears twice") }
            if required, found.isEmpty {
                throw WeatherForecastError(line: headerLine, "the header lacks the column '\(name)' (it has: \(names.joined(separator: ", ")))")
            }
            return found.first
        }
        guard let timeColumn = try column("timestamp", required: true), let cloudColumn = try column("cloud_cover_pct", required: true) else {
            throw WeatherForecastError(line: headerLine, "the header needs timestamp and cloud_cover_pct")
        }
        let columns = Columns(time: timeColumn, cloud: cloudColumn, temp: try column("temp_c", required: false),
                              ghi: try column("ghi_wm2", required: false))

        var steps: [WeatherStep] = []
        steps.reserveCapacity(lines.count)
        for (number, line) in lines {
            let step = try row(line, number: number, width: names.count, columns: columns)
            if let last = steps.last, step.timeS <= last.timeS {
                throw WeatherForecastError(line: number, "timestamp is not after the previous row's: rows go oldest first, once each")
            }
            steps.append(step)
        }
        guard steps.count >= 2 else { throw WeatherForecastError(line: nil, "the weather forecast needs at least two rows to tell its step") }
        let stepS = zip(steps, steps.dropFirst()).map { $1.timeS - $0.timeS }.min()!
        guard WeatherForecast.allowedStepsS.contains(stepS) else {
            throw WeatherForecastError(line: nil, "the smallest distance between rows is \(stepS) s; the step must be 15, 30 or 60 minutes")
        }
        for (index, pair) in zip(steps, steps.dropFirst()).enumerated() where (pair.1.timeS - pair.0.timeS) % stepS != 0 {
            throw WeatherForecastError(line: lines[index + 1].0,
                                       "timestamp is \(pair.1.timeS - pair.0.timeS) s after the previous row, not a whole number of \(stepS / 60)-minute steps")
        }
        return try WeatherForecast(steps: steps, stepS: stepS)
    }

    /// Refuses an oversized text before splitting it into lines (no allocation per line).
    static func checkBounds(_ text: String) throws(WeatherForecastError) {
        guard text.utf8.count <= maxBytes else {
            throw WeatherForecastError(line: nil, "the weather forecast is more than the limit of \(maxBytes) bytes (4 MB)")
        }
        var line = 1
        var length = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                length = 0
                guard line <= maxLines else {
                    throw WeatherForecastError(line: line, "more than \(maxLines) lines, the limit of a weather forecast")
                }
            } else {
                length += 1
                guard length <= maxLineBytes else { throw WeatherForecastError(line: line, "longer than \(maxLineBytes) bytes") }
            }
        }
    }

    struct Columns {
        var time: Int
        var cloud: Int
        var temp: Int?
        var ghi: Int?
    }

    static func row(_ line: Substring, number: Int, width: Int, columns: Columns) throws(WeatherForecastError) -> WeatherStep {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { HistoryCSV.trimmed($0) }
        guard cells.count == width else { throw WeatherForecastError(line: number, "\(cells.count) fields, but the header has \(width)") }
        func optional(_ index: Int?, _ name: String) throws(HistoryError) -> Double? {
            guard let index else { return nil }
            return try HistoryCSV.value(cells[index], name, line: number)
        }
        do throws(HistoryError) {
            let time = try HistoryCSV.timestamp(cells[columns.time], line: number)
            guard let cloud = try HistoryCSV.value(cells[columns.cloud], "cloud_cover_pct", line: number) else {
                throw HistoryError(line: number, "cloud_cover_pct is empty")
            }
            let step = WeatherStep(timeS: time, cloudCoverPct: cloud, tempC: try optional(columns.temp, "temp_c"),
                                   ghiWm2: try optional(columns.ghi, "ghi_wm2"))
            if let problem = WeatherForecast.problem(step) { throw HistoryError(line: number, problem) }
            return step
        } catch {
            throw WeatherForecastError(line: error.line, error.message)
        }
    }
}
