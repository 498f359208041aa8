/// A running auction as its zone keeps it: the pure clock-and-fill state plus who sells, under
/// which client order id, and what energy. Ended auctions are not kept (their result was
/// published); only running ones are in the zone's state and snapshots.
public struct ZoneAuction: Sendable, Hashable {
    public internal(set) var auction: DutchAuction
    public let sellerId: TraderId
    public let clientOrderId: ClientOrderId
    public let source: EnergySource
    public let byZone: Bool

    public init(auction: DutchAuction, sellerId: TraderId, clientOrderId: ClientOrderId, source: EnergySource, byZone: Bool) {
        self.auction = auction
        self.sellerId = sellerId
        self.clientOrderId = clientOrderId
        self.source = source
        self.byZone = byZone
    }

    /// Its state now, for queries and market-data snapshots.
    public var state: AuctionUpdate { update(auction.stepsTaken > 0 ? .stepped : .started) }
}

/// Zone limits on auctions, fixed by the exchange (not configuration): each bounds work per
/// command and snapshot size.
public enum AuctionRules {
    /// Auctions running at once in one zone.
    public static let runningPerZoneMax = 16
    public static let stepIntervalMsMin: Int64 = 1_000
    public static let stepIntervalMsMax: Int64 = 3_600_000
    public static let stepsMax: Int64 = 1_000
}
