/// What a check may look at: the request, the zone's rules and state, and the trader.
/// Built by the zone engine per order; checks never mutate anything.
public struct OrderCheckContext: Sendable {
    public var timestampMs: Int64
    /// The zone's rules with the floor and cap of the order's interval (its time-of-use tier's band).
    public var priceRules: PriceRules
    public var limits: ZoneLimits
    public var window: TradingWindow
    public var status: ZoneStatus
    /// Nil when the trader is not registered in this zone.
    public var participant: Participant?
    public var openOrders: Int
    public var isDuplicateClientOrderId: Bool
}

/// One link of the validation chain: returns a reason to reject, or nil to pass the order on.
public protocol OrderCheck: Sendable {
    func rejection(for order: NewOrder, in context: OrderCheckContext) -> RejectReason?
}

/// The chain of responsibility every new order (and every replacement) goes through, in
/// order; the first rejection wins, so codes are stable for a given input.
///
/// The five standard links are concrete values called directly (no dynamic dispatch on the
/// hot path); further links — such as the ledger's pre-trade funds check — follow them.
public struct ValidationChain: Sendable {
    let wellFormed = WellFormedCheck()
    let role = RoleCheck()
    let zoneState = ZoneStateCheck()
    let compliance = ComplianceCheck()
    let limits = LimitsCheck()
    public private(set) var extra: [any OrderCheck]

    public init(extra: [any OrderCheck] = []) { self.extra = extra }

    /// Form, role, zone state, compliance, limits, then the extra checks.
    public static func standard(extra: [any OrderCheck] = []) -> ValidationChain {
        ValidationChain(extra: extra)
    }

    /// The links in the order they run, for documentation and tests.
    public var checks: [any OrderCheck] { [wellFormed, role, zoneState, compliance, limits] + extra }

    public func rejection(for order: NewOrder, in context: OrderCheckContext) -> RejectReason? {
        if let reason = wellFormed.rejection(for: order, in: context) { return reason }
        if let reason = role.rejection(for: order, in: context) { return reason }
        if let reason = zoneState.rejection(for: order, in: context) { return reason }
        if let reason = compliance.rejection(for: order, in: context) { return reason }
        if let reason = limits.rejection(for: order, in: context) { return reason }
        for check in extra {
            if let reason = check.rejection(for: order, in: context) { return reason }
        }
        return nil
    }
}
