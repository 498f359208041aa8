import Foundation
import GreenGridMetering

/// The readings file of `meter send-csv`: a header `meter_id,timestamp,import_wh,export_wh[,power_w]`,
/// then one reading per line. Parsed whole, with every error naming its line, before anything is
/// sent; bounded in rows, line length and so in bytes.
enum MeterCSV {
    static let rowsMax = 100_000
    static let lineBytesMax = 256
    /// Header and every row at the longest, with CRLF line ends: checked before reading the file.
    static let bytesMax = (rowsMax + 1) * (lineBytesMax + 2)
    static let columns = ["meter_id", "timestamp", "import_wh", "export_wh"]
    static let optionalColumn = "power_w"

    /// One reading with the file line it came from (1-based, the header is line 1).
    struct Row: Sendable, Hashable {
        var line: Int
        var reading: MeterReading
    }

    static func read(_ path: String) throws(UsageError) -> [Row] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber else {
            throw UsageError("cannot read the readings file \(path): no such file")
        }
        guard size.intValue <= bytesMax else {
            throw UsageError("\(path) is \(size.intValue) bytes, more than \(bytesMax) (\(rowsMax) rows of at most \(lineBytesMax) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read the readings file \(path)") }
        do {
            return try parse([UInt8](data))
        } catch {
            throw UsageError("\(path): \(error.description)")
        }
    }

    /// Lines end in LF or CRLF; blank lines are skipped; cells are trimmed of spaces.
    static func parse(_ bytes: [UInt8], rowsMax: Int = rowsMax, lineBytesMax: Int = lineBytesMax) throws(UsageError) -> [Row] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var rows: [Row] = []
        var hasPower: Bool?
        var lineNumber = 0
        for rawLine in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var lineBytes = rawLine
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            guard lineBytes.count <= lineBytesMax else {
                throw UsageError("line \(lineNumber): longer than \(lineBytesMax) bytes")
            }
            guard let line = String(validating: lineBytes, as: UTF8.self) else {
                throw UsageError("line \(lineNumber): not UTF-8 text")
            }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let power = hasPower else {
                let names = cells.map { $0.lowercased() }
                guard names == columns || names == columns + [optionalColumn] else {
                    throw UsageError("line \(lineNumber): the header must be \(columns.joined(separator: ",")) or "
                        + "\(columns.joined(separator: ",")),\(optionalColumn), not '\(line)'")
                }
                hasPower = names.count == 5
                continue
            }
            guard rows.count < rowsMax else { throw UsageError("line \(lineNumber): more than \(rowsMax) readings") }
            let expected = power ? 5 : 4
            guard cells.count == expected else {
                throw UsageError("line \(lineNumber): \(cells.count) fields, the header has \(expected)")
            }
            do {
                let reading = MeterReading(meterId: try meterId(cells[0]), timestampMs: try timestamp(cells[1]),
                                           importWh: try register(cells[2], "import_wh"), exportWh: try register(cells[3], "export_wh"),
                                           powerW: power && !cells[4].isEmpty ? try watts(cells[4], "power_w") : nil)
                rows.append(Row(line: lineNumber, reading: reading))
            } catch {
                throw UsageError("line \(lineNumber): \(error.description)")
            }
        }
        guard hasPower != nil else { throw UsageError("no header (\(columns.joined(separator: ",")))") }
        guard !rows.isEmpty else { throw UsageError("no readings after the header") }
        return rows
    }

    /// A meter id: a whole number from 1.
    static func meterId(_ text: String, what: String = "meter_id") throws(UsageError) -> UInt64 {
        guard let id = UInt64(text.filter { $0 != "_" }), id > 0 else {
            throw UsageError("\(what) '\(text)' is not a meter id (a whole number from 1)")
        }
        return id
    }

    /// A register: whole Wh, not negative (the exchange checks the upper bound, 10^12 − 1).
    static func register(_ text: String, _ what: String) throws(UsageError) -> Int64 {
        guard let value = Int64(text.filter { $0 != "_" }), value >= 0 else {
            throw UsageError("\(what) '\(text)' is not a whole number of Wh (0 or more)")
        }
        return value
    }

    /// Instantaneous power, W: positive importing, negative exporting.
    static func watts(_ text: String, _ what: String) throws(UsageError) -> Int64 {
        guard let value = Int64(text.filter { $0 != "_" }), value != Int64.min else {
            throw UsageError("\(what) '\(text)' is not a whole number of W")
        }
        return value
    }

    /// ISO 8601 UTC (2026-11-25T12:45:00Z) or Unix milliseconds.
    static func timestamp(_ text: String, what: String = "timestamp") throws(UsageError) -> Int64 {
        if let ms = Int64(text.filter { $0 != "_" }) { return ms }
        do {
            return try UTCTime.parse(text)
        } catch {
            throw UsageError("\(what) '\(text)' is neither Unix milliseconds nor an ISO 8601 UTC time like 2026-11-25T12:45:00Z")
        }
    }
}
