/// A zone's resolved time-of-use tiers: which tier each delivery interval belongs to, by a
/// table lookup on (day type, local quarter hour). An interval belongs to the tier of its start.
public struct TimeOfUseSchedule: Sendable, Hashable {
    public static let quartersPerDay = 96

    /// Local time = UTC + this, all year (no daylight saving time).
    public let utcOffsetMinutes: Int
    public let tiers: [PriceTier]
    /// Local days (since 1970-01-01) priced as Sundays, ascending.
    public let holidayDays: [Int64]
    /// Tier index of each slot `dayType.index * 96 + quarterOfLocalDay`.
    public let tierIndexOfSlot: [UInt8]

    init(utcOffsetMinutes: Int, tiers: [PriceTier], holidayDays: [Int64], tierIndexOfSlot: [UInt8]) {
        precondition(tierIndexOfSlot.count == 3 * Self.quartersPerDay, "one tier per day type and quarter hour")
        precondition(tierIndexOfSlot.allSatisfy { Int($0) < tiers.count }, "every slot names a tier")
        self.utcOffsetMinutes = utcOffsetMinutes
        self.tiers = tiers
        self.holidayDays = holidayDays
        self.tierIndexOfSlot = tierIndexOfSlot
    }

    /// The local day (since 1970-01-01) and quarter hour of that day containing `timeMs`.
    @inlinable public func localDayAndQuarter(timeMs: Int64) -> (day: Int64, quarter: Int) {
        let localMs = timeMs + Int64(utcOffsetMinutes) * LocalCalendar.minuteMs
        let day = LocalCalendar.floorDivide(localMs, LocalCalendar.dayMs)
        let quarter = Int((localMs - day * LocalCalendar.dayMs) / DeliveryInterval.lengthMs)
        return (day, quarter)
    }

    /// Workday, Saturday or Sunday; a configured holiday is a Sunday.
    public func dayType(ofLocalDay day: Int64) -> DayType {
        if isHoliday(day) { return .sunday }
        switch LocalCalendar.weekday(ofDay: day) {
        case 5: return .saturday
        case 6: return .sunday
        default: return .workday
        }
    }

    /// Binary search: no allocation on the order path.
    func isHoliday(_ day: Int64) -> Bool {
        var low = 0, high = holidayDays.count
        while low < high {
            let mid = (low + high) >> 1
            if holidayDays[mid] < day { low = mid + 1 } else { high = mid }
        }
        return low < holidayDays.count && holidayDays[low] == day
    }

    /// Index into `tiers` of the interval starting at `intervalStartMs` (any time inside a
    /// quarter hour gives that quarter's tier).
    public func tierIndex(forIntervalStartMs intervalStartMs: Int64) -> Int {
        let (day, quarter) = localDayAndQuarter(timeMs: intervalStartMs)
        return Int(tierIndexOfSlot[dayType(ofLocalDay: day).index * Self.quartersPerDay + quarter])
    }

    public func tier(forIntervalStartMs intervalStartMs: Int64) -> PriceTier {
        tiers[tierIndex(forIntervalStartMs: intervalStartMs)]
    }

    /// The tier of a day type and local minute of the day, for listing the schedule.
    public func tier(dayType: DayType, minuteOfDay: Int) -> PriceTier {
        precondition((0..<1440).contains(minuteOfDay), "a minute of the day")
        return tiers[Int(tierIndexOfSlot[dayType.index * Self.quartersPerDay + minuteOfDay / 15])]
    }
}
