import GreenGridDomain

/// A prosumer with rooftop PV: offers each coming interval's forecast surplus, a little under the
/// reference price so it sells before the grid's feed-in tariff would take it, never more than
/// the forecast (what has sold is subtracted), and never below its reserve price.
public struct SolarSeller: BotStrategy {
    public struct Parameters: Sendable, Hashable, Codable {
        public var profile = SolarProfile(peakW: 8_000)
        public var discountTicks: Int64 = 300
        /// The feed-in tariff: below this, selling on the exchange is worse than exporting to the grid.
        public var reserveMicrosPerKWh: Int64 = 60_000
        public var intervals: Int = 8
        /// Smaller remainders are not worth an order.
        public var minimumWh: Int64 = 100
        public init() {}
    }

    public let name: String
    public var parameters: Parameters
    public var reference: ReferencePrice

    public init(name: String = "solar-seller", parameters: Parameters = Parameters(), reference: ReferencePrice = ReferencePrice()) {
        self.name = name
        self.parameters = parameters
        self.reference = reference
    }

    public func quotes(_ view: MarketView) -> [Quote] {
        let tick = view.priceRules.tickMicrosPerKWh
        return view.upcomingIntervals(parameters.intervals).compactMap { interval in
            let key = QuoteKey(strategy: name, intervalStartMs: interval, side: .sell)
            let left = parameters.profile.surplusWh(intervalStartMs: interval) - view.filled(key)
            guard left >= parameters.minimumWh else { return nil }
            let price = max(reference.microsPerKWh(view, intervalStartMs: interval) - parameters.discountTicks * tick,
                            parameters.reserveMicrosPerKWh)
            return Quote(key: key, priceMicrosPerKWh: view.tradable(price), quantityWh: left, source: .solar)
        }
    }
}
