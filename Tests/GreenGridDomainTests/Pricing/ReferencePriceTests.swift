import GreenGridDomain
import Testing

/// Hand-made books and trades for the three strategies. Tick 100 µ/kWh; band 10,000…2,000,000
/// unless a case says otherwise; "now" is 10,000,000 ms.
@Suite("Reference price strategies")
struct ReferencePriceTests {
    static let nowMs: Int64 = 10_000_000
    static let band = PriceBand(floorMicrosPerKWh: 10_000, capMicrosPerKWh: 2_000_000)

    struct Book: Sendable {
        var bids: [(Int64, Int64)] = []
        var asks: [(Int64, Int64)] = []
        var trades: [(price: Int64, wh: Int64, ageMs: Int64)] = []
        var band = ReferencePriceTests.band
        var tariff: Int64? = nil
        var production: Int64? = nil
        var load: Int64? = nil

        var inputs: ReferencePriceInputs {
            ReferencePriceInputs(
                intervalStartMs: 20_000_000, nowMs: ReferencePriceTests.nowMs, tickMicrosPerKWh: 100, band: band,
                gridTariffMicrosPerKWh: tariff,
                trades: trades.map { TradePoint(priceMicrosPerKWh: $0.price, quantityWh: $0.wh, timestampMs: ReferencePriceTests.nowMs - $0.ageMs) },
                bids: bids.map { LevelPoint(priceMicrosPerKWh: $0.0, quantityWh: $0.1) },
                asks: asks.map { LevelPoint(priceMicrosPerKWh: $0.0, quantityWh: $0.1) },
                forecastProductionWh: production, forecastLoadWh: load)
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var book: Book
        /// nil: no reference price.
        var price: Int64?
        var basis: ReferencePrice.Basis? = nil
        var fallback: ReferencePrice.Fallback = .none
        var tradeCount: Int = 0
        var quantityWh: Int64 = 0
    }

