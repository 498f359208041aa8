/// Why a wallet request (balance, deposit, withdrawal, history, statement) was refused, sent in
/// WalletRejected. Stable on the wire.
public enum WalletRejectReason: UInt16, Sendable, Hashable, CaseIterable {
    /// A withdrawal above the available balance.
    case insufficientFunds = 1
    /// A deposit or withdrawal amount of 0 or less, or above `ProtocolConstants.walletAmountMicrosMax`.
    case invalidAmount = 2
    /// A deposit or withdrawal whose requestId was used before with a different kind or amount.
    case conflict = 3
    /// The session's role has no wallet (grid operators, admins, gateways).
    case noWallet = 4
    /// A StatementRequest's month outside 1–12, or a HistoryRequest with fromMs ≥ toMs or maxEntries outside
    /// 1 ... `ProtocolConstants.historyEntriesMax`.
    case invalidPeriod = 5
    /// The statement is above `ProtocolConstants.statementBytesMax`.
    case statementTooLarge = 6
    /// The exchange cannot answer now (for example it is stopping); ask again later.
    case notReady = 7
}
