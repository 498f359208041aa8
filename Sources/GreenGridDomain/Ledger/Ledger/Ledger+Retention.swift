/// What the ledger may forget. Every transfer is remembered by id so a repeated command is a
/// no-op; but a buy order's reservation transfers (reserve and release, one per revision) can
/// only be repeated while the order exists, and the engine's order ids are command sequences,
/// so once no order below some id can be open, their ids can never come again. Without this a
/// long-running exchange would keep one or more transfers per buy order forever.
extension Ledger {
    /// Forgets the reserve and release transfers of every order with an id below `orderId`;
    /// returns how many. Balances are untouched.
    @discardableResult
    public mutating func forgetReservations(ofOrdersBelow orderId: OrderId) -> Int {
        let before = transfers.count
        transfers = transfers.filter { id, _ in
            !((id.purpose == .reserve || id.purpose == .release) && id.reference < orderId)
        }
        return before - transfers.count
    }
}