    static func check(_ c: Case, _ strategy: any ReferencePriceStrategy, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = strategy.referencePrice(c.book.inputs)
        guard let expected = c.price else {
            #expect(result == nil, "\(c.description)", sourceLocation: sourceLocation)
            return
        }
        guard let result else {
            Issue.record("\(c.description): no price", sourceLocation: sourceLocation)
            return
        }
        #expect(result.priceMicrosPerKWh == expected, "\(c.description)", sourceLocation: sourceLocation)
        #expect(result.strategy == strategy.kind, sourceLocation: sourceLocation)
        if let basis = c.basis { #expect(result.basis == basis, "\(c.description)", sourceLocation: sourceLocation) }
        #expect(result.fallback == c.fallback, "\(c.description)", sourceLocation: sourceLocation)
        #expect(result.tradeCount == c.tradeCount, "\(c.description)", sourceLocation: sourceLocation)
        #expect(result.quantityWh == c.quantityWh, "\(c.description)", sourceLocation: sourceLocation)
    }

    // MARK: Trade-based

    static let negativeBand = PriceBand(floorMicrosPerKWh: -500_000, capMicrosPerKWh: 2_000_000)

    static let tradeCases: [Case] = [
        Case(description: "no trades: no price", book: Book(), price: nil),
        Case(description: "one trade", book: Book(trades: [(250_000, 1_000, 60_000)]), price: 250_000,
             basis: .volumeWeightedTrades, tradeCount: 1, quantityWh: 1_000),
        Case(description: "volume-weighted, not a plain mean",
             book: Book(trades: [(200_000, 1_000, 60_000), (300_000, 3_000, 120_000)]), price: 275_000,
             basis: .volumeWeightedTrades, tradeCount: 2, quantityWh: 4_000),
        Case(description: "an exact half tick rounds up", book: Book(trades: [(100_000, 1, 0), (100_100, 1, 0)]), price: 100_100,
             basis: .volumeWeightedTrades, tradeCount: 2, quantityWh: 2),
        Case(description: "below half a tick rounds down", book: Book(trades: [(100_000, 3, 0), (100_100, 1, 0)]), price: 100_000,
             basis: .volumeWeightedTrades, tradeCount: 2, quantityWh: 4),
        Case(description: "above half a tick rounds up", book: Book(trades: [(100_000, 1, 0), (100_100, 3, 0)]), price: 100_100,
             basis: .volumeWeightedTrades, tradeCount: 2, quantityWh: 4),
        Case(description: "a negative half tick rounds up (toward +∞)",
             book: Book(trades: [(-100, 1, 0), (0, 1, 0)], band: negativeBand), price: 0,
             basis: .volumeWeightedTrades, tradeCount: 2, quantityWh: 2),
        Case(description: "negative, below half rounds down",
             book: Book(trades: [(-100, 3, 0), (0, 1, 0)], band: negativeBand), price: -100,
             basis: .volumeWeightedTrades, tradeCount: 2, quantityWh: 4),
        Case(description: "only trades in (now − 1 h, now]: the one at exactly now − 1 h and a future one are out",
             book: Book(trades: [(900_000, 1_000, 3_600_000), (500_000, 1_000, -1), (200_000, 500, 3_599_999), (300_000, 500, 0)]),
             price: 250_000, basis: .volumeWeightedTrades, tradeCount: 2, quantityWh: 1_000),
        Case(description: "only old trades: no price", book: Book(trades: [(200_000, 500, 7_200_000)]), price: nil),
        Case(description: "a price above the band is clamped to the cap's tick",
             book: Book(trades: [(2_500_000, 10, 0)], band: PriceBand(floorMicrosPerKWh: 10_000, capMicrosPerKWh: 1_999_950)),
             price: 1_999_900, basis: .volumeWeightedTrades, tradeCount: 1, quantityWh: 10),
        Case(description: "a price below the band is clamped to the floor's tick",
             book: Book(trades: [(100, 10, 0)], band: PriceBand(floorMicrosPerKWh: 10_050, capMicrosPerKWh: 2_000_000)),
             price: 10_100, basis: .volumeWeightedTrades, tradeCount: 1, quantityWh: 10),
        Case(description: "large trades do not overflow (128-bit sums)",
             book: Book(trades: Array(repeating: (price: 1_000_000_000, wh: 1_000_000_000, ageMs: 0), count: 9)
                                + [(price: 999_999_000, wh: 1_000_000_000, ageMs: 0)],
                        band: PriceBand(floorMicrosPerKWh: 0, capMicrosPerKWh: 1_000_000_000)),
             price: 999_999_900, basis: .volumeWeightedTrades, tradeCount: 10, quantityWh: 10_000_000_000),
    ]

    @Test("trade-based: volume-weighted average of the last hour's trades", arguments: tradeCases)
    func tradeBased(_ c: Case) { Self.check(c, TradeBasedReferencePrice()) }

    @Test("trade-based: the window is configurable")
    func tradeWindow() {
        let book = Book(trades: [(200_000, 1_000, 60_000), (400_000, 1_000, 600_000)])
        #expect(TradeBasedReferencePrice(windowMs: 300_000).referencePrice(book.inputs)?.priceMicrosPerKWh == 200_000)
        #expect(TradeBasedReferencePrice(windowMs: 900_000).referencePrice(book.inputs)?.priceMicrosPerKWh == 300_000)
    }

    // MARK: Book-based

    static let bookCases: [Case] = [
        Case(description: "mid of best bid and ask", book: Book(bids: [(200_000, 10), (190_000, 5)], asks: [(300_000, 10), (310_000, 1)]),
             price: 250_000, basis: .midpoint),
        Case(description: "a mid on a half tick rounds up", book: Book(bids: [(200_000, 10)], asks: [(200_100, 10)]),
             price: 200_100, basis: .midpoint),
        Case(description: "a locked book (bid = ask) is its price", book: Book(bids: [(200_000, 10)], asks: [(200_000, 10)]),
             price: 200_000, basis: .midpoint),
        Case(description: "a crossed book falls back to the last trade",
             book: Book(bids: [(300_000, 10)], asks: [(200_000, 10)], trades: [(240_000, 7, 60_000)]),
             price: 240_000, basis: .lastTrade, fallback: .bookCrossed, tradeCount: 1, quantityWh: 7),
        Case(description: "a crossed book without trades: no price", book: Book(bids: [(300_000, 10)], asks: [(200_000, 10)]), price: nil),
        Case(description: "a one-sided book (bids only) takes the last trade",
             book: Book(bids: [(200_000, 10)], trades: [(230_000, 4, 60_000)]),
             price: 230_000, basis: .lastTrade, fallback: .askSideEmpty, tradeCount: 1, quantityWh: 4),
        Case(description: "bids only, no trade: the best bid", book: Book(bids: [(200_000, 10), (100_000, 10)]),
             price: 200_000, basis: .bestBid, fallback: .askSideEmpty),
        Case(description: "asks only, no trade: the best ask", book: Book(asks: [(300_000, 10), (400_000, 10)]),
             price: 300_000, basis: .bestAsk, fallback: .bidSideEmpty),
        Case(description: "asks only, the last trade outside the band: the best ask",
             book: Book(asks: [(300_000, 10)], trades: [(2_500_000, 4, 60_000)]),
             price: 300_000, basis: .bestAsk, fallback: .bidSideEmpty),
        Case(description: "asks only, the last trade older than the window: the best ask",
             book: Book(asks: [(300_000, 10)], trades: [(250_000, 4, 3_600_000)]),
             price: 300_000, basis: .bestAsk, fallback: .bidSideEmpty),
        Case(description: "an empty book takes the last trade", book: Book(trades: [(210_000, 2, 600_000), (220_000, 3, 60_000)]),
             price: 220_000, basis: .lastTrade, fallback: .bookEmpty, tradeCount: 1, quantityWh: 3),
        Case(description: "the last trade is the latest; on a tie, the later in the list",
             book: Book(trades: [(220_000, 3, 60_000), (230_000, 1, 60_000), (260_000, 9, 120_000)]),
             price: 230_000, basis: .lastTrade, fallback: .bookEmpty, tradeCount: 1, quantityWh: 1),
        Case(description: "an empty book without trades: no price", book: Book(), price: nil),
    ]

    @Test("book-based: the mid, with fallbacks", arguments: bookCases)
    func bookBased(_ c: Case) { Self.check(c, BookBasedReferencePrice()) }

    static let spreadCases: [Case] = [
        Case(description: "a spread at the limit is trusted", book: Book(bids: [(200_000, 10)], asks: [(250_000, 10)]),
             price: 225_000, basis: .midpoint),
        Case(description: "a wider spread falls back to the last trade",
             book: Book(bids: [(200_000, 10)], asks: [(250_100, 10)], trades: [(210_000, 5, 1_000)]),
             price: 210_000, basis: .lastTrade, fallback: .spreadTooWide, tradeCount: 1, quantityWh: 5),
        Case(description: "a wider spread without trades: no price", book: Book(bids: [(100_000, 10)], asks: [(900_000, 10)]), price: nil),
    ]

    @Test("book-based: a spread wider than the maximum is not trusted", arguments: spreadCases)
    func bookBasedSpread(_ c: Case) { Self.check(c, BookBasedReferencePrice(spreadMaxMicrosPerKWh: 50_000)) }

    // MARK: Supply and demand

    struct CurveCase: Sendable, CustomStringConvertible {
        var description: String
        var book: Book
        var price: Int64?
        var basis: ReferencePrice.Basis = .clearing
        var matchedWh: Int64 = 0
        var supplyWh: Int64 = 0
        var demandWh: Int64 = 0
    }

    static let curveCases: [CurveCase] = [
        CurveCase(description: "neither orders nor forecasts: no price", book: Book(), price: nil),
        CurveCase(description: "balanced: the midpoint of the whole overlapping range",
                  book: Book(bids: [(200_000, 10)], asks: [(100_000, 10)]), price: 150_000, matchedWh: 10, supplyWh: 10, demandWh: 10),
        CurveCase(description: "the second ask clears against the deeper demand",
                  book: Book(bids: [(200_000, 15), (120_000, 5)], asks: [(100_000, 10), (150_000, 10)]),
                  price: 175_000, matchedWh: 15, supplyWh: 20, demandWh: 20),
        CurveCase(description: "demand between two asks: the range runs from the first ask to the bid",
                  book: Book(bids: [(150_000, 15)], asks: [(100_000, 10), (200_000, 10)]),
                  price: 125_000, matchedWh: 10, supplyWh: 20, demandWh: 15),
        CurveCase(description: "the tie midpoint on a half tick rounds up",
                  book: Book(bids: [(100_100, 10)], asks: [(100_000, 10)]), price: 100_100, matchedWh: 10, supplyWh: 10, demandWh: 10),
        CurveCase(description: "curves that do not cross: the mid of the gap",
                  book: Book(bids: [(200_000, 10)], asks: [(300_000, 10)]), price: 250_000, basis: .noCrossing, supplyWh: 10, demandWh: 10),
        CurveCase(description: "supply only: the lowest offer", book: Book(asks: [(300_000, 10), (350_000, 5)]),
                  price: 300_000, basis: .supplyOnly, supplyWh: 15),
        CurveCase(description: "demand only: the highest bid", book: Book(bids: [(300_000, 10), (250_000, 5)]),
                  price: 300_000, basis: .demandOnly, demandWh: 15),
        CurveCase(description: "forecasts only: production at the floor against load at the tariff",
                  book: Book(tariff: 400_000, production: 1_000, load: 500), price: 205_000, matchedWh: 500, supplyWh: 1_000, demandWh: 500),
        CurveCase(description: "production already offered adds nothing; load without a tariff bids at the cap",
                  book: Book(asks: [(200_000, 1_000)], production: 800, load: 600),
                  price: 1_100_000, matchedWh: 600, supplyWh: 1_000, demandWh: 600),
        CurveCase(description: "a tariff above the cap bids at the cap",
                  book: Book(asks: [(200_000, 1_000)], tariff: 3_000_000, load: 600),
                  price: 1_100_000, matchedWh: 600, supplyWh: 1_000, demandWh: 600),
        CurveCase(description: "surplus: unoffered production at the floor pulls the price down",
                  book: Book(bids: [(180_000, 3_000)], asks: [(150_000, 5_000)], production: 10_000),
                  price: 95_000, matchedWh: 3_000, supplyWh: 10_000, demandWh: 3_000),
        CurveCase(description: "deficit: unbid load at the tariff pushes the price up",
                  book: Book(bids: [(180_000, 1_000)], asks: [(150_000, 1_000), (250_000, 3_000)], tariff: 400_000, load: 4_000),
                  price: 325_000, matchedWh: 3_000, supplyWh: 4_000, demandWh: 4_000),
        CurveCase(description: "a flat stretch of min(S, D): the whole stretch's midpoint",
                  book: Book(bids: [(180_000, 1_000)], asks: [(150_000, 2_000), (250_000, 2_000)], tariff: 400_000, load: 3_000),
                  price: 275_000, matchedWh: 2_000, supplyWh: 4_000, demandWh: 3_000),
        CurveCase(description: "forecast production alone: the floor", book: Book(production: 500),
                  price: 10_000, basis: .supplyOnly, supplyWh: 500),
    ]

    @Test("supply/demand: where cumulative supply meets cumulative demand", arguments: curveCases)
    func supplyDemand(_ c: CurveCase) {
        let result = SupplyDemandReferencePrice().referencePrice(c.book.inputs)
        guard let expected = c.price else {
            #expect(result == nil)
            return
        }
        #expect(result == ReferencePrice(priceMicrosPerKWh: expected, strategy: .supplyDemand, basis: c.basis,
                                         quantityWh: c.matchedWh, supplyWh: c.supplyWh, demandWh: c.demandWh))
    }

