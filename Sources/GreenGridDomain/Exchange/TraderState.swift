/// What a zone remembers about one trader: who they are, how many orders they have open,
/// and a window of their recent client order ids (so a retransmission is never executed twice).
struct TraderState: Sendable {
    var participant: Participant
    var openOrders: Int = 0
    var clientOrderIds = UInt64Table()
    /// The window as a ring: the oldest id is forgotten when a new one arrives and it is full.
    var recentClientOrderIds: ContiguousArray<UInt64> = []
    var ringNext: Int = 0

    init(participant: Participant) { self.participant = participant }

    func isDuplicate(_ clientOrderId: ClientOrderId) -> Bool {
        clientOrderIds.value(for: clientOrderId) != nil
    }

    mutating func remember(_ clientOrderId: ClientOrderId, window: Int) {
        if recentClientOrderIds.count < window {
            recentClientOrderIds.append(clientOrderId)
        } else {
            clientOrderIds.remove(recentClientOrderIds[ringNext])
            recentClientOrderIds[ringNext] = clientOrderId
            ringNext = (ringNext + 1) % window
        }
        clientOrderIds.set(1, for: clientOrderId)
    }

    func hash(into hasher: inout StateHasher) {
        hasher.combine(participant.traderId)
        hasher.combine(participant.role.rawValue)
        hasher.combine(participant.zone)
        hasher.combine(participant.feeder)
        hasher.combine(openOrders)
        hasher.combine(recentClientOrderIds.count)
        // Oldest first, so the ring's rotation does not change the hash of equal windows.
        for i in 0..<recentClientOrderIds.count {
            hasher.combine(recentClientOrderIds[(ringNext + i) % recentClientOrderIds.count])
        }
    }
}

/// What the mediator needs to find liquidity for an order in other zones.
public struct AggressorProfile: Sendable, Hashable {
    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var side: Side
    public var limitMicrosPerKWh: Int64
    public var quantityWh: Int64
    public var source: EnergySource
    public var acceptedSources: SourceSet
}
