import GreenGridDomain

/// A household buying its expected load ahead: bids a little over the reference price so it is
/// filled, but never above the grid's retail tariff (the household would rather take grid power
/// then), and stops once an interval's expected load is bought.
public struct HouseholdBuyer: BotStrategy {
    public struct Parameters: Sendable, Hashable, Codable {
        public var profile = LoadProfile(peakW: 3_000)
        public var premiumTicks: Int64 = 250
        /// The retail tariff: the most it will pay.
        public var tariffMicrosPerKWh: Int64 = 400_000
        public var intervals: Int = 4
        public var minimumWh: Int64 = 100
        /// Buy only renewable energy (solar, wind, hydro).
        public var greenOnly = false
        public init() {}
    }

    public let name: String
    public var parameters: Parameters
    public var reference: ReferencePrice

    public init(name: String = "household-buyer", parameters: Parameters = Parameters(), reference: ReferencePrice = ReferencePrice()) {
        self.name = name
        self.parameters = parameters
        self.reference = reference
    }

    public func quotes(_ view: MarketView) -> [Quote] {
        let tick = view.priceRules.tickMicrosPerKWh
        return view.upcomingIntervals(parameters.intervals).compactMap { interval in
            let key = QuoteKey(strategy: name, intervalStartMs: interval, side: .buy)
            let left = parameters.profile.loadWh(intervalStartMs: interval) - view.filled(key)
            guard left >= parameters.minimumWh else { return nil }
            let price = min(reference.microsPerKWh(view, intervalStartMs: interval) + parameters.premiumTicks * tick,
                            parameters.tariffMicrosPerKWh)
            return Quote(key: key, priceMicrosPerKWh: view.tradable(price), quantityWh: left,
                         acceptedSources: parameters.greenOnly ? .renewableOnly : .any)
        }
    }
}
