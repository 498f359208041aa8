import GreenGridDomain

/// The best prices of one interval's book after a batch, for the mediator's bounds.
public struct TopOfBook: Sendable, Hashable {
    public var intervalStartMs: Int64
    public var bestBid: Int64?
    public var bestAsk: Int64?
}

/// What a zone actor hands back for a batch: its events, in its own sequence, and the
/// tops of the books the batch touched.
public struct ZoneReport: Sendable {
    public var zone: ZoneIndex
    public var events: ContiguousArray<Event>
    public var tops: [TopOfBook]
}
