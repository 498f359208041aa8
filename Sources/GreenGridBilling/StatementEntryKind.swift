/// What moved on the user's account. One kind per ledger posting type, so a statement line can
/// always be traced back to one posting and the totals can be split by cause.
///
/// The raw values are the words printed in the CSV `kind` column: changing one changes the file format.
public enum StatementEntryKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The user bought energy in a fill: energy in, money out at the fill's value.
    case tradeBought = "trade_bought"
    /// The user sold energy in a fill: energy out, money in at the fill's value.
    case tradeSold = "trade_sold"
    /// A correction after metering (delivered energy differed from traded energy): signed energy and money.
    case settlementPosted = "settlement_posted"
    /// The reversal of an earlier trade or settlement (a voided interval): signed energy and money.
    case settlementVoided = "settlement_voided"
    /// The exchange's fee; negative is a charge, positive a rebate.
    case platformFee = "platform_fee"
    /// The network operator's use-of-grid fee; negative is a charge, positive a refund.
    case gridFee = "grid_fee"
    /// Money paid into the wallet.
    case deposit = "deposit"
    /// Money paid out of the wallet.
    case withdrawal = "withdrawal"

    /// The order lines of equal timestamp are printed in: money in first, then trades, settlements,
    /// fees and money out, so a same-second deposit-then-trade reads in cause order.
    var sortRank: Int {
        switch self {
        case .deposit: return 0
        case .tradeBought: return 1
        case .tradeSold: return 2
        case .settlementPosted: return 3
        case .settlementVoided: return 4
        case .platformFee: return 5
        case .gridFee: return 6
        case .withdrawal: return 7
        }
    }

    var isSettlement: Bool { self == .settlementPosted || self == .settlementVoided }

    /// Words for the HTML table.
    public var label: String {
        switch self {
        case .tradeBought: return "Bought"
        case .tradeSold: return "Sold"
        case .settlementPosted: return "Settlement"
        case .settlementVoided: return "Void"
        case .platformFee: return "Platform fee"
        case .gridFee: return "Grid fee"
        case .deposit: return "Deposit"
        case .withdrawal: return "Withdrawal"
        }
    }
}
