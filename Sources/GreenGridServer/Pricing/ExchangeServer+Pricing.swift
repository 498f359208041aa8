import GreenGridDomain
import GreenGridEngine
import GreenGridForecast
import GreenGridMetering
import GreenGridProtocol

/// Prices in market data (Protocol/protocol.md, "Prices"): every `pricingIntervalMs` the server
/// reads each open interval's tier, band, tariff and reference price from the engine (between
/// submissions) and pushes PriceInfo to the zone's price subscribers (PriceSubscribe) for what
/// changed; PriceRequest is answered from the latest figures. The supply/demand strategy gets the zone's forecasts,
/// refreshed every `pricingForecastIntervalMs` from the metering service.
extension ExchangeServer {
    struct PricingKey: Hashable {
        var zone: ZoneIndex
        var intervalStartMs: Int64
    }

    func schedulePricing() {
        _ = loop.scheduleTimer(afterMs: configuration.pricingIntervalMs) { [weak self] in
            guard let self, !self.stopped else { return }
            self.refreshPricing()
            self.schedulePricing()
        }
    }

    private func refreshPricing() {
        guard !pricingInFlight, !marketSnapshotInFlight, !alertsJournalFailed else { return }
        pricingInFlight = true
        let nowMs = WallClock.nowMs()
        let refreshForecasts = nowMs - pricingForecastsAtMs >= configuration.pricingForecastIntervalMs
        if refreshForecasts { pricingForecastsAtMs = nowMs }
        var forecasts = pricingForecasts
        let durable = self.durable
        let loop = self.loop!
        Task { [self] in
            if refreshForecasts { forecasts = await zoneForecasts(nowMs: nowMs, zones: supplyDemandZones) }
            let pricing = await durable.pricing(nowMs: nowMs, forecasts: forecasts)
            let cached = forecasts
            // Prices go out at once; the alerts they fire once the round is durable.
            _ = loop.execute { [self] in
                pricingForecasts = cached
                publish(pricing, asOfMs: nowMs)
            }
            let evaluated = await evaluateAlerts(pricing, nowMs: nowMs)
            _ = loop.execute { [self] in
                pricingInFlight = false
                switch evaluated {
                case .success(let triggers): notify(triggers)
                case .failure(let error): alertsFailed(error)
                }
            }
        }
    }

    /// Pushes what changed to the subscribers of its zone and interval; forgets closed intervals.
    private func publish(_ pricing: [IntervalPricing], asOfMs: Int64) {
        var current: [PricingKey: IntervalPricing] = [:]
        var changed: [IntervalPricing] = []
        for item in pricing {
            let key = PricingKey(zone: item.zone, intervalStartMs: item.intervalStartMs)
            current[key] = item
            // Only what PriceInfo carries counts as a change (best bid and ask move more often).
            if let previous = latestPricing[key], previous.tier == item.tier, previous.band == item.band,
               previous.gridTariffMicrosPerKWh == item.gridTariffMicrosPerKWh, previous.reference == item.reference {
                continue
            }
            changed.append(item)
        }
        latestPricing = current
        latestPricingAtMs = asOfMs
        guard !changed.isEmpty, !priceSubscriptions.isEmpty else { return }
        for item in changed {
            let zone = UInt16(truncatingIfNeeded: item.zone)
            let bytes = SharedBytes(Message.priceInfo(Self.priceInfo(item, requestId: 0, asOfMs: asOfMs)).frameBytes)
            for connection in priceSubscriptions.connections(watching: zone) {
                guard let session = sessions[connection], !session.closing else { continue }
                transmit(bytes, to: session)
            }
        }
    }

    /// PriceSubscribe: from the next round on, the zone's (or every zone's) price changes.
    func priceSubscribe(_ request: Message.PriceSubscribe, session: ServerSession) {
        guard request.zone == ProtocolConstants.allZones || Int(request.zone) < market.zones.count else {
            return refuse(session, .unknownZone, type: MessageType.priceSubscribe.rawValue, text: "zone")
        }
        priceSubscriptions.set(session.id, zone: request.zone, active: request.active)
        // A new subscriber starts from the latest figures of what it now watches.
        guard request.active else { return }
        let asOfMs = latestPricingAtMs
        for (key, item) in latestPricing.sorted(by: { ($0.key.zone, $0.key.intervalStartMs) < ($1.key.zone, $1.key.intervalStartMs) })
        where request.zone == ProtocolConstants.allZones || key.zone == Int(request.zone) {
            send(.priceInfo(Self.priceInfo(item, requestId: 0, asOfMs: asOfMs)), to: session)
        }
    }

