import GreenGridDomain

/// One posting on the user's account, as the statement needs it; the ledger maps its postings onto this.
///
/// Energy is signed *within a side*: `side` says which total it counts towards (bought or sold) and
/// `energyWh` is positive for a trade and may be negative for a correction or a void that takes energy
/// back. Money is `amountMicros`, the signed effect on the user's balance (positive = money in).
/// Keeping the two apart is what lets a prosumer's buy-side correction never touch their sold energy.
public struct StatementEntry: Sendable, Hashable {
    /// When the ledger booked it (Unix ms, UTC). Decides the month, the day and the line order.
    public var timestampMs: Int64
    public var kind: StatementEntryKind
    public var tradeId: TradeId?
    public var orderId: OrderId?
    /// The zone the energy was traded in (the user's zone for money-only postings, or nil).
    public var zone: ZoneIndex?
    /// Start of the 15-minute delivery interval the posting is for (Unix ms), if it is for one.
    public var intervalStartMs: Int64?
    /// Which energy total the entry counts towards; required whenever `energyWh` is not zero.
    public var side: Side?
    /// Energy on `side`, in Wh: positive for trades, signed for settlements and voids, zero for money-only kinds.
    public var energyWh: Int64
    /// Signed effect on the user's balance, in micros. For a trade it is either the fill's value at its
    /// price (money moved at the fill) or zero (money moves with the later settlement line): whichever
    /// the ledger does, the statement's balance is the ledger's.
    public var amountMicros: Int64
    /// The fill price for trades (micros per kWh, may be negative); informational for other kinds.
    public var priceMicrosPerKWh: Int64?
    /// The other party's zone, when energy crossed an interconnector.
    public var counterpartyZone: ZoneIndex?
    public var flags: StatementEntryFlags
    /// Free text shown to the user (a reference, a reason); escaped in every output.
    public var memo: String

    public init(
        timestampMs: Int64, kind: StatementEntryKind, tradeId: TradeId? = nil, orderId: OrderId? = nil,
        zone: ZoneIndex? = nil, intervalStartMs: Int64? = nil, side: Side? = nil, energyWh: Int64 = 0,
        amountMicros: Int64, priceMicrosPerKWh: Int64? = nil, counterpartyZone: ZoneIndex? = nil,
        flags: StatementEntryFlags = [], memo: String = ""
    ) {
        self.timestampMs = timestampMs
        self.kind = kind
        self.tradeId = tradeId
        self.orderId = orderId
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        // A trade's side is its kind; taking it from there saves the mapping a way to disagree.
        self.side = side ?? (kind == .tradeBought ? .buy : kind == .tradeSold ? .sell : nil)
        self.energyWh = energyWh
        self.amountMicros = amountMicros
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.counterpartyZone = counterpartyZone
        self.flags = flags
        self.memo = memo
    }

    /// A fill the user bought: money out is the fill's value at its price, rounded as `TradeValue` rounds.
    /// Nil when the value overflows.
    public static func bought(
        timestampMs: Int64, energyWh: Int64, priceMicrosPerKWh: Int64, tradeId: TradeId? = nil, orderId: OrderId? = nil,
        zone: ZoneIndex? = nil, intervalStartMs: Int64? = nil, counterpartyZone: ZoneIndex? = nil,
        flags: StatementEntryFlags = [], memo: String = ""
    ) -> StatementEntry? {
        guard let value = TradeValue.valueMicros(quantityWh: energyWh, priceMicrosPerKWh: priceMicrosPerKWh) else { return nil }
        return StatementEntry(
            timestampMs: timestampMs, kind: .tradeBought, tradeId: tradeId, orderId: orderId, zone: zone,
            intervalStartMs: intervalStartMs, energyWh: energyWh, amountMicros: -value, priceMicrosPerKWh: priceMicrosPerKWh,
            counterpartyZone: counterpartyZone, flags: flags, memo: memo)
    }

    /// A fill the user sold: money in is the fill's value at its price. Nil when the value overflows.
    public static func sold(
        timestampMs: Int64, energyWh: Int64, priceMicrosPerKWh: Int64, tradeId: TradeId? = nil, orderId: OrderId? = nil,
        zone: ZoneIndex? = nil, intervalStartMs: Int64? = nil, counterpartyZone: ZoneIndex? = nil,
        flags: StatementEntryFlags = [], memo: String = ""
    ) -> StatementEntry? {
        guard let value = TradeValue.valueMicros(quantityWh: energyWh, priceMicrosPerKWh: priceMicrosPerKWh) else { return nil }
        return StatementEntry(
            timestampMs: timestampMs, kind: .tradeSold, tradeId: tradeId, orderId: orderId, zone: zone,
            intervalStartMs: intervalStartMs, energyWh: energyWh, amountMicros: value, priceMicrosPerKWh: priceMicrosPerKWh,
            counterpartyZone: counterpartyZone, flags: flags, memo: memo)
    }
}

/// Facts about an entry the user should see next to it.
public struct StatementEntryFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The meter reading behind the posting was estimated, so a later settlement may correct it.
    public static let estimatedMeterData = StatementEntryFlags(rawValue: 1 << 0)
    /// The energy crossed an interconnector into or out of another zone.
    public static let crossZone = StatementEntryFlags(rawValue: 1 << 1)

    /// Names in a fixed order for the CSV and HTML, joined by ";" (a character no CSV field needs quoting for).
    public var names: [String] {
        var result: [String] = []
        if contains(.estimatedMeterData) { result.append("estimated") }
        if contains(.crossZone) { result.append("cross_zone") }
        return result
    }
}
