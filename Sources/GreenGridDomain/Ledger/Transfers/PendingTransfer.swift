
/// Where an escrow stands. Raw values are stable on disk.
public enum PendingState: UInt8, Sendable, Hashable {
    case pending = 1
    /// Some energy was delivered: its value and fees were paid, the rest returned.
    case posted = 2
    /// Nothing was paid: the whole escrow went back to the buyer.
    case voided = 3
}

/// Why a trade settled the way it did. Raw values are stable on disk.
public enum SettlementOutcome: UInt8, Sendable, Hashable, CaseIterable {
    /// Both parties' meter data was in: delivered is the lower of the two allocations.
    case metered = 1
    /// Meter data was missing at the deadline and the rule voided the trade; flagged for review.
    case voidedNoMeterData = 2
    /// Meter data was missing at the deadline and the rule deemed the trade delivered; flagged.
    case deemedNoMeterData = 3

    /// Whether an operator should look at the trade.
    public var isFlagged: Bool { self != .metered }
}

/// A trade's escrow: a pending transfer from the buyer's escrow account with up to three legs
/// (value to the seller, platform fee, grid fee of the path), posted once for the delivered
/// energy (each leg recomputed for it with the one rounding rule, the rest returned to the
/// buyer's available balance) or voided once.
///
/// The legs are kept as rates and recomputed rather than prorated from amounts, so a partial
/// delivery is charged exactly what a trade of that size would have been charged.
public struct PendingTransfer: Sendable, Hashable {
    public var tradeId: TradeId
    public var intervalStartMs: Int64
    public var buyer: TraderId
    public var seller: TraderId
    /// The zone whose grid fee account collects the grid fee leg.
    public var gridFeeZone: UInt16
    public var quantityWh: Int64
    public var priceMicrosPerKWh: Int64
    public var platformFeeMicrosPerKWh: Int64
    public var gridFeeMicrosPerKWh: Int64
    /// The share of the buy's reservation the fill took, per Wh (kept so a repeated fill is
    /// recognised as the same one, and a different one as a conflict).
    public var reservationMicrosPerWh: Int64
    public var state: PendingState = .pending
    /// What the settlement found delivered (0 while pending).
    public var deliveredWh: Int64 = 0
    /// Set once resolved.
    public var outcome: SettlementOutcome? = nil

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

    public init(_ fill: EscrowFill) {
        self.init(tradeId: fill.tradeId, intervalStartMs: fill.intervalStartMs, buyer: fill.buyer, seller: fill.seller,
                  gridFeeZone: fill.gridFeeZone, quantityWh: fill.quantityWh, priceMicrosPerKWh: fill.priceMicrosPerKWh,
                  platformFeeMicrosPerKWh: fill.platformFeeMicrosPerKWh, gridFeeMicrosPerKWh: fill.gridFeeMicrosPerKWh,
                  reservationMicrosPerWh: fill.reservationMicrosPerWh)
    }

    /// The fill this escrow was made from: what a repeated fill is compared with.
    public var fill: EscrowFill {
        EscrowFill(tradeId: tradeId, intervalStartMs: intervalStartMs, buyer: buyer, seller: seller, gridFeeZone: gridFeeZone,
                   quantityWh: quantityWh, priceMicrosPerKWh: priceMicrosPerKWh, platformFeeMicrosPerKWh: platformFeeMicrosPerKWh,
                   gridFeeMicrosPerKWh: gridFeeMicrosPerKWh, reservationMicrosPerWh: reservationMicrosPerWh)
    }

    public var id: TransferId { .escrow(tradeId: tradeId) }

    /// The three legs for `wh` delivered, or nil on overflow (refused when the escrow is made,
    /// so a stored escrow never overflows for any `wh` up to its quantity).
    @inlinable
    public func legs(forWh wh: Int64) -> FillCharges? {
        FillCharges(quantityWh: wh, priceMicrosPerKWh: priceMicrosPerKWh,
                    platformFeeMicrosPerKWh: platformFeeMicrosPerKWh, gridFeeMicrosPerKWh: gridFeeMicrosPerKWh)
    }

    /// The whole escrowed amount: the legs for the traded quantity.
    public var amountMicros: Int64 { legs(forWh: quantityWh)!.totalMicros }
}
