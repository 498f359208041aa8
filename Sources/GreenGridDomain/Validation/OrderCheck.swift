/// What a check may look at: the request, the zone's rules and state, and the trader.
/// Built by the zone engine per order; checks never mutate anything.
public struct OrderCheckContext: Sendable {
    public var timestampMs: Int64
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
public struct ValidationChain: Sendable {
    public var checks: [any OrderCheck]

    public init(checks: [any OrderCheck]) { self.checks = checks }

    /// Form, role, zone state, compliance, limits, then any extra checks such as the
    /// ledger's pre-trade funds check, which plugs in here.
    public static func standard(extra: [any OrderCheck] = []) -> ValidationChain {
        ValidationChain(checks: [WellFormedCheck(), RoleCheck(), ZoneStateCheck(), ComplianceCheck(), LimitsCheck()] + extra)
    }

    public func rejection(for order: NewOrder, in context: OrderCheckContext) -> RejectReason? {
        for check in checks {
            if let reason = check.rejection(for: order, in: context) { return reason }
        }
        return nil
    }
}
