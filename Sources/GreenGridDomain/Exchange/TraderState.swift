/// What a zone remembers about one trader: who they are, how many orders they have open,
/// and a window of their recent client order ids (so a retransmission is never executed twice).
///
/// The window is a ring of the last N ids plus the highest id seen. An id above the highest
/// cannot be in the window, so clients that number their orders upwards (as they should) pay
/// nothing; any other id is compared with the whole window.
struct TraderState: Sendable {
    var participant: Participant
    var openOrders: Int = 0
    var highestClientOrderId: ClientOrderId = 0
    var hasClientOrderIds = false
    var recentClientOrderIds: ContiguousArray<UInt64> = []
    var ringNext: Int = 0
    /// The trader's available money as the ledger has it. The zone keeps this copy so the
    /// funds check of an order needs no other actor; every change here is also a ledger
    /// command, and the two are compared (`ExchangeCore.invariantViolation`).
    var availableMicros: Int64 = 0
    /// The trader's last wallet requests, oldest first, so a repeated request id is recognised.
    var walletRequests: ContiguousArray<FundsMoved> = []

    init(participant: Participant) { self.participant = participant }

    /// How many wallet requests per trader are remembered for idempotency.
    static let walletRequestWindow = 64

    mutating func remember(_ movement: FundsMoved) {
        if walletRequests.count == Self.walletRequestWindow { walletRequests.removeFirst() }
        walletRequests.append(movement)
    }

    func isDuplicate(_ clientOrderId: ClientOrderId) -> Bool {
        if !hasClientOrderIds || clientOrderId > highestClientOrderId { return false }
        return recentClientOrderIds.contains(clientOrderId)
    }

    mutating func remember(_ clientOrderId: ClientOrderId, window: Int) {
        if recentClientOrderIds.count < window {
            recentClientOrderIds.append(clientOrderId)
        } else {
            recentClientOrderIds[ringNext] = clientOrderId
            ringNext = (ringNext + 1) % window
        }
        highestClientOrderId = hasClientOrderIds ? max(highestClientOrderId, clientOrderId) : clientOrderId
        hasClientOrderIds = true
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

extension AggressorProfile {
    /// A new order carries everything the profile needs; nil when it cannot trade at all.
    public init?(_ order: NewOrder) {
        guard order.quantityWh > 0 else { return nil }
        self.init(zone: order.zone, intervalStartMs: order.intervalStartMs, side: order.side,
                  limitMicrosPerKWh: order.priceMicrosPerKWh, quantityWh: order.quantityWh,
                  source: order.source, acceptedSources: order.side == .buy ? order.acceptedSources : .any)
    }
}
