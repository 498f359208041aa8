
/// A fill as the ledger sees it: everything needed to move the buyer's reservation into a
/// pending transfer and, later, to recompute each leg for the delivered energy.
public struct EscrowFill: Sendable, Hashable {
    public var tradeId: TradeId
    public var intervalStartMs: Int64
    public var buyer: TraderId
    public var seller: TraderId
    /// The zone whose grid fee account collects the path's fee (ignored when the fee is 0).
    public var gridFeeZone: UInt16
    public var quantityWh: Int64
    public var priceMicrosPerKWh: Int64
    public var platformFeeMicrosPerKWh: Int64
    public var gridFeeMicrosPerKWh: Int64
    /// The buy order's reservation rate (`BuyReservation.microsPerWh`): the fill takes
    /// `quantityWh × reservationMicrosPerWh` out of reserved.
    public var reservationMicrosPerWh: Int64

    public init(tradeId: TradeId, intervalStartMs: Int64, buyer: TraderId, seller: TraderId, gridFeeZone: UInt16,
                quantityWh: Int64, priceMicrosPerKWh: Int64, platformFeeMicrosPerKWh: Int64, gridFeeMicrosPerKWh: Int64,
                reservationMicrosPerWh: Int64) {
        self.tradeId = tradeId
        self.intervalStartMs = intervalStartMs
        self.buyer = buyer
        self.seller = seller
        self.gridFeeZone = gridFeeZone
        self.quantityWh = quantityWh
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.platformFeeMicrosPerKWh = platformFeeMicrosPerKWh
        self.gridFeeMicrosPerKWh = gridFeeMicrosPerKWh
        self.reservationMicrosPerWh = reservationMicrosPerWh
    }

    /// The ledger's view of an engine trade. The grid fee rate is the path's (the trade carries
    /// only the amount); the trade's own `valueMicros` and `gridFeeMicros` are what
    /// `FillCharges` computes from these rates, which the wiring can assert.
    public init(trade: Trade, gridFeeZone: UInt16, platformFeeMicrosPerKWh: Int64, gridFeeMicrosPerKWh: Int64,
                reservationMicrosPerWh: Int64) {
        self.init(tradeId: trade.tradeId, intervalStartMs: trade.intervalStartMs, buyer: trade.buyerId, seller: trade.sellerId,
                  gridFeeZone: gridFeeZone, quantityWh: trade.quantityWh, priceMicrosPerKWh: trade.priceMicrosPerKWh,
                  platformFeeMicrosPerKWh: platformFeeMicrosPerKWh, gridFeeMicrosPerKWh: gridFeeMicrosPerKWh,
                  reservationMicrosPerWh: reservationMicrosPerWh)
    }
}

/// Every way the ledger changes: the journal stores these (Protocol/ledger-bodies.md), and
/// replaying them in order rebuilds the ledger byte for byte. Each names the transfers it makes
/// by ids derived from its own fields, so applying it twice changes nothing.
public enum LedgerCommand: Sendable, Hashable {
    /// external → available (a simulated payment in).
    case deposit(user: TraderId, requestId: UInt64, amountMicros: Int64)
    /// available → external (a simulated payment out); refused beyond the available balance.
    case withdraw(user: TraderId, requestId: UInt64, amountMicros: Int64)
    /// available → reserved for a buy order: `quantityWh × microsPerWh`. `revision` is the
    /// sequence of the command that set the order's size (the order id for a new order).
    case reserve(user: TraderId, orderId: OrderId, revision: UInt64, quantityWh: Int64, microsPerWh: Int64)
    /// reserved → available for an order's unfilled rest at cancel or expiry; `revision` is the
    /// cancelling or expiring command's sequence.
    case release(user: TraderId, orderId: OrderId, revision: UInt64, quantityWh: Int64, microsPerWh: Int64)
    /// A replace: releases the old rest and reserves the new one, both or neither.
    case replaceReservation(user: TraderId, orderId: OrderId, revision: UInt64, oldQuantityWh: Int64, oldMicrosPerWh: Int64,
                            newQuantityWh: Int64, newMicrosPerWh: Int64)
    /// A fill: the fill's share of the reservation becomes the trade's escrow (a pending
    /// transfer) and what the share held beyond the cost returns to available.
    case fill(EscrowFill)
    /// Posts (delivered > 0) or voids (0) a trade's escrow, exactly once.
    case settle(tradeId: TradeId, intervalStartMs: Int64, deliveredWh: Int64, outcome: SettlementOutcome)

    public var commandType: LedgerCommandType {
        switch self {
        case .deposit: return .deposit
        case .withdraw: return .withdraw
        case .reserve: return .reserve
        case .release: return .release
        case .replaceReservation: return .replaceReservation
        case .fill: return .fill
        case .settle: return .settle
        }
    }
}

/// A ledger command with the sequencer's stamp: what one journal record body holds.
public struct SequencedLedgerCommand: Sendable, Hashable {
    public var sequence: UInt64
    public var timestampMs: Int64
    public var command: LedgerCommand

    public init(sequence: UInt64, timestampMs: Int64, command: LedgerCommand) {
        self.sequence = sequence
        self.timestampMs = timestampMs
        self.command = command
    }
}
