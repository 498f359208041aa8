import GreenGridDomain

/// A zone interval's prices at one evaluation round; nil: that price does not exist now.
public struct PriceObservation: Sendable, Hashable {
    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var reference: Int64?
    public var bestBid: Int64?
    public var bestAsk: Int64?

    public init(zone: ZoneIndex, intervalStartMs: Int64, reference: Int64?, bestBid: Int64?, bestAsk: Int64?) {
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.reference = reference
        self.bestBid = bestBid
        self.bestAsk = bestAsk
    }

    public func price(_ metric: AlertMetric) -> Int64? {
        switch metric {
        case .reference: reference
        case .bestBid: bestBid
        case .bestAsk: bestAsk
        }
    }
}
