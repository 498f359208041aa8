import GreenGridDomain
import GreenGridForecast
import GreenGridMetering
import GreenGridProtocol

/// ForecastRequest: production of a zone or a meter for the next intervals, from what the
/// metering service measured (its per-interval export) and the clear sky over the market's site.
extension ExchangeServer {
    func forecast(_ request: Message.ForecastRequest, participant: Participant, session: ServerSession) {
        let refuse = { [self] (reason: MeteringRejectReason) in
            send(.meteringRejected(Message.MeteringRejected(requestId: request.requestId, reason: reason)), to: session)
        }
        guard Int(request.zone) < market.zones.count else { return refuse(.unknownZone) }
        guard (1...Message.ForecastRequest.intervalsMax).contains(request.intervals) else { return refuse(.invalidRequest) }
        let metering = self.metering
        let loop = self.loop!
        let id = session.id
        let sessionId = session.sessionId
        let nowMs = WallClock.nowMs()
        Task { [self] in
            let answer: Message
            let zone = ZoneIndex(request.zone)
            var meters = await metering.meters(inZone: zone)
            if request.meterId != 0 {
                meters = meters.filter { $0.meterId == request.meterId }
            }
            if request.meterId != 0, meters.isEmpty {
                answer = .meteringRejected(Message.MeteringRejected(requestId: request.requestId, reason: .unknownMeter))
            } else if request.meterId != 0, !participant.role.mayOperateGrid, meters[0].ownerId != participant.traderId {
                answer = .meteringRejected(Message.MeteringRejected(requestId: request.requestId, reason: .notYourMeter))
            } else {
                let first = DeliveryInterval.start(containing: nowMs) + DeliveryInterval.lengthMs
                let production = await meteredProductionWh(meters, method: request.method, firstIntervalStartMs: first,
                                                           intervals: Int(request.intervals))
                answer = .forecast(Message.Forecast(requestId: request.requestId, zone: request.zone, meterId: request.meterId,
                                                    method: request.method, firstIntervalStartMs: first, productionWh: production))
            }
            _ = loop.execute { [self] in
                guard let current = liveSession(id, sessionId: sessionId) else { return }
                send(answer, to: current)
            }
        }
    }
}

extension ExchangeServer {
    /// Production per interval of `meters`' producing ones, from their metered history under the
    /// market's site and the server's weather (what ForecastRequest and the supply/demand price use).
    nonisolated func meteredProductionWh(_ meters: [Meter], method: ForecastMethodCode, firstIntervalStartMs: Int64,
                                         intervals: Int) async -> [Int64] {
        let inputs = await metering.forecastInputs(meters)
        return MeteredForecast.productionWh(inputs, latitudeDeg: configuration.siteLatitudeDeg, longitudeDeg: configuration.siteLongitudeDeg,
                                            weather: configuration.weather, method: method, firstIntervalStartMs: firstIntervalStartMs,
                                            intervals: intervals)
    }
}

/// Forecasts from metered interval energy: the pure step between the metering service's
/// figures and `ProductionForecast`. Each producing meter is a site whose capacity is its rated
/// power (the connection's limit, at least the real array: the clear-sky index absorbs the
/// difference), its history the export of its complete intervals; a zone is the sum of its
/// meters, each rounded on its own as `ProductionForecast` rounds. A meter without usable history
/// gets `ProductionForecast`'s fallback (clear sky × weather, or × 0.7).
enum MeteredForecast {
    struct Input: Sendable {
        var meter: Meter
        /// Exported Wh per interval start.
        var exportWhByInterval: [Int64: Int64]
    }

    static func productionWh(_ inputs: [Input], latitudeDeg: Double, longitudeDeg: Double, weather: WeatherForecast?,
                             method: ForecastMethodCode, firstIntervalStartMs: Int64, intervals: Int) -> [Int64] {
        let forecastMethod: ForecastMethod = method == .smartPersistence ? .smartPersistence : .exponentialSmoothing
        let meters = inputs.map { input in
            ForecastMeter(site: PVSite(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg, capacityW: Double(input.meter.ratedPowerW)),
                          history: history(input.exportWhByInterval, before: firstIntervalStartMs))
        }
        guard !meters.isEmpty,
              let forecast = try? ProductionForecast.zone(meters, weather: weather, method: forecastMethod, startS: firstIntervalStartMs / 1_000,
                                                          intervals: intervals) else {
            return Array(repeating: 0, count: intervals)
        }
        return forecast.energyWh
    }

    /// Average power per complete interval before `beforeMs` (the running one is left out: it
    /// would read as a sudden cloud).
    static func history(_ exportWhByInterval: [Int64: Int64], before beforeMs: Int64) -> History? {
        let samples = exportWhByInterval.keys.filter { $0 + DeliveryInterval.lengthMs < beforeMs }.sorted().map { start in
            Sample(timeS: start / 1_000, powerW: Double(exportWhByInterval[start]!) * 3_600_000 / Double(DeliveryInterval.lengthMs))
        }
        return samples.isEmpty ? nil : History(samples: samples, stepS: DeliveryInterval.lengthMs / 1_000)
    }
}
