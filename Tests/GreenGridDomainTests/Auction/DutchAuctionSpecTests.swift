import GreenGridDomain
import Testing

@Suite("Dutch auction spec: each rule refused with a precise error")
struct DutchAuctionSpecTests {
    typealias F = AuctionFixture

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var change: @Sendable (inout DutchAuctionSpec) -> Void
        var nowMs: Int64 = AuctionFixture.startedAtMs
        var error: DutchAuctionSpecError
    }

    static let band = PriceBand(floorMicrosPerKWh: 0, capMicrosPerKWh: 3_000_000)

    static let cases: [Case] = [
        Case(description: "no quantity", change: { $0.quantityWh = 0 }, error: .quantityNotPositive(quantityWh: 0)),
        Case(description: "negative quantity", change: { $0.quantityWh = -5 }, error: .quantityNotPositive(quantityWh: -5)),
        Case(description: "quantity above the zone's maximum", change: { $0.quantityWh = 1_000_001 },
             error: .quantityAboveMax(quantityWh: 1_000_001, quantityWhMax: 1_000_000)),
        Case(description: "zero step", change: { $0.stepMicrosPerKWh = 0 }, error: .stepNotPositive(stepMicrosPerKWh: 0)),
        Case(description: "floor above start", change: { $0.floorPriceMicrosPerKWh = 1_100_000 },
             error: .floorAboveStart(floorMicrosPerKWh: 1_100_000, startMicrosPerKWh: 1_000_000)),
        Case(description: "start off the tick", change: { $0.startPriceMicrosPerKWh = 1_000_500 },
             error: .priceOffTick(.start, priceMicrosPerKWh: 1_000_500, tickMicrosPerKWh: 1_000)),
        Case(description: "floor off the tick", change: { $0.floorPriceMicrosPerKWh = 600_001 },
             error: .priceOffTick(.floor, priceMicrosPerKWh: 600_001, tickMicrosPerKWh: 1_000)),
        Case(description: "step off the tick", change: { $0.stepMicrosPerKWh = 99_999 },
             error: .priceOffTick(.step, priceMicrosPerKWh: 99_999, tickMicrosPerKWh: 1_000)),
        Case(description: "start above the band", change: { $0.startPriceMicrosPerKWh = 3_001_000 },
             error: .priceOutsideBand(.start, priceMicrosPerKWh: 3_001_000, band: band)),
        Case(description: "floor below the band", change: { $0.floorPriceMicrosPerKWh = -1_000 },
             error: .priceOutsideBand(.floor, priceMicrosPerKWh: -1_000, band: band)),
        Case(description: "too many steps",
             change: { $0.stepMicrosPerKWh = 1_000; $0.floorPriceMicrosPerKWh = 0; $0.startPriceMicrosPerKWh = 1_001_000 },
             error: .tooManySteps(steps: 1_001, stepsMax: 1_000)),
        Case(description: "step interval under a second", change: { $0.stepIntervalMs = 999 },
             error: .stepIntervalOutOfRange(stepIntervalMs: 999, minMs: 1_000, maxMs: 3_600_000)),
        Case(description: "step interval over an hour", change: { $0.stepIntervalMs = 3_600_001 },
             error: .stepIntervalOutOfRange(stepIntervalMs: 3_600_001, minMs: 1_000, maxMs: 3_600_000)),
        Case(description: "the interval has started", change: { _ in }, nowMs: AuctionFixture.intervalStartMs,
             error: .intervalStarted(intervalStartMs: AuctionFixture.intervalStartMs, nowMs: AuctionFixture.intervalStartMs)),
        Case(description: "the gate has closed", change: { _ in }, nowMs: AuctionFixture.gateClosureMs,
             error: .gateClosed(gateClosureMs: AuctionFixture.gateClosureMs, nowMs: AuctionFixture.gateClosureMs)),
    ]

    @Test("a broken spec is refused", arguments: cases)
    func refused(_ c: Case) {
        var spec = F.spec()
        c.change(&spec)
        #expect(throws: c.error) {
            try DutchAuction.start(spec, nowMs: c.nowMs, gateClosureMs: F.gateClosureMs, limits: F.limits)
        }
        #expect(!c.error.description.isEmpty)
    }

    @Test("the fixture and edge values pass")
    func accepted() throws {
        var spec = F.spec()
        try spec.validate(nowMs: F.gateClosureMs - 1, gateClosureMs: F.gateClosureMs, limits: F.limits)
        spec.stepMicrosPerKWh = 1_000
        spec.floorPriceMicrosPerKWh = 1_000  // 999 steps: under the limit of 1,000
        spec.stepIntervalMs = 1_000
        try spec.validate(nowMs: F.startedAtMs, gateClosureMs: F.gateClosureMs, limits: F.limits)
        spec.stepMicrosPerKWh = 300_000  // 0.999M in steps of 0.3M: the last step is short (floor wins)
        #expect(spec.stepsToFloor == 4)
        var auction = DutchAuction(validated: spec, startedAtMs: F.startedAtMs)
        let events = auction.tick(nowMs: F.startedAtMs + 4_000)
        #expect(events.last == .priceStepped(priceMicrosPerKWh: 1_000, remainingWh: 10_000, nextStepMs: F.startedAtMs + 5_000))
        #expect(auction.invariantViolation() == nil)
    }

    @Test("a huge price range is refused as too many steps, not an overflow")
    func overflowingRange() {
        let limits = DutchAuctionLimits(tickMicrosPerKWh: 1, band: PriceBand(floorMicrosPerKWh: .min, capMicrosPerKWh: .max),
                                        quantityWhMax: 1_000_000)
        var spec = F.spec()
        spec.startPriceMicrosPerKWh = .max
        spec.floorPriceMicrosPerKWh = .min
        #expect(throws: DutchAuctionSpecError.tooManySteps(steps: nil, stepsMax: 1_000)) {
            try spec.validate(nowMs: F.startedAtMs, gateClosureMs: F.gateClosureMs, limits: limits)
        }
    }
}
