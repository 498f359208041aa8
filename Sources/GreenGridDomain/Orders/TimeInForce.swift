public enum TimeInForce: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// Rests in the book until filled, cancelled, or its interval's gate closes.
    case goodTillGateClosure = 1
    /// Fills what it can at once; the rest is cancelled.
    case immediateOrCancel = 2
    /// Fills completely at once, or does nothing at all.
    case fillOrKill = 3
}

/// What happens when an order would trade with an order of the same trader.
public enum SelfTradePrevention: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// Cancel the resting order and keep matching the incoming one.
    case cancelResting = 1
    /// Cancel what is left of the incoming order.
    case cancelIncoming = 2
    /// Cancel both.
    case cancelBoth = 3
}