    /// PriceRequest: the latest figures of an open interval; for any other interval its tier and
    /// band alone (no reference price: nothing trades there). Answered at once, outside the
    /// session stream, like the other queries' answers.
    func priceRequest(_ request: Message.PriceRequest, session: ServerSession) {
        guard Int(request.zone) < market.zones.count else {
            return refuse(session, .unknownZone, type: MessageType.priceRequest.rawValue, text: "zone")
        }
        // The interval that holds the time asked for (a start is its own interval).
        let interval = DeliveryInterval.start(containing: request.intervalStartMs)
        let zoneIndex = Int(request.zone)
        let latest = latestPricing[PricingKey(zone: zoneIndex, intervalStartMs: interval)]
        let pricing = latest ?? {
            let zone = market.zones[zoneIndex]
            return IntervalPricing(zone: zoneIndex, intervalStartMs: interval, tier: zone.tier(forIntervalStartMs: interval),
                                   band: zone.priceBand(forIntervalStartMs: interval),
                                   gridTariffMicrosPerKWh: zone.gridTariffMicrosPerKWh(forIntervalStartMs: interval), reference: nil)
        }()
        // Stamped with when the figures were taken: the last round's time, or now for a tier alone.
        send(.priceInfo(Self.priceInfo(pricing, requestId: request.requestId, asOfMs: latest != nil ? latestPricingAtMs : WallClock.nowMs())),
             to: session)
    }

    static func priceInfo(_ pricing: IntervalPricing, requestId: UInt64, asOfMs: Int64) -> Message.PriceInfo {
        Message.PriceInfo(
            requestId: requestId, zone: UInt16(truncatingIfNeeded: pricing.zone), intervalStartMs: pricing.intervalStartMs,
            tier: String((pricing.tier?.name ?? "").utf8.prefix(Message.PriceInfo.tierNameBytesMax)) ?? "",
            floorMicrosPerKWh: pricing.band.floorMicrosPerKWh, capMicrosPerKWh: pricing.band.capMicrosPerKWh,
            gridTariffMicrosPerKWh: pricing.gridTariffMicrosPerKWh,
            reference: pricing.reference.map {
                Message.PriceInfo.Reference(priceMicrosPerKWh: $0.priceMicrosPerKWh, strategy: $0.strategy.code, basis: $0.basis.rawValue,
                                            fallback: $0.fallback.rawValue, tradeCount: UInt32(clamping: $0.tradeCount), quantityWh: $0.quantityWh,
                                            supplyWh: $0.supplyWh, demandWh: $0.demandWh)
            },
            asOfMs: asOfMs)
    }

    /// For zones priced by supply and demand: production from each producing meter's metered
    /// history (`MeteredForecast`), and load as the zone's import in the last complete interval
    /// (persistence), for the trading window's intervals.
    /// The zones whose reference price needs forecasts.
    nonisolated var supplyDemandZones: [ZoneIndex] {
        market.zones.indices.filter { market.zones[$0].referencePriceConfig.strategy == .supplyDemand }
    }

    /// Forecast production (from the zone's producing meters) and load (its last complete
    /// interval's import) of every interval in the horizon, for `zones`.
    nonisolated func zoneForecasts(nowMs: Int64, zones: [ZoneIndex]) async -> [ZoneIndex: [Int64: IntervalForecast]] {
        var result: [ZoneIndex: [Int64: IntervalForecast]] = [:]
        let first = DeliveryInterval.start(containing: nowMs) + DeliveryInterval.lengthMs
        let intervals = Int(min(Int64(ProductionForecast.intervalsMax), market.window.horizonMs / DeliveryInterval.lengthMs))
        for index in zones {
            let meters = await metering.meters(inZone: index).filter { $0.kind.mayProduce }
            let production = meters.isEmpty ? [] : await meteredProductionWh(meters, method: .smartPersistence, firstIntervalStartMs: first,
                                                                             intervals: intervals)
            let lastComplete = DeliveryInterval.start(containing: nowMs) - DeliveryInterval.lengthMs
            let load = await metering.zoneEnergy(zone: index, intervalStartMs: lastComplete)?.importWh
            var byInterval: [Int64: IntervalForecast] = [:]
            for step in 0..<intervals {
                let start = first + Int64(step) * DeliveryInterval.lengthMs
                byInterval[start] = IntervalForecast(productionWh: step < production.count ? production[step] : nil, loadWh: load)
            }
            result[index] = byInterval
        }
        return result
    }
}
