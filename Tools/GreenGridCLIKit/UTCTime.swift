/// UTC calendar dates to and from Unix milliseconds with integer civil-date arithmetic (Howard
/// Hinnant's days-from-civil), so no time zone database or Double is involved.
public enum UTCTime {
    /// "2025-06-01T12:15:00Z"; with `milliseconds`, "2025-06-01T12:15:00.123Z".
    public static func format(ms: Int64, milliseconds: Bool = false) -> String {
        let dayMs: Int64 = 86_400_000
        var days = ms / dayMs
        var rest = ms % dayMs
        if rest < 0 {
            rest += dayMs
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let seconds = rest / 1_000
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3_600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if milliseconds { text += ".\(pad(rest % 1_000, 3))" }
        return text + "Z"
    }

    /// Parses "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or "+00:00": a UTC instant only, so
    /// an interval never shifts with the machine's zone.
    public static func parse(_ text: String) throws(UsageError) -> Int64 {
        let failure = UsageError("'\(text)' is not an ISO-8601 UTC time like 2025-06-01T12:15:00Z")
        var body = Substring(text)
        if body.hasSuffix("Z") || body.hasSuffix("z") {
            body = body.dropLast()
        } else if body.hasSuffix("+00:00") {
            body = body.dropLast(6)
        } else {
            throw UsageError("'\(text)' must be UTC: end it with Z (like 2025-06-01T12:15:00Z)")
        }
        let halves = body.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw failure }
        let date = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        var clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard date.count == 3, date[0].count == 4, date[1].count == 2, date[2].count == 2, (2...3).contains(clock.count) else { throw failure }
        var millis: Int64 = 0
        if clock.count == 3, let dot = clock[2].firstIndex(of: ".") {
            let fraction = clock[2][clock[2].index(after: dot)...]
            guard (1...3).contains(fraction.count), let value = digits(fraction) else { throw failure }
            millis = value * [100, 10, 1][fraction.count - 1]
            clock[2] = clock[2][..<dot]
        }
        guard clock.allSatisfy({ $0.count == 2 }), let year = digits(date[0]), let month = digits(date[1]), let day = digits(date[2]),
              let hour = digits(clock[0]), let minute = digits(clock[1]) else { throw failure }
        let second = clock.count == 3 ? digits(clock[2]) : 0
        guard let second, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60,
              second < 60 else { throw failure }
        let days = daysFromCivil(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1_000 + millis
    }

    static func digits(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
