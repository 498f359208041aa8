/// Why the ledger refused a command. Nothing changes when it does. Raw values are stable, so
/// the wiring can put them on the wire.
public enum LedgerRejection: UInt8, Sendable, Hashable, CaseIterable {
    /// A zero or negative amount or quantity, a negative rate, or a delivered quantity outside
    /// 0...traded.
    case invalidAmount = 1
    /// An amount overflows Int64.
    case overflow = 2
    /// The available balance does not cover a withdrawal or a reservation.
    case insufficientFunds = 3
    /// The reserved balance does not hold what a release or fill takes out of it.
    case insufficientReserved = 4
    /// The id was used before with other content.
    case conflict = 5
    /// A settle names a trade with no escrow.
    case unknownTrade = 6
    /// A fill would cost more than its share of the reservation: the rates are not consistent.
    case reservationShort = 7
    /// A settle's outcome does not fit its delivered quantity (a void that delivers energy).
    case outcomeMismatch = 8
}

/// What applying a command did.
public enum LedgerOutcome: Sendable, Hashable {
    case applied
    /// The same command (same ids, same content) was applied before: nothing changed.
    case duplicate
    case rejected(LedgerRejection)

    public var changedState: Bool { self == .applied }
}
