/// Why a command was refused. Codes are stable on the wire and grouped by the check that
/// produced them: 1xx form, 2xx role and ownership, 3xx market state, 4xx compliance,
/// 5xx funds, 6xx order management, 7xx limits.
public enum RejectReason: UInt16, Sendable, Hashable, Codable, CaseIterable {
    case quantityNotPositive = 100
    case priceNotOnTick = 101
    case priceOutsideBand = 102
    case intervalMisaligned = 103
    case intervalNotYetOpen = 104
    case gateClosed = 105
    case unknownZone = 106
    case sourceSetInvalid = 107
    case duplicateClientOrderId = 108
    /// `UInt64.max` is reserved.
    case clientOrderIdInvalid = 109
    /// A meter reading with a negative or impossible energy, or for a misaligned interval.
    case meterReadingInvalid = 110
    /// An auction whose schedule cannot run: floor above start, a step of zero, a step
    /// interval outside 1 s...1 h, or more than 1,000 steps from start to floor.
    case auctionScheduleInvalid = 111

    case unknownParticipant = 200
    case roleCannotTrade = 201
    case roleCannotSell = 202
    case wrongZoneForParticipant = 203
    case notOrderOwner = 204
    case roleCannotOperateGrid = 205
    case participantAlreadyRegistered = 206
    case unknownFeeder = 207
    /// SetRole only moves a trader between the trading roles (a placement cannot be invented or dropped).
    case roleChangeInvalid = 208

    case zoneHalted = 300
    case zoneNotHalted = 301

    case priceAboveCap = 400
    case priceBelowFloor = 401
    case orderTooLarge = 402

    case insufficientFunds = 500
    /// A deposit or withdrawal of nothing, a negative amount, more than one movement may carry,
    /// or a deposit that would take the balance above `WalletRules.balanceMicrosMax`.
    case walletAmountInvalid = 501
    /// A wallet request id used before for a different movement.
    case walletRequestConflict = 502
    /// The market has no wallets, or the participant is not a trader of the zone.
    case noWallet = 503
    /// A buy whose worst-case cost does not fit the arithmetic (quantity × reservation rate).
    case reservationTooLarge = 504

    case unknownOrder = 600
    case replaceChangesNothing = 601
    case replaceDoesNotMatchOrder = 602

    case tooManyOpenOrders = 700
    /// The zone already runs `AuctionRules.runningPerZoneMax` auctions.
    case tooManyAuctions = 701
}
