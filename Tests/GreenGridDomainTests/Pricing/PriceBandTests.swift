import GreenGridDomain
import Testing

/// The band's innermost ticks, which auctions start and end on.
@Suite struct PriceBandTests {
    struct Case: Sendable, CustomStringConvertible {
        var floor: Int64, cap: Int64, tick: Int64
        var expected: (floor: Int64, cap: Int64)?
        var description: String { "\(floor)...\(cap) on \(tick)" }
    }

    static let cases: [Case] = [
        Case(floor: 10_000, cap: 1_500_000, tick: 100, expected: (10_000, 1_500_000)),
        Case(floor: 150_050, cap: 1_200_099, tick: 100, expected: (150_100, 1_200_000)),
        Case(floor: -150_050, cap: -99, tick: 100, expected: (-150_000, -100)),
        Case(floor: -50, cap: 50, tick: 100, expected: (0, 0)),
        Case(floor: 101, cap: 199, tick: 100, expected: nil),
    ]

    @Test("floor rounded up, cap rounded down, negative prices included; nil without a tick inside", arguments: cases)
    func onTicks(_ c: Case) {
        let band = PriceBand(floorMicrosPerKWh: c.floor, capMicrosPerKWh: c.cap).onTicks(c.tick)
        #expect(band?.floorMicrosPerKWh == c.expected?.floor && band?.capMicrosPerKWh == c.expected?.cap)
    }
}
