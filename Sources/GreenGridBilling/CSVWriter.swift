/// RFC 4180 rows: fields separated by commas, records ended by CRLF, and a field quoted exactly when it
/// holds a comma, a double quote, CR or LF, with its quotes doubled.
///
/// Quoting only when needed keeps numbers unquoted, so spreadsheets read them as numbers.
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    public mutating func appendRow(_ fields: [String]) {
        text += fields.map(CSVWriter.field).joined(separator: ",")
        text += "\r\n"
    }

    /// Free text (a memo, an account name) as a spreadsheet must not execute it: text that starts
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by common
    /// spreadsheets, so it gets a leading apostrophe (OWASP's advice for CSV injection). Numbers
    /// are written by the statement itself and never pass through here.
    public static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    public static func field(_ value: String) -> String {
        // Scanning scalars, not Characters: "\r\n" is one Character and would hide both bytes from a search.
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingQuotes() + "\""
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count + 2)
        for scalar in unicodeScalars {
            if scalar == "\"" { result.unicodeScalars.append("\"") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
