import GreenGridDomain
import GreenGridEngine

/// The zone itself auctions a surplus: a periodic round forecasts each zone with a community
/// account and starts one zone auction per surplus interval (see `SurplusAuctionPolicy`). The
/// decision is the server's; the auction it starts is an ordinary journaled command, so replay
/// never needs the forecasts again.
extension ExchangeServer {
    func scheduleSurplusAuctions() {
        guard let policy = configuration.auctions.surplus, !configuration.auctions.communityAccounts.isEmpty else { return }
        _ = loop.scheduleTimer(afterMs: policy.checkIntervalMs) { [weak self] in
            guard let self, !self.stopped else { return }
            self.checkSurplus(policy)
            self.scheduleSurplusAuctions()
        }
    }

    func checkSurplus(_ policy: SurplusAuctionPolicy) {
        guard !surplusInFlight else { return }
        surplusInFlight = true
        let nowMs = WallClock.nowMs()
        let accounts = configuration.auctions.communityAccounts
        let loop = self.loop!
        Task { [self] in
            let forecasts = await zoneForecasts(nowMs: nowMs, zones: accounts.keys.sorted())
            _ = loop.execute { [self] in
                surplusInFlight = false
                startSurplusAuctions(forecasts, policy: policy, nowMs: nowMs)
            }
        }
    }

    /// One auction per zone and interval: an interval auctioned (or refused) is not looked at again.
    func startSurplusAuctions(_ forecasts: [ZoneIndex: [Int64: IntervalForecast]], policy: SurplusAuctionPolicy, nowMs: Int64) {
        surplusAuctioned = surplusAuctioned.filter { market.window.gateClosureMs(intervalStartMs: $0.intervalStartMs) > nowMs }
        for (zone, byInterval) in forecasts.sorted(by: { $0.key < $1.key }) {
            guard let seller = configuration.auctions.communityAccounts[zone] else { continue }
            for (interval, forecast) in byInterval.sorted(by: { $0.key < $1.key }) {
                guard interval - nowMs <= policy.leadMs, market.window.isOpen(intervalStartMs: interval, nowMs: nowMs),
                      let productionWh = forecast.productionWh, let loadWh = forecast.loadWh,
                      !surplusAuctioned.contains(PricingKey(zone: zone, intervalStartMs: interval)),
                      case .auction(let quantityWh) = policy.detector.evaluate(forecastProductionWh: productionWh, forecastLoadWh: loadWh),
                      let start = policy.auction(zone: market.zones[zone], zoneIndex: zone, intervalStartMs: interval,
                                                 quantityWh: quantityWh, seller: seller)
                else { continue }
                surplusAuctioned.insert(PricingKey(zone: zone, intervalStartMs: interval))
                log.info("surplus_detected", [("zone", .int(Int64(zone))), ("interval", .int(interval)),
                                              ("production_wh", .int(productionWh)), ("load_wh", .int(loadWh)),
                                              ("auction_wh", .int(start.quantityWh))])
                enqueue(.startAuction(start))
            }
        }
    }
}
