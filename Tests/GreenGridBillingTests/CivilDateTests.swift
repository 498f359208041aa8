import GreenGridBilling
import Testing

/// Months and days come from integer arithmetic only; a slip here moves a trade onto the wrong statement,
/// so the conversion is pinned by a table of known dates and swept for round trips.
@Suite("Civil dates from Unix time")
struct CivilDateTests {
    struct DateCase: Sendable, CustomTestStringConvertible {
        var year: Int64, month: Int64, day: Int64
        var daysSinceEpoch: Int64
        var testDescription: String { "\(CivilDate(year: year, month: month, day: day)) = day \(daysSinceEpoch)" }
    }

    // Expected day numbers from Python's datetime.date, an independent implementation.
    @Test("Known dates convert both ways", arguments: [
        DateCase(year: 1970, month: 1, day: 1, daysSinceEpoch: 0),
        DateCase(year: 1969, month: 12, day: 31, daysSinceEpoch: -1),
        DateCase(year: 2000, month: 2, day: 29, daysSinceEpoch: 11_016),  // divisible by 400: leap
        DateCase(year: 2000, month: 3, day: 1, daysSinceEpoch: 11_017),
        DateCase(year: 1900, month: 2, day: 28, daysSinceEpoch: -25_509),  // divisible by 100: not leap
        DateCase(year: 1900, month: 3, day: 1, daysSinceEpoch: -25_508),
        DateCase(year: 2024, month: 2, day: 29, daysSinceEpoch: 19_782),
        DateCase(year: 2026, month: 12, day: 31, daysSinceEpoch: 20_818),
        DateCase(year: 2027, month: 1, day: 1, daysSinceEpoch: 20_819),
        DateCase(year: 2027, month: 1, day: 31, daysSinceEpoch: 20_849),
        DateCase(year: 2027, month: 2, day: 1, daysSinceEpoch: 20_850),
        DateCase(year: 2100, month: 2, day: 28, daysSinceEpoch: 47_540),
        DateCase(year: 2100, month: 3, day: 1, daysSinceEpoch: 47_541),
        DateCase(year: 1600, month: 2, day: 29, daysSinceEpoch: -135_081),
        DateCase(year: 1, month: 1, day: 1, daysSinceEpoch: -719_162),
        DateCase(year: 9999, month: 12, day: 31, daysSinceEpoch: 2_932_896),
    ])
    func knownDates(_ c: DateCase) {
        let date = CivilDate(year: c.year, month: c.month, day: c.day)
        #expect(date.daysSinceEpoch == c.daysSinceEpoch)
        #expect(CivilDate(daysSinceEpoch: c.daysSinceEpoch) == date)
    }

    @Test("Every day from year 1 to 9999 round-trips and follows the one before")
    func sweep() {
        var previous = CivilDate(daysSinceEpoch: -719_163)
        #expect(previous == CivilDate(year: 0, month: 12, day: 31))
        for day in Int64(-719_162)...2_932_896 {
            let date = CivilDate(daysSinceEpoch: day)
            if date.daysSinceEpoch != day { Issue.record("day \(day) → \(date) → \(date.daysSinceEpoch)"); return }
            let continues = date.day == previous.day + 1 && date.month == previous.month && date.year == previous.year
            let newMonth = date.day == 1 && previous.day == CivilDate.daysInMonth(year: previous.year, month: previous.month)
                && (date.month == previous.month + 1 && date.year == previous.year
                    || date.month == 1 && previous.month == 12 && date.year == previous.year + 1)
            if !(continues || newMonth) { Issue.record("\(previous) is followed by \(date)"); return }
            previous = date
        }
    }

    @Test("Unix ms floor to their UTC day, before 1970 too", arguments: [
        (Int64(0), Int64(0)), (86_399_999, 0), (86_400_000, 1), (-1, -1), (-86_400_000, -1), (-86_400_001, -2),
        (1_800_000_000_000, 20_833),  // 2027-01-15T08:00:00Z
    ])
    func dayOfUnixMs(_ unixMs: Int64, _ day: Int64) {
        #expect(CivilDate.dayNumber(ofUnixMs: unixMs) == day)
    }

    @Test("Timestamps print as ISO 8601 UTC", arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (1_800_000_000_000, "2027-01-15T08:00:00Z"),
        (1_798_761_600_000, "2027-01-01T00:00:00Z"),
        (951_868_799_999, "2000-02-29T23:59:59Z"),
    ] as [(Int64, String)])
    func timestamps(_ unixMs: Int64, _ text: String) {
        #expect(BillingText.timestamp(unixMs) == text)
    }

    struct MonthCase: Sendable, CustomTestStringConvertible {
        var year: Int64, month: Int64
        var dayCount: Int64
        var startUnixMs: Int64
        var testDescription: String { "\(year)-\(month): \(dayCount) days from \(startUnixMs)" }
    }

    @Test("Month bounds are half-open and the next month starts where this one ends", arguments: [
        MonthCase(year: 1970, month: 1, dayCount: 31, startUnixMs: 0),
        MonthCase(year: 2027, month: 1, dayCount: 31, startUnixMs: 1_798_761_600_000),
        MonthCase(year: 2026, month: 12, dayCount: 31, startUnixMs: 1_796_083_200_000),
        MonthCase(year: 2024, month: 2, dayCount: 29, startUnixMs: 1_706_745_600_000),
        MonthCase(year: 2023, month: 2, dayCount: 28, startUnixMs: 1_675_209_600_000),
        MonthCase(year: 2000, month: 2, dayCount: 29, startUnixMs: 949_363_200_000),
        MonthCase(year: 2100, month: 2, dayCount: 28, startUnixMs: 4_105_123_200_000),
        MonthCase(year: 2027, month: 4, dayCount: 30, startUnixMs: 1_806_537_600_000),
    ])
    func monthBounds(_ c: MonthCase) throws {
        let month = try BillingMonth(year: c.year, month: c.month)
        #expect(month.dayCount == c.dayCount)
        #expect(month.startUnixMs == c.startUnixMs)
        #expect(month.endUnixMs == c.startUnixMs + c.dayCount * 86_400_000)
        #expect(month.contains(unixMs: month.startUnixMs))
        #expect(!month.contains(unixMs: month.startUnixMs - 1))
        #expect(month.contains(unixMs: month.endUnixMs - 1))
        #expect(!month.contains(unixMs: month.endUnixMs))
        #expect(month.dayOfMonth(unixMs: month.endUnixMs - 1) == Int(c.dayCount))
        let next = try BillingMonth(containing: month.endUnixMs)
        #expect(next.startUnixMs == month.endUnixMs)
        #expect(next > month)
        #expect(try BillingMonth(containing: month.endUnixMs - 1) == month)
    }

    @Test("Months outside 1...12 are refused", arguments: [Int64(0), 13, -1])
    func invalidMonth(_ month: Int64) {
        #expect(throws: StatementError.invalidMonth(year: 2027, month: month)) { try BillingMonth(year: 2027, month: month) }
    }
}
