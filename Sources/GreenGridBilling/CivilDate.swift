/// A proleptic Gregorian date in UTC, computed from Unix time with integer arithmetic only.
///
/// Statements must not depend on the machine's clock, time zone or calendar settings, and Foundation's
/// `Calendar` is neither available to the domain nor byte-stable across platforms, so the conversion is
/// Howard Hinnant's `days_from_civil` / `civil_from_days` (public domain, "chrono-Compatible Low-Level
/// Date Algorithms"). Eras are 400-year cycles of exactly 146,097 days, which is what makes the
/// arithmetic exact for every Int64 day count the statement can meet, before 1970 included.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int64
    /// 1...12.
    public var month: Int64
    /// 1...31.
    public var day: Int64

    public init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Milliseconds in a UTC day: there are no leap seconds in Unix time.
    public static let msPerDay: Int64 = 86_400_000

    /// The date of day number `daysSinceEpoch` (0 = 1970-01-01).
    public init(daysSinceEpoch: Int64) {
        let z = daysSinceEpoch + 719_468  // shift the epoch to 0000-03-01, so leap days end a year
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097  // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365  // 0...399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365, from March 1
        let marchMonth = (5 * dayOfYear + 2) / 153  // 0 = March ... 11 = February
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// The day number of this date (0 = 1970-01-01, negative before).
    public var daysSinceEpoch: Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The UTC day holding `unixMs`; floor division, so the last ms before 1970 is 1969-12-31.
    public static func dayNumber(ofUnixMs unixMs: Int64) -> Int64 {
        let quotient = unixMs / msPerDay
        return unixMs % msPerDay < 0 ? quotient - 1 : quotient
    }

    /// The UTC date holding `unixMs`.
    public init(unixMs: Int64) { self.init(daysSinceEpoch: CivilDate.dayNumber(ofUnixMs: unixMs)) }

    /// Unix ms of this date's midnight UTC.
    public var startUnixMs: Int64 { daysSinceEpoch * CivilDate.msPerDay }

    public static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO 8601 "YYYY-MM-DD" (four-digit years; statements do not reach past 9999).
    public var description: String {
        BillingText.zeroPadded(year, width: 4) + "-" + BillingText.zeroPadded(month, width: 2) + "-"
            + BillingText.zeroPadded(day, width: 2)
    }
}
