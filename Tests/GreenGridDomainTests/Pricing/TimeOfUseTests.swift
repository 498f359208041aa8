import GreenGridDomain
import Testing

@Suite("Time-of-use tiers: which tier an interval belongs to")
struct TimeOfUseTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var intervalStartMs: Int64
        var tier: String
        var utcOffsetMinutes: Int = 60
    }

    static let cases: [Case] = [
        Case(description: "Monday 16:45 local (15:45Z) is still shoulder", intervalStartMs: PricingFixtures.utc(15, 45), tier: "shoulder"),
        Case(description: "Monday 17:00 local (16:00Z) starts peak", intervalStartMs: PricingFixtures.utc(16), tier: "peak"),
        Case(description: "Monday 20:45 local is the last peak interval", intervalStartMs: PricingFixtures.utc(19, 45), tier: "peak"),
        Case(description: "Monday 21:00 local is off-peak again", intervalStartMs: PricingFixtures.utc(20), tier: "offPeak"),
        Case(description: "Monday 06:45 local is off-peak", intervalStartMs: PricingFixtures.utc(5, 45), tier: "offPeak"),
        Case(description: "Monday 07:00 local is shoulder", intervalStartMs: PricingFixtures.utc(6), tier: "shoulder"),
        Case(description: "Monday 00:00 local is Sunday 23:00Z: Monday's off-peak", intervalStartMs: PricingFixtures.utc(-1, 23), tier: "offPeak"),
        Case(description: "Friday 23:45 local is a workday night", intervalStartMs: PricingFixtures.utc(days: 4, 22, 45), tier: "offPeak"),
        Case(description: "Saturday 09:00 local (08:00Z) is Saturday shoulder", intervalStartMs: PricingFixtures.utc(days: 5, 8), tier: "shoulder"),
        Case(description: "Saturday 17:00 local is shoulder, not peak", intervalStartMs: PricingFixtures.utc(days: 5, 16), tier: "shoulder"),
        Case(description: "Saturday 08:45 local is off-peak", intervalStartMs: PricingFixtures.utc(days: 5, 7, 45), tier: "offPeak"),
        Case(description: "Sunday 09:00 local is off-peak", intervalStartMs: PricingFixtures.utc(days: 6, 8), tier: "offPeak"),
        Case(description: "Sunday 17:00 local is off-peak", intervalStartMs: PricingFixtures.utc(days: 6, 16), tier: "offPeak"),
        Case(description: "Sunday 23:00Z is Monday 00:00 local", intervalStartMs: PricingFixtures.utc(days: 6, 23), tier: "offPeak"),
        Case(description: "Monday 07:00 local after the weekend", intervalStartMs: PricingFixtures.utc(days: 7, 6), tier: "shoulder"),
        Case(description: "the holiday (Wednesday) 17:00 local is a Sunday", intervalStartMs: PricingFixtures.utc(days: 2, 16), tier: "offPeak"),
        Case(description: "Tuesday 23:00Z is already the holiday (00:00 local)", intervalStartMs: PricingFixtures.utc(days: 1, 23), tier: "offPeak"),
        Case(description: "Tuesday 22:45Z is still Tuesday (23:45 local)", intervalStartMs: PricingFixtures.utc(days: 1, 22, 45), tier: "offPeak"),
        Case(description: "the day after the holiday 17:00 local is peak", intervalStartMs: PricingFixtures.utc(days: 3, 16), tier: "peak"),
        Case(description: "UTC+0: Monday 16:30Z is shoulder", intervalStartMs: PricingFixtures.utc(16, 30), tier: "shoulder", utcOffsetMinutes: 0),
        Case(description: "UTC+1: Monday 16:30Z is peak", intervalStartMs: PricingFixtures.utc(16, 30), tier: "peak"),
        Case(description: "UTC−5: Monday 03:00Z is Sunday 22:00 local", intervalStartMs: PricingFixtures.utc(3), tier: "offPeak", utcOffsetMinutes: -300),
        Case(description: "UTC−5: Monday 12:00Z is Monday 07:00 local", intervalStartMs: PricingFixtures.utc(12), tier: "shoulder", utcOffsetMinutes: -300),
        Case(description: "UTC−5: Saturday 02:00Z is Friday 21:00 local", intervalStartMs: PricingFixtures.utc(days: 5, 2), tier: "offPeak", utcOffsetMinutes: -300),
        Case(description: "UTC−5: Saturday 01:45Z is Friday 20:45 local", intervalStartMs: PricingFixtures.utc(days: 5, 1, 45), tier: "peak", utcOffsetMinutes: -300),
        Case(description: "UTC+5:45: Monday 11:15Z is 17:00 local", intervalStartMs: PricingFixtures.utc(11, 15), tier: "peak", utcOffsetMinutes: 345),
        Case(description: "UTC+5:45: Monday 11:00Z is 16:45 local", intervalStartMs: PricingFixtures.utc(11), tier: "shoulder", utcOffsetMinutes: 345),
    ]

    @Test("an interval belongs to the tier of its local start", arguments: cases)
    func tierOfInterval(_ c: Case) throws {
        let schedule = try PricingFixtures.schedule(utcOffsetMinutes: c.utcOffsetMinutes)
        #expect(schedule.tier(forIntervalStartMs: c.intervalStartMs).name == c.tier)
    }

    @Test("any time inside a quarter hour gives that quarter's tier; the next quarter may differ")
    func insideQuarter() throws {
        let schedule = try PricingFixtures.schedule()
        #expect(schedule.tier(forIntervalStartMs: PricingFixtures.utc(15, 59) + 59_999).name == "shoulder")
        #expect(schedule.tier(forIntervalStartMs: PricingFixtures.utc(16)).name == "peak")
    }

    @Test("day types from the calendar; a holiday is a Sunday; without the holiday it is a workday")
    func dayTypes() throws {
        let schedule = try PricingFixtures.schedule()
        let monday = LocalCalendar.day(parsing: "2027-01-04")!
        #expect((0..<7).map { schedule.dayType(ofLocalDay: monday + $0) }
                == [.workday, .workday, .sunday, .workday, .workday, .saturday, .sunday])
        let plain = try PricingFixtures.schedule(holidays: nil)
        #expect(plain.dayType(ofLocalDay: monday + 2) == .workday)
        #expect(plain.tier(forIntervalStartMs: PricingFixtures.utc(days: 2, 16)).name == "peak")
    }

    @Test("times before 1970 and west of UTC floor to the right local day")
    func negativeTimes() throws {
        let schedule = try PricingFixtures.schedule(utcOffsetMinutes: -60, holidays: nil)
        // 1970-01-01T00:30Z is Wednesday 1969-12-31 23:30 local: a workday night.
        let (day, quarter) = schedule.localDayAndQuarter(timeMs: 30 * 60_000)
        #expect(day == -1 && quarter == 94)
        #expect(schedule.dayType(ofLocalDay: day) == .workday)
        // 1969-12-27 was a Saturday: 12:00 local is shoulder.
        #expect(schedule.tier(forIntervalStartMs: -5 * PricingFixtures.dayMs + 13 * PricingFixtures.hourMs).name == "shoulder")
    }

    @Test("the effective band is the tier's band within the zone's floor and cap; the tariff is the tier's")
    func effectiveBand() throws {
        let market = PricingFixtures.market()
        let zone = market.zones[0]
        let peak = PricingFixtures.utc(17), night = PricingFixtures.utc(2)
        // Peak: tier floor 0 (zone floor 10,000 wins), tier cap 1.8 (below the zone's 2.0).
        #expect(zone.priceBand(forIntervalStartMs: peak) == PriceBand(floorMicrosPerKWh: 10_000, capMicrosPerKWh: 1_800_000))
        // Off-peak: the tier's own floor and cap are the narrower ones.
        #expect(zone.priceBand(forIntervalStartMs: night) == PriceBand(floorMicrosPerKWh: 20_000, capMicrosPerKWh: 1_000_000))
        #expect(zone.gridTariffMicrosPerKWh(forIntervalStartMs: peak) == 400_000)
        let rules = zone.priceRules(forIntervalStartMs: night)
        #expect(rules.tickMicrosPerKWh == 100 && rules.bandMinMicrosPerKWh == -500_000 && rules.bandMaxMicrosPerKWh == 3_000_000)
        #expect(rules.capMicrosPerKWh == 1_000_000 && rules.floorMicrosPerKWh == 20_000)
        // A zone without tiers keeps its static floor and cap exactly.
        let plain = market.zones[1]
        #expect(plain.timeOfUse == nil && plain.tier(forIntervalStartMs: peak) == nil)
        #expect(plain.priceRules(forIntervalStartMs: peak) == TestMarket.priceRules)
        #expect(plain.priceBand(forIntervalStartMs: night) == TestMarket.priceRules.band)
        #expect(plain.gridTariffMicrosPerKWh(forIntervalStartMs: night) == nil)
    }

    @Test("every day type and quarter hour can be listed")
    func listing() throws {
        let schedule = try PricingFixtures.schedule()
        #expect(schedule.tier(dayType: .workday, minuteOfDay: 1019).name == "shoulder")
        #expect(schedule.tier(dayType: .workday, minuteOfDay: 1020).name == "peak")
        #expect(schedule.tier(dayType: .saturday, minuteOfDay: 540).name == "shoulder")
        #expect(schedule.tier(dayType: .sunday, minuteOfDay: 1439).name == "offPeak")
    }
}

