import GreenGridForecast

/// The BDEW seasons: winter 1 Nov – 20 Mar, summer 15 May – 14 Sep, transition otherwise.
public enum LoadSeason: Int, Sendable, CaseIterable {
    case winter = 0, summer = 1, transition = 2

    public static func of(month: Int64, day: Int64) -> LoadSeason {
        switch (month, day) {
        case (11...12, _), (1...2, _), (3, ...20): return .winter
        case (5, 15...), (6...8, _), (9, ...14): return .summer
        default: return .transition
        }
    }
}

/// The BDEW day types: Monday–Friday, Saturday (also 24 and 31 December unless a Sunday), and
/// Sunday (also the public holidays).
public enum LoadDayType: Int, Sendable, CaseIterable {
    case workday = 0, saturday = 1, sunday = 2
}

/// Local civil time at a fixed UTC offset (no daylight saving: the offset is the caller's
/// choice, by default the longitude's nominal zone), and what the load profiles need from it.
public struct LocalTime: Sendable, Equatable {
    public var year: Int64, month: Int64, day: Int64
    /// 1 = 1 January.
    public var dayOfYear: Int64
    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int64
    public var secondOfDay: Int64

    public init(unixS: Int64, utcOffsetMin: Int64) {
        let local = unixS + utcOffsetMin * 60
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        secondOfDay = local - days * 86_400
        (year, month, day) = UTCCalendar.civil(fromDays: days)
        dayOfYear = days - UTCCalendar.daysFromCivil(year: year, month: 1, day: 1) + 1
        weekday = ((days + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday
    }

    public var quarterOfDay: Int { Int(secondOfDay / 900) }
    public var hour: Double { Double(secondOfDay) / 3_600 }
    public var season: LoadSeason { .of(month: month, day: day) }

    public var dayType: LoadDayType {
        if weekday == 6 || GermanHolidays.isHoliday(year: year, month: month, day: day) { return .sunday }
        if weekday == 5 || (month == 12 && (day == 24 || day == 31)) { return .saturday }
        return .workday
    }
}

/// The nationwide German public holidays, which the BDEW profiles treat as Sundays. Regional
/// holidays (Epiphany, Corpus Christi, …) are left out: they differ by state.
public enum GermanHolidays {
    public static func isHoliday(year: Int64, month: Int64, day: Int64) -> Bool {
        switch (month, day) {
        case (1, 1), (5, 1), (10, 3), (12, 25), (12, 26): return true
        default: break
        }
        let date = UTCCalendar.daysFromCivil(year: year, month: month, day: day)
        let easter = easterSunday(year: year)
        let days = UTCCalendar.daysFromCivil(year: easter.year, month: easter.month, day: easter.day)
        // Good Friday, Easter Monday, Ascension, Whit Monday.
        return [-2, 1, 39, 50].contains(date - days)
    }

    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    public static func easterSunday(year: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return (year, month, day)
    }
}
