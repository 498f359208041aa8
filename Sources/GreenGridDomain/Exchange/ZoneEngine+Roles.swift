extension ZoneEngine {
    /// Moves a registered trader between the trading roles. The engine holds the role because
    /// it decides which sides a trader may enter; a change that would need a new placement
    /// (to or from grid operator or admin) is refused, since those are registered in every zone.
    mutating func setRole(traderId: TraderId, role: Role) {
        guard let index = traderIndex.value(for: UInt64(traderId)) else {
            emit(.rejected(traderId: traderId, clientOrderId: 0, orderId: 0, reason: .unknownParticipant))
            return
        }
        let slot = Int(index)
        guard traders[slot].participant.role.mayTrade && role.mayTrade else {
            emit(.rejected(traderId: traderId, clientOrderId: 0, orderId: 0, reason: .roleChangeInvalid))
            return
        }
        traders[slot].participant.role = role
        emit(.participantRegistered(traders[slot].participant))
        // Sells the new role could not enter do not stay on the book under the old one.
        for side in Side.allCases where !role.maySubmit(side) {
            for interval in openIntervals {
                let bookSlot = Int(bookSlotOfInterval.value(for: UInt64(bitPattern: interval))!)
                for order in books[bookSlot].restingOrders(side) where order.traderId == traderId {
                    guard let (_, orderSlot) = location(of: order.orderId) else { continue }
                    var removed = books[bookSlot].remove(slot: orderSlot)
                    removed.state.apply(.cancel)
                    forget(removed)
                    emit(.cancelled(orderId: removed.orderId, traderId: traderId, remainingWh: removed.remainingWh, reason: .roleChanged))
                }
                emitBookChanges(bookSlot: bookSlot)
                dropBookIfEmpty(bookSlot)
            }
        }
    }
}
