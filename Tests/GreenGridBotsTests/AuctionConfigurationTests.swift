@testable import GreenGridBots
import GreenGridClient
import GreenGridDomain
import Testing

/// The auction kinds of a bot file become the runner's auction role; the seller's request is
/// fitted into the interval's time-of-use band.
@Suite("Auction bots: configuration and fitting")
struct AuctionConfigurationTests {
    @Test("auctionSeller and auctionBidder set the role; bad values are refused naming the kind")
    func kinds() throws {
        var role = BotRunner.AuctionRole()
        var seller = BotConfiguration.StrategySpec(kind: "auctionSeller")
        seller.everyMs = 60_000
        seller.steps = 12
        seller.stepIntervalMs = 1_000
        seller.quantityWh = 2_500
        try seller.apply(to: &role)
        #expect(role.seller?.everyMs == 60_000 && role.seller?.steps == 12 && role.seller?.stepIntervalMs == 1_000
                && role.seller?.quantityWh == 2_500)
        var bidder = BotConfiguration.StrategySpec(kind: "auction-bidder")
        bidder.quantityWh = 1_000
        bidder.premiumTicks = 300
        bidder.greenOnly = true
        try bidder.apply(to: &role)
        #expect(role.bidder?.quantityWhMax == 1_000 && role.bidder?.greenOnly == true && role.valuationPremiumTicks == 300)
        #expect(seller.isAuction && bidder.isAuction && !BotConfiguration.StrategySpec(kind: "marketMaker").isAuction)

        var tooFast = BotConfiguration.StrategySpec(kind: "auctionSeller")
        tooFast.stepIntervalMs = 999
        #expect(throws: BotConfiguration.Invalid.self) { try tooFast.apply(to: &role) }
        var negative = BotConfiguration.StrategySpec(kind: "auctionBidder")
        negative.premiumTicks = -1
        #expect(throws: BotConfiguration.Invalid.self) { try negative.apply(to: &role) }
        #expect(throws: BotConfiguration.Invalid.self) { try BotConfiguration.StrategySpec(kind: "auctionSeller").strategy() }
    }

    @Test("a request fitted into a narrower band keeps its step and lands its floor a whole number of steps down")
    func fitted() {
        let rules = PriceRules(tickMicrosPerKWh: 100, bandMinMicrosPerKWh: 0, bandMaxMicrosPerKWh: 3_000_000, floorMicrosPerKWh: 10_000,
                               capMicrosPerKWh: 1_500_000)
        let view = MarketView(nowMs: 0, zone: 0, priceRules: rules, window: TradingWindow())
        let request = AuctionRequest(zone: 0, intervalStartMs: 900_000, quantityWh: 1_000, startPriceMicrosPerKWh: 1_400_000,
                                     floorPriceMicrosPerKWh: 100_000, stepMicrosPerKWh: 30_000, stepIntervalMs: 1_000)
        let fitted = BotRunner.fitted(request, into: PriceBand(floorMicrosPerKWh: 150_050, capMicrosPerKWh: 1_200_000), view: view)
        #expect(fitted.startPriceMicrosPerKWh == 1_200_000 && fitted.stepMicrosPerKWh == 30_000)
        #expect(fitted.floorPriceMicrosPerKWh >= 150_100 && (fitted.startPriceMicrosPerKWh - fitted.floorPriceMicrosPerKWh) % 30_000 == 0)
        #expect(fitted.floorPriceMicrosPerKWh - 30_000 < 150_100)
    }
}
