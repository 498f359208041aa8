import Testing

@testable import GreenGridCLIKit

@Suite struct IntervalSpecTests {
    /// 2025-06-01T12:07:30Z: inside the 12:00 interval.
    static let now: Int64 = 1_748_779_650_000

    @Test(arguments: [
        ("next", "2025-06-01T12:15:00Z"), ("+1", "2025-06-01T12:15:00Z"), ("+0", "2025-06-01T12:00:00Z"), ("+4", "2025-06-01T13:00:00Z"),
        ("+96", "2025-06-02T12:00:00Z"), ("2025-06-03T08:45:00Z", "2025-06-03T08:45:00Z"),
    ])
    func intervalsResolveAgainstTheClock(text: String, start: String) throws {
        #expect(UTCTime.format(ms: try IntervalSpec(text).startMs(nowMs: Self.now)) == start)
    }

    @Test(arguments: ["+", "+x", "-1", "+1.5", "later", "2025-06-03T08:45:00"])
    func badIntervalsAreRefused(text: String) {
        #expect(throws: UsageError.self) { try IntervalSpec(text) }
    }
}
