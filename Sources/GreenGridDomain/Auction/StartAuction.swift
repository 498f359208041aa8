/// A request to start a Dutch auction in a zone. The auction's id is the command's sequence.
///
/// A seller auctions their own energy (`byZone` false: the requester is the seller). A zone
/// auction (`byZone` true) sells a surplus on behalf of the zone: the exchange itself
/// (`requesterId` 0, its surplus detection) or a grid operator starts it, and `sellerId` names
/// the zone's community account, the trader the trades are booked to.
public struct StartAuction: Sendable, Hashable {
    public var requesterId: TraderId
    public var sellerId: TraderId
    /// The seller's id for the auction, unique in their client-order-id window like an order's;
    /// the remainder returned to the book keeps it.
    public var clientOrderId: ClientOrderId
    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var quantityWh: Int64
    public var startPriceMicrosPerKWh: Int64
    public var floorPriceMicrosPerKWh: Int64
    public var stepMicrosPerKWh: Int64
    public var stepIntervalMs: Int64
    public var unsoldAtFloor: UnsoldPolicy
    /// What produced the energy: buys that do not accept it do not take part.
    public var source: EnergySource
    public var byZone: Bool

    public init(requesterId: TraderId, sellerId: TraderId, clientOrderId: ClientOrderId, zone: ZoneIndex, intervalStartMs: Int64,
                quantityWh: Int64, startPriceMicrosPerKWh: Int64, floorPriceMicrosPerKWh: Int64, stepMicrosPerKWh: Int64,
                stepIntervalMs: Int64, unsoldAtFloor: UnsoldPolicy, source: EnergySource, byZone: Bool = false) {
        self.requesterId = requesterId
        self.sellerId = sellerId
        self.clientOrderId = clientOrderId
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.quantityWh = quantityWh
        self.startPriceMicrosPerKWh = startPriceMicrosPerKWh
        self.floorPriceMicrosPerKWh = floorPriceMicrosPerKWh
        self.stepMicrosPerKWh = stepMicrosPerKWh
        self.stepIntervalMs = stepIntervalMs
        self.unsoldAtFloor = unsoldAtFloor
        self.source = source
        self.byZone = byZone
    }

    /// The pure auction's spec, with the id the sequencer gave the command.
    public func spec(id: AuctionId) -> DutchAuctionSpec {
        DutchAuctionSpec(id: id, initiator: byZone ? .zone : .seller(sellerId), zone: zone, intervalStartMs: intervalStartMs,
                         quantityWh: quantityWh, startPriceMicrosPerKWh: startPriceMicrosPerKWh,
                         floorPriceMicrosPerKWh: floorPriceMicrosPerKWh, stepMicrosPerKWh: stepMicrosPerKWh,
                         stepIntervalMs: stepIntervalMs, unsoldAtFloor: unsoldAtFloor)
    }
}
