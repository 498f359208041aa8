import GreenGridDomain

/// Which standing order a strategy means: one per strategy, interval and side, so a strategy
/// restates its wishes every tick and the reconciler turns differences into requests.
public struct QuoteKey: Sendable, Hashable, CustomStringConvertible {
    public var strategy: String
    public var intervalStartMs: Int64
    public var side: Side

    public init(strategy: String, intervalStartMs: Int64, side: Side) {
        self.strategy = strategy
        self.intervalStartMs = intervalStartMs
        self.side = side
    }

    public var description: String { "\(strategy) \(side) \(intervalStartMs)" }
}

/// An order a strategy wants resting now.
public struct Quote: Sendable, Hashable {
    public var key: QuoteKey
    public var priceMicrosPerKWh: Int64
    public var quantityWh: Int64
    /// What a sell offers (ignored for buys).
    public var source: EnergySource
    /// What a buy accepts (ignored for sells).
    public var acceptedSources: SourceSet

    public init(key: QuoteKey, priceMicrosPerKWh: Int64, quantityWh: Int64, source: EnergySource = .other,
                acceptedSources: SourceSet = .any) {
        self.key = key
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.quantityWh = quantityWh
        self.source = source
        self.acceptedSources = acceptedSources
    }
}
