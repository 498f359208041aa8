/// A posted movement of money between two accounts. The ledger keeps every one it applied by
/// id, which is what makes a repeated command a no-op and a reused id with other content a
/// conflict instead of a second payment.
public struct Transfer: Sendable, Hashable {
    public var id: TransferId
    /// The account the money leaves.
    public var debit: LedgerAccount
    /// The account the money enters.
    public var credit: LedgerAccount
    /// Always positive: a zero transfer would be an id with no effect, a negative one a
    /// transfer the other way under the wrong name.
    public var amountMicros: Int64

    public init(id: TransferId, debit: LedgerAccount, credit: LedgerAccount, amountMicros: Int64) {
        self.id = id
        self.debit = debit
        self.credit = credit
        self.amountMicros = amountMicros
    }
}
