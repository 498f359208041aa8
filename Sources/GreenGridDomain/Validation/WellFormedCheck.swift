/// Positive quantity, price on the tick and inside the technical band, a valid source set,
/// and an aligned interval that is open at the command's time.
public struct WellFormedCheck: OrderCheck {
    public init() {}
    public func rejection(for order: NewOrder, in context: OrderCheckContext) -> RejectReason? {
        let rules = context.priceRules
        if order.quantityWh <= 0 { return .quantityNotPositive }
        if order.clientOrderId == ClientOrderId.max { return .clientOrderIdInvalid }
        if order.priceMicrosPerKWh % rules.tickMicrosPerKWh != 0 { return .priceNotOnTick }
        if order.priceMicrosPerKWh < rules.bandMinMicrosPerKWh || order.priceMicrosPerKWh > rules.bandMaxMicrosPerKWh {
            return .priceOutsideBand
        }
        if order.side == .buy && !order.acceptedSources.isValid { return .sourceSetInvalid }
        if !DeliveryInterval.isAligned(order.intervalStartMs) { return .intervalMisaligned }
        if context.timestampMs < context.window.opensMs(intervalStartMs: order.intervalStartMs) { return .intervalNotYetOpen }
        if context.timestampMs >= context.window.gateClosureMs(intervalStartMs: order.intervalStartMs) { return .gateClosed }
        return nil
    }
}

/// Only registered traders of this zone trade; consumers only buy; operators never trade.
public struct RoleCheck: OrderCheck {
    public init() {}
    public func rejection(for order: NewOrder, in context: OrderCheckContext) -> RejectReason? {
        guard let participant = context.participant else { return .unknownParticipant }
        if !participant.role.mayTrade { return .roleCannotTrade }
        if !participant.role.maySubmit(order.side) { return .roleCannotSell }
        if participant.zone != order.zone { return .wrongZoneForParticipant }
        return nil
    }
}

/// A halted zone takes no new risk.
public struct ZoneStateCheck: OrderCheck {
    public init() {}
    public func rejection(for order: NewOrder, in context: OrderCheckContext) -> RejectReason? {
        context.status == .halted ? .zoneHalted : nil
    }
}

/// The grid operator's price cap and floor and maximum order size.
public struct ComplianceCheck: OrderCheck {
    public init() {}
    public func rejection(for order: NewOrder, in context: OrderCheckContext) -> RejectReason? {
        let rules = context.priceRules
        if order.priceMicrosPerKWh > rules.capMicrosPerKWh { return .priceAboveCap }
        if order.priceMicrosPerKWh < rules.floorMicrosPerKWh { return .priceBelowFloor }
        if order.quantityWh > context.limits.orderWhMax { return .orderTooLarge }
        return nil
    }
}

/// Bounded open orders per trader, and client order ids used once.
public struct LimitsCheck: OrderCheck {
    public init() {}
    public func rejection(for order: NewOrder, in context: OrderCheckContext) -> RejectReason? {
        if context.isDuplicateClientOrderId { return .duplicateClientOrderId }
        if context.openOrders >= context.limits.openOrdersPerTraderMax { return .tooManyOpenOrders }
        return nil
    }
}
