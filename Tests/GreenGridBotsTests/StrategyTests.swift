import GreenGridBots
import GreenGridDomain
import Testing

/// Strategies on hand-made views: pure functions, so every expectation is exact.
@Suite("Bot strategies")
struct StrategyTests {
    static let rules = PriceRules(tickMicrosPerKWh: 100, bandMinMicrosPerKWh: 0, bandMaxMicrosPerKWh: 3_000_000,
                                  floorMicrosPerKWh: 10_000, capMicrosPerKWh: 1_500_000)
    /// 2027-01-01 12:00 UTC: the sun is up in the default profile.
    static let noonMs: Int64 = 1_798_761_600_000 + 12 * 3_600_000
    static let nightMs: Int64 = 1_798_761_600_000 + 1 * 3_600_000

    static func view(nowMs: Int64 = noonMs, books: [Int64: TopOfBook] = [:], last: [Int64: Int64] = [:],
                     filled: [QuoteKey: Int64] = [:]) -> MarketView {
        MarketView(nowMs: nowMs, zone: 0, priceRules: rules, window: TradingWindow(), books: books, lastTradeMicrosPerKWh: last,
                   filledWh: filled)
    }

    @Test("upcoming intervals skip the one closing next and are open, aligned and consecutive")
    func upcoming() {
        let view = Self.view()
        let intervals = view.upcomingIntervals(4)
        #expect(intervals.count == 4)
        #expect(intervals.allSatisfy { DeliveryInterval.isAligned($0) && view.window.isOpen(intervalStartMs: $0, nowMs: view.nowMs) })
        #expect(zip(intervals, intervals.dropFirst()).allSatisfy { $1 - $0 == DeliveryInterval.lengthMs })
        #expect(intervals[0] - Self.noonMs > view.window.gateClosureLeadMs + DeliveryInterval.lengthMs - 1)
    }

    struct ReferenceCase: Sendable {
        var top: TopOfBook
        var last: Int64?
        var expected: Int64
    }

    @Test("reference price: mid, then last trade, then one side against the hour's default, then the default", arguments: [
        ReferenceCase(top: TopOfBook(bidMicrosPerKWh: 200_000, askMicrosPerKWh: 210_000), last: nil, expected: 205_000),
        ReferenceCase(top: TopOfBook(bidMicrosPerKWh: 200_000, askMicrosPerKWh: 200_300), last: nil, expected: 200_100),
        ReferenceCase(top: TopOfBook(), last: 190_000, expected: 190_000),
        ReferenceCase(top: TopOfBook(bidMicrosPerKWh: 400_000), last: nil, expected: 400_000),
        ReferenceCase(top: TopOfBook(askMicrosPerKWh: 100_000), last: nil, expected: 100_000),
        ReferenceCase(top: TopOfBook(), last: nil, expected: 150_000),
    ])
    func reference(testCase: ReferenceCase) {
        let (top, last, expected) = (testCase.top, testCase.last, testCase.expected)
        let interval = Self.view().upcomingIntervals(1)[0]
        let view = Self.view(books: [interval: top], last: last.map { [interval: $0] } ?? [:])
        #expect(ReferencePrice().microsPerKWh(view, intervalStartMs: interval) == expected)
    }

    @Test("the market maker quotes both sides around the mid, on the tick, inside floor and cap")
    func marketMakerQuotes() {
        let intervals = Self.view().upcomingIntervals(4)
        let books = Dictionary(uniqueKeysWithValues: intervals.map { ($0, TopOfBook(bidMicrosPerKWh: 199_000, askMicrosPerKWh: 201_000)) })
        var parameters = MarketMaker.Parameters()
        parameters.halfSpreadTicks = 30
        let quotes = MarketMaker(parameters: parameters).quotes(Self.view(books: books))
        #expect(quotes.count == 8)
        for quote in quotes {
            #expect(quote.priceMicrosPerKWh == (quote.key.side == .buy ? 197_000 : 203_000))
            #expect(quote.quantityWh == parameters.quantityWh)
        }
    }