    // MARK: Rounding and configuration

    @Test("rounding: to the nearest tick, halves toward +∞, then into the band")
    func rounding() {
        #expect(ReferencePriceRounding.nearestTick(numerator: 149, denominator: 1, tickMicrosPerKWh: 100) == 100)
        #expect(ReferencePriceRounding.nearestTick(numerator: 150, denominator: 1, tickMicrosPerKWh: 100) == 200)
        #expect(ReferencePriceRounding.nearestTick(numerator: -150, denominator: 1, tickMicrosPerKWh: 100) == -100)
        #expect(ReferencePriceRounding.nearestTick(numerator: -151, denominator: 1, tickMicrosPerKWh: 100) == -200)
        #expect(ReferencePriceRounding.nearestTick(numerator: 7, denominator: 2, tickMicrosPerKWh: 1) == 4)
        #expect(ReferencePriceRounding.clamp(5, into: PriceBand(floorMicrosPerKWh: 10, capMicrosPerKWh: 20), tickMicrosPerKWh: 100) == 10,
                "no tick inside the band: the band's edge")
        #expect(ReferencePriceRounding.clamp(-250, into: PriceBand(floorMicrosPerKWh: -150, capMicrosPerKWh: 0), tickMicrosPerKWh: 100) == -100)
    }

    @Test("the configuration builds the strategy it names")
    func configurationBuildsStrategy() {
        let book = ReferencePriceConfig(strategy: .bookBased, windowMs: 120_000, spreadMaxMicrosPerKWh: 7_000).makeStrategy()
        #expect((book as? BookBasedReferencePrice)?.spreadMaxMicrosPerKWh == 7_000)
        #expect((book as? BookBasedReferencePrice)?.windowMs == 120_000)
        #expect((ReferencePriceConfig.default.makeStrategy() as? TradeBasedReferencePrice)?.windowMs == 3_600_000)
        #expect(ReferencePriceConfig(strategy: .supplyDemand).makeStrategy() is SupplyDemandReferencePrice)
        #expect(ReferencePriceConfig.Strategy.allCases.map(\.code) == [1, 2, 3])
    }

    @Test("a bounded trade list drops the oldest; trade events become trade points")
    func recentTrades() {
        var recent = RecentTrades(capacity: 2)
        for i in 1...3 { recent.record(TradePoint(priceMicrosPerKWh: Int64(i) * 100, quantityWh: 1, timestampMs: Int64(i))) }
        #expect(recent.trades.map(\.priceMicrosPerKWh) == [200, 300])
        let recorded = recent.record(Event(zone: 0, sequence: 1, commandSequence: 1, timestampMs: 5, kind: .zoneStatus(.halted)))
        #expect(!recorded)
        #expect(recent.trades.count == 2)
    }
}
