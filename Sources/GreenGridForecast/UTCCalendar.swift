/// Unix seconds to and from the UTC civil calendar with integer arithmetic (Howard Hinnant's
/// days-from-civil), so no time zone database is involved.
public enum UTCCalendar {
    public static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }

    public static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Day of the year (1 = 1 January) and seconds since UTC midnight of a Unix time.
    public static func dayOfYear(unixS: Int64) -> (day: Int64, secondOfDay: Int64, daysInYear: Int64) {
        let days = unixS >= 0 ? unixS / secondsPerDay : (unixS - secondsPerDay + 1) / secondsPerDay
        let secondOfDay = unixS - days * secondsPerDay
        let year = civil(fromDays: days).year
        return (days - daysFromCivil(year: year, month: 1, day: 1) + 1, secondOfDay, isLeap(year) ? 366 : 365)
    }
}
