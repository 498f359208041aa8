import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// A bot's part in Dutch auctions, on its tick like its quotes: a seller starts an auction every
/// so often (`AuctionSeller`), a bidder watches the zone's running auctions in market data and
/// bids the current price once it has fallen to its valuation (`AuctionBidder`): a resting buy
/// at or above an auction's price fills at once, at the auction's price.
///
/// These requests are not quotes: the reconciler never sees them, so it does not cancel them;
/// the bot's end-of-run mass cancel takes whatever is left.
extension BotRunner {
    /// The auctions a bot takes part in, and how.
    public struct AuctionRole: Sendable {
        public var seller: AuctionSeller?
        public var bidder: AuctionBidder?
        /// The bidder's valuation: this many ticks above the interval's reference price.
        public var valuationPremiumTicks: Int64

        public init(seller: AuctionSeller? = nil, bidder: AuctionBidder? = nil, valuationPremiumTicks: Int64 = 0) {
            self.seller = seller
            self.bidder = bidder
            self.valuationPremiumTicks = valuationPremiumTicks
        }
    }

    func noteAuction(_ event: MarketDataEvent) {
        auctions.apply(event)
    }

    func auctionTick(_ view: MarketView) {
        guard let role = settings.auctions else { return }
        if let seller = role.seller, var request = seller.auction(view, referenceMicrosPerKWh: reference.microsPerKWh(
            view, intervalStartMs: DeliveryInterval.start(containing: view.nowMs + seller.leadMs)), lastStartedMs: lastAuctionStartedMs) {
            lastAuctionStartedMs = view.nowMs
            if let band = settings.bandOfInterval?(request.intervalStartMs) { request = Self.fitted(request, into: band, view: view) }
            do throws(ClientError) {
                _ = try client.sendAuctionStart(request)
                statistics.auctionsStarted += 1
            } catch {
                statistics.sendErrors += 1
            }
        }
        guard let bidder = role.bidder else { return }
        for auction in auctions.byId.values.sorted(by: { $0.auctionId < $1.auctionId }) where auction.zone == settings.zone {
            var valued = bidder
            valued.valuationMicrosPerKWh = reference.microsPerKWh(view, intervalStartMs: auction.intervalStartMs)
                + role.valuationPremiumTicks * settings.priceRules.tickMicrosPerKWh
            guard let bid = valued.bid(for: auction, boughtWh: auctionBidWh[auction.auctionId] ?? 0) else { continue }
            auctionBidWh[auction.auctionId, default: 0] += bid.quantityWh
            do throws(ClientError) {
                try client.send(OrderRequest(
                    clientOrderId: client.nextClientOrderId(), zone: settings.zone, intervalStartMs: bid.intervalStartMs, side: .buy,
                    quantityWh: bid.quantityWh, priceMicrosPerKWh: bid.priceMicrosPerKWh,
                    acceptedSources: bidder.greenOnly ? .renewableOnly : .any))
                statistics.auctionBids += 1
            } catch {
                statistics.sendErrors += 1
            }
        }
        // Forget what was bid in auctions that are over.
        auctionBidWh = auctionBidWh.filter { auctions.byId[$0.key] != nil }
    }

    /// The request with start and floor inside the interval's band (its time-of-use tier may be
    /// narrower than the zone's), the step unchanged and the floor a whole number of steps down.
    static func fitted(_ request: AuctionRequest, into band: PriceBand, view: MarketView) -> AuctionRequest {
        let tick = max(view.priceRules.tickMicrosPerKWh, 1)
        var fitted = request
        guard let ticks = band.onTicks(tick) else { return request }
        let (cap, floor) = (ticks.capMicrosPerKWh, ticks.floorMicrosPerKWh)
        fitted.startPriceMicrosPerKWh = min(max(request.startPriceMicrosPerKWh, floor), cap)
        let lowest = max(request.floorPriceMicrosPerKWh, floor)
        let step = max(request.stepMicrosPerKWh, tick)
        let steps = max(0, (fitted.startPriceMicrosPerKWh - lowest) / step)
        fitted.floorPriceMicrosPerKWh = fitted.startPriceMicrosPerKWh - steps * step
        return fitted
    }
}
