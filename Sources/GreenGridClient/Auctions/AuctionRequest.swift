import GreenGridDomain
import GreenGridProtocol

/// A Dutch auction as a seller states it; the client order id is filled in by the client unless
/// given, from the same counter as orders' (the exchange checks both in one window).
public struct AuctionRequest: Sendable, Hashable {
    public var clientOrderId: ClientOrderId?
    public var zone: UInt16
    public var intervalStartMs: Int64
    public var quantityWh: Int64
    public var startPriceMicrosPerKWh: Int64
    public var floorPriceMicrosPerKWh: Int64
    public var stepMicrosPerKWh: Int64
    public var stepIntervalMs: Int64
    public var unsoldAtFloor: UnsoldPolicy
    public var source: EnergySource
    /// A zone auction, booked to the zone's community account (grid operators and admins only).
    public var forZone: Bool

    public init(clientOrderId: ClientOrderId? = nil, zone: UInt16, intervalStartMs: Int64, quantityWh: Int64,
                startPriceMicrosPerKWh: Int64, floorPriceMicrosPerKWh: Int64, stepMicrosPerKWh: Int64, stepIntervalMs: Int64,
                unsoldAtFloor: UnsoldPolicy = .returnToBook, source: EnergySource = .solar, forZone: Bool = false) {
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
        self.forZone = forZone
    }

    func message(clientOrderId: ClientOrderId) -> Message {
        .auctionStart(Message.AuctionStart(clientOrderId: clientOrderId, zone: zone, intervalStartMs: intervalStartMs, quantityWh: quantityWh,
                                           startPriceMicrosPerKWh: startPriceMicrosPerKWh, floorPriceMicrosPerKWh: floorPriceMicrosPerKWh,
                                           stepMicrosPerKWh: stepMicrosPerKWh, stepIntervalMs: stepIntervalMs, unsoldAtFloor: unsoldAtFloor,
                                           source: source, forZone: forZone))
    }
}

/// The seller's auction reports of the session stream, handed to `ClientConfiguration.auctionReportHandler`.
public enum AuctionReport: Sendable, Hashable {
    case accepted(Message.AuctionAccepted)
    /// Sold out, floor reached, or stopped (by the seller, an operator, a halt or gate closure).
    case ended(Message.AuctionEnded)

    public var sessionSequence: UInt64 {
        switch self {
        case .accepted(let m): return m.sessionSequence
        case .ended(let m): return m.sessionSequence
        }
    }

    public var auctionId: AuctionId {
        switch self {
        case .accepted(let m): return m.auctionId
        case .ended(let m): return m.auctionId
        }
    }
}