@Suite("Local calendar arithmetic")
struct LocalCalendarTests {
    @Test("civil dates to days since 1970, checked against known instants")
    func days() {
        #expect(LocalCalendar.day(parsing: "1970-01-01") == 0)
        #expect(LocalCalendar.day(parsing: "2027-01-01") == Int64(1_798_761_600_000) / 86_400_000)
        #expect(LocalCalendar.day(parsing: "2027-01-04")! * 86_400_000 == PricingFixtures.mondayMs)
        #expect(LocalCalendar.day(parsing: "2000-03-01")! - LocalCalendar.day(parsing: "2000-02-28")! == 2)
        #expect(LocalCalendar.day(parsing: "2100-03-01")! - LocalCalendar.day(parsing: "2100-02-28")! == 1)
        #expect(LocalCalendar.weekday(ofDay: 0) == 3)  // Thursday
        #expect(LocalCalendar.weekday(ofDay: -1) == 2)
        #expect(LocalCalendar.weekday(ofDay: LocalCalendar.day(parsing: "2027-01-04")!) == 0)
    }

    @Test("malformed or impossible dates are refused", arguments: ["2027-02-29", "2027-13-01", "2027-00-10", "2027-1-01",
                                                                   "27-01-01", "2027/01/01", "1969-12-31", "2027-04-31", "２０２７-01-01"])
    func refused(_ text: String) {
        #expect(LocalCalendar.day(parsing: text) == nil)
    }

    @Test("leap days parse")
    func leap() {
        #expect(LocalCalendar.day(parsing: "2028-02-29") != nil)
        #expect(LocalCalendar.day(parsing: "2000-02-29") != nil)
    }
}
