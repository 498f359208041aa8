import GreenGridDomain

/// Commands as one line of text for people reading a journal.
enum CommandText {
    static func describe(_ command: Command) -> String {
        switch command {
        case .registerParticipant(let p):
            return "register trader \(p.traderId) as \(p.role) in zone \(p.zone) feeder \(p.feeder)"
        case .newOrder(let o):
            return "new \(o.side) \(o.quantityWh) Wh @ \(o.priceMicrosPerKWh) µ/kWh \(o.timeInForce) zone \(o.zone) interval \(o.intervalStartMs) trader \(o.traderId) clOrd \(o.clientOrderId)"
                + (o.side == .sell ? " source \(o.source)" : " accepts 0x\(String(o.acceptedSources.rawValue, radix: 16))")
                + (o.cancelOnDisconnect ? " cancel-on-disconnect" : "")
        case .cancel(let traderId, let zone, let orderId, let reason):
            return "cancel order \(orderId) zone \(zone) trader \(traderId)" + (reason == .byTrader ? "" : " (\(reason))")
        case .replace(let r):
            return "replace order \(r.orderId) → \(r.quantityWh) Wh @ \(r.priceMicrosPerKWh) µ/kWh zone \(r.zone) trader \(r.traderId)"
        case .halt(let operatorId, let zone, let cancelResting):
            return "halt zone \(zone) by \(operatorId)\(cancelResting ? ", cancelling resting orders" : "")"
        case .resume(let operatorId, let zone):
            return "resume zone \(zone) by \(operatorId)"
        case .closeGate(let interval):
            return "close gate for interval \(interval)"
        case .setRole(let traderId, let zone, let role):
            return "set role of trader \(traderId) in zone \(zone) to \(role)"
        case .deposit(let r):
            return "deposit \(r.amountMicros) µ for trader \(r.traderId) zone \(r.zone) request \(r.requestId)"
        case .withdraw(let r):
            return "withdraw \(r.amountMicros) µ for trader \(r.traderId) zone \(r.zone) request \(r.requestId)"
        case .intervalReading(let r):
            return "meter reading of \(r.traderId) for interval \(r.intervalStartMs): export \(r.exportWh) Wh, import \(r.importWh) Wh"
        case .settleInterval(let interval):
            return "settle interval \(interval)"
        case .startAuction(let a):
            return "start \(a.byZone ? "zone " : "")auction of \(a.quantityWh) Wh \(a.source) zone \(a.zone) interval \(a.intervalStartMs) seller \(a.sellerId)"
                + " by \(a.requesterId) clOrd \(a.clientOrderId): \(a.startPriceMicrosPerKWh) → \(a.floorPriceMicrosPerKWh) µ/kWh,"
                + " \(a.stepMicrosPerKWh) every \(a.stepIntervalMs) ms, unsold \(a.unsoldAtFloor)"
        case .auctionClock(let zone):
            return "auction clock zone \(zone)"
        case .stopAuction(let requesterId, let zone, let auctionId):
            return "stop auction \(auctionId) zone \(zone) by \(requesterId)"
        }
    }
}