    @Test("inventory skews both quotes down after buying, and past the limit the buy side stops")
    func marketMakerInventory() {
        let maker = MarketMaker()
        let interval = Self.view().upcomingIntervals(1)[0]
        let books = [interval: TopOfBook(bidMicrosPerKWh: 199_000, askMicrosPerKWh: 201_000)]
        let flat = maker.quotes(Self.view(books: books)).filter { $0.key.intervalStartMs == interval }
        let long = maker.quotes(Self.view(books: books, filled: [QuoteKey(strategy: maker.name, intervalStartMs: interval, side: .buy): 10_000]))
            .filter { $0.key.intervalStartMs == interval }
        #expect(long.count == 2)
        for side in [Side.buy, .sell] {
            let before = flat.first { $0.key.side == side }!.priceMicrosPerKWh
            let after = long.first { $0.key.side == side }!.priceMicrosPerKWh
            #expect(after == before - 10 * maker.parameters.skewTicksPerKWh * Self.rules.tickMicrosPerKWh)
        }
        let full = maker.quotes(Self.view(books: books, filled: [QuoteKey(strategy: maker.name, intervalStartMs: interval, side: .buy): 25_000]))
        #expect(full.allSatisfy { $0.key.side == .sell })
        #expect(maker.inventoryWh(Self.view(filled: [QuoteKey(strategy: "other", intervalStartMs: interval, side: .buy): 5_000])) == 0)
    }

    @Test("the solar seller offers nothing at night and its forecast surplus at noon, less what it sold, never under its reserve")
    func solarSeller() {
        let seller = SolarSeller()
        #expect(seller.quotes(Self.view(nowMs: Self.nightMs)).isEmpty)
        let quotes = seller.quotes(Self.view())
        #expect(!quotes.isEmpty)
        for quote in quotes {
            #expect(quote.key.side == .sell && quote.source == .solar)
            #expect(quote.quantityWh == seller.parameters.profile.surplusWh(intervalStartMs: quote.key.intervalStartMs))
            #expect(quote.priceMicrosPerKWh >= seller.parameters.reserveMicrosPerKWh)
        }
        let first = quotes[0]
        let partly = seller.quotes(Self.view(filled: [first.key: 300]))
        #expect(partly.first { $0.key == first.key }?.quantityWh == first.quantityWh - 300)
        let sold = seller.quotes(Self.view(filled: [first.key: first.quantityWh]))
        #expect(!sold.contains { $0.key == first.key })
        let cheap = Self.view().upcomingIntervals(8).reduce(into: [Int64: TopOfBook]()) { $0[$1] = TopOfBook(bidMicrosPerKWh: 20_000, askMicrosPerKWh: 20_000) }
        #expect(seller.quotes(Self.view(books: cheap)).allSatisfy { $0.priceMicrosPerKWh == seller.parameters.reserveMicrosPerKWh })
    }

    @Test("the household buyer bids its expected load over the reference, capped by the tariff, green only when asked")
    func householdBuyer() {
        var parameters = HouseholdBuyer.Parameters()
        parameters.greenOnly = true
        let buyer = HouseholdBuyer(parameters: parameters)
        let quotes = buyer.quotes(Self.view(nowMs: Self.nightMs))
        #expect(quotes.count == parameters.intervals)
        for quote in quotes {
            #expect(quote.key.side == .buy && quote.acceptedSources == .renewableOnly)
            #expect(quote.quantityWh == parameters.profile.loadWh(intervalStartMs: quote.key.intervalStartMs))
            #expect(quote.priceMicrosPerKWh <= parameters.tariffMicrosPerKWh)
        }
        let dear = Self.view().upcomingIntervals(4).reduce(into: [Int64: TopOfBook]()) { $0[$1] = TopOfBook(bidMicrosPerKWh: 900_000, askMicrosPerKWh: 900_000) }
        #expect(buyer.quotes(Self.view(books: dear)).allSatisfy { $0.priceMicrosPerKWh == parameters.tariffMicrosPerKWh })
    }

    static let solarCases: [(minute: Int64, expectedW: Int64)] = [(300, 0), (360, 0), (750, 8_000), (1_140, 0), (1_380, 0)]

    @Test("the solar profile is zero outside the day and peaks at solar noon", arguments: solarCases)
    func solarProfile(minute: Int64, expectedW: Int64) {
        #expect(SolarProfile(peakW: 8_000).productionW(minuteOfDay: minute) == expectedW)
    }

    @Test("the load profile gives a quarter of an hour of its hour's share of the peak")
    func loadProfile() {
        let profile = LoadProfile(peakW: 4_000)
        let evening = 1_798_761_600_000 + 19 * 3_600_000
        #expect(profile.loadWh(intervalStartMs: Int64(evening)) == 1_000)
        #expect(profile.loadWh(intervalStartMs: Int64(evening - 16 * 3_600_000)) == 4_000 * 240 / 1_000 / 4)
    }
}
