import GreenGridDomain
import GreenGridProtocol

/// A new order as a trader states it; the client order id is filled in by the client unless given,
/// so ids stay increasing and unique per session without the caller keeping a counter.
public struct OrderRequest: Sendable, Hashable {
    public var clientOrderId: ClientOrderId?
    public var zone: UInt16
    public var intervalStartMs: Int64
    public var side: Side
    public var quantityWh: Int64
    public var priceMicrosPerKWh: Int64
    public var timeInForce: TimeInForce
    public var source: EnergySource
    public var acceptedSources: SourceSet
    public var selfTradePrevention: SelfTradePrevention

    public init(clientOrderId: ClientOrderId? = nil, zone: UInt16, intervalStartMs: Int64, side: Side, quantityWh: Int64,
                priceMicrosPerKWh: Int64, timeInForce: TimeInForce = .goodTillGateClosure, source: EnergySource = .other,
                acceptedSources: SourceSet = .any, selfTradePrevention: SelfTradePrevention = .cancelResting) {
        self.clientOrderId = clientOrderId
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.side = side
        self.quantityWh = quantityWh
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.timeInForce = timeInForce
        self.source = source
        self.acceptedSources = acceptedSources
        self.selfTradePrevention = selfTradePrevention
    }

    func message(clientOrderId: ClientOrderId) -> Message {
        .newOrder(Message.NewOrder(clientOrderId: clientOrderId, zone: zone, intervalStartMs: intervalStartMs, side: side,
                                   quantityWh: quantityWh, priceMicrosPerKWh: priceMicrosPerKWh, timeInForce: timeInForce,
                                   source: source, acceptedSources: acceptedSources, selfTradePrevention: selfTradePrevention))
    }
}
