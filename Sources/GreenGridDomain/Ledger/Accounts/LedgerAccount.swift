
/// What an account is for. The raw values are stable on disk (snapshots and the state hash).
public enum AccountKind: UInt8, Sendable, Hashable, CaseIterable {
    /// The world outside the exchange: deposits come from it and withdrawals go to it, so its
    /// balance is minus all the money inside, which is what lets every balance sum to zero.
    case external = 1
    /// The platform's fee income.
    case platformFees = 2
    /// Grid fee income of one zone (owner = zone index).
    case gridFees = 3
    /// A user's money free to trade or withdraw (owner = user id).
    case available = 4
    /// A user's money held for open buy orders.
    case reserved = 5
    /// A user's money held for trades that are not settled yet.
    case escrow = 6

    /// Accounts that belong to a user and so may never go negative.
    @inlinable public var isUserAccount: Bool { rawValue >= AccountKind.available.rawValue }
}

/// One account of the ledger, named by its kind and owner (a user id or a zone index): ids
/// are derived, never allocated, so a replay names the same accounts without a registry.
public struct LedgerAccount: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: AccountKind
    /// The user id for user accounts, the zone for grid fees, 0 otherwise.
    public var owner: UInt32

    @inlinable public init(kind: AccountKind, owner: UInt32 = 0) {
        self.kind = kind
        self.owner = owner
    }

    public static let external = LedgerAccount(kind: .external)
    public static let platformFees = LedgerAccount(kind: .platformFees)
    public static func gridFees(zone: UInt16) -> LedgerAccount { LedgerAccount(kind: .gridFees, owner: UInt32(zone)) }
    public static func available(_ user: TraderId) -> LedgerAccount { LedgerAccount(kind: .available, owner: user) }
    public static func reserved(_ user: TraderId) -> LedgerAccount { LedgerAccount(kind: .reserved, owner: user) }
    public static func escrow(_ user: TraderId) -> LedgerAccount { LedgerAccount(kind: .escrow, owner: user) }

    /// Kind in the high 32 bits, owner in the low: the on-disk form and the sort key.
    @inlinable public var rawValue: UInt64 { UInt64(kind.rawValue) << 32 | UInt64(owner) }

    @inlinable public init?(rawValue: UInt64) {
        guard rawValue >> 40 == 0, let kind = AccountKind(rawValue: UInt8(truncatingIfNeeded: rawValue >> 32)) else { return nil }
        let owner = UInt32(truncatingIfNeeded: rawValue)
        if (kind == .external || kind == .platformFees) && owner != 0 { return nil }
        if kind == .gridFees && owner > UInt32(UInt16.max) { return nil }
        self.init(kind: kind, owner: owner)
    }

    public static func < (lhs: LedgerAccount, rhs: LedgerAccount) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch kind {
        case .external: return "external"
        case .platformFees: return "platform-fees"
        case .gridFees: return "grid-fees/zone-\(owner)"
        case .available: return "user-\(owner)/available"
        case .reserved: return "user-\(owner)/reserved"
        case .escrow: return "user-\(owner)/escrow"
        }
    }
}
