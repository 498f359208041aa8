import GreenGridDomain
import Testing

/// The settlement clock's rule: a first run a delay after the interval ends, one more after the
/// meter-data deadline, each once.
@Suite struct SettlementScheduleTests {
    static let interval: Int64 = 1_798_776_000_000
    static let endMs: Int64 = interval + DeliveryInterval.lengthMs

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Milliseconds after the interval's end at which the clock looks, and what it should do.
        var afterEndMs: [Int64]
        var expected: [SettlementSchedule.Step?]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nothing before the delay, each run once",
             afterEndMs: [59_999, 60_000, 60_001, 1_799_999, 1_800_000, 9_999_999],
             expected: [nil, .firstRun, nil, nil, .deadlineRun, nil]),
        Case(name: "a clock that first looks after the deadline runs first, then the deadline run",
             afterEndMs: [5_000_000, 5_000_000, 5_000_001],
             expected: [.firstRun, .deadlineRun, nil]),
    ]

    @Test("first run after the delay, deadline run after the deadline, each once", arguments: cases)
    func steps(_ c: Case) {
        var schedule = SettlementSchedule(firstRunDelayMs: 60_000, meterDataDeadlineMs: 1_800_000)
        var seen: [SettlementSchedule.Step?] = []
        for offset in c.afterEndMs { seen.append(schedule.due(intervalStartMs: Self.interval, nowMs: Self.endMs + offset)) }
        #expect(seen == c.expected)
    }
}
