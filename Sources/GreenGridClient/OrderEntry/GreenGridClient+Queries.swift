import GreenGridDomain
import GreenGridProtocol

extension GreenGridClient {
    /// The session's trader's resting orders in a zone or all, as the server sees them once every
    /// request sent before this one has executed. Refused (an unknown zone): `.invalidRequest`.
    public func openOrders(zone: UInt16 = ProtocolConstants.allZones, timeoutMs: Int64? = nil) async throws(ClientError) -> [Message.OpenOrder] {
        let requestId = state.withLock { $0.takeRequestId() }
        let answer = try await request(.orderStatusRequest(Message.OrderStatusRequest(requestId: requestId, zone: zone)),
                                       key: .query(requestId), timeoutMs: timeoutMs)
        switch answer {
        case .openOrders(let orders): return orders
        case .protocolReject(let reject): throw .invalidRequest("OrderStatusRequest refused: \(reject.reason) \(reject.text)")
        default: throw .invalidRequest("OrderStatusRequest answered \(answer)")
        }
    }

    /// Every zone, in zone order, with its status and last published sequence.
    public func zones(timeoutMs: Int64? = nil) async throws(ClientError) -> [Message.ZoneInfo] {
        let requestId = state.withLock { $0.takeRequestId() }
        let answer = try await request(.zoneListRequest(Message.ZoneListRequest(requestId: requestId)), key: .query(requestId),
                                       timeoutMs: timeoutMs)
        switch answer {
        case .zones(let zones): return zones
        case .protocolReject(let reject): throw .invalidRequest("ZoneListRequest refused: \(reject.reason) \(reject.text)")
        default: throw .invalidRequest("ZoneListRequest answered \(answer)")
        }
    }

    /// Collects the parts of a query answer; the last part answers the waiting request. Parts of a
    /// request nobody waits for (it timed out) are dropped once complete.
    /// One interval's time-of-use tier, effective band, grid tariff and reference price
    /// (Protocol/protocol.md, "Prices"); the interval that holds `intervalStartMs`.
    public func price(zone: UInt16, intervalStartMs: Int64, timeoutMs: Int64? = nil) async throws(ClientError) -> Message.PriceInfo {
        let requestId = state.withLock { $0.takeRequestId() }
        let answer = try await request(.priceRequest(Message.PriceRequest(requestId: requestId, zone: zone, intervalStartMs: intervalStartMs)),
                                       key: .query(requestId), timeoutMs: timeoutMs)
        switch answer {
        case .price(let info): return info
        case .protocolReject(let reject): throw .invalidRequest("PriceRequest refused: \(reject.reason) \(reject.text)")
        default: throw .invalidRequest("PriceRequest answered \(answer)")
        }
    }

    /// Starts (or stops) pushed PriceInfo for a zone (0xFFFF: every zone), delivered to
    /// `ClientConfiguration.priceInfoHandler`: the latest figures at once, then each change.
    public func subscribePrices(zone: UInt16, active: Bool = true) throws(ClientError) {
        try sendNow(.priceSubscribe(Message.PriceSubscribe(zone: zone, active: active)))
    }

    func handleQueryPart(_ message: Message) {
        state.withLock { state in
            switch message {
            case .openOrder(let order):
                state.queryParts[order.requestId, default: []].append(message)
            case .openOrdersEnd(let end):
                let parts = state.queryParts.removeValue(forKey: end.requestId) ?? []
                let orders = parts.compactMap { part -> Message.OpenOrder? in
                    if case .openOrder(let order) = part { return order }
                    return nil
                }
                state.pending.resolve(.query(end.requestId), with: .openOrders(orders))
            case .zoneInfo(let zone):
                state.queryParts[zone.requestId, default: []].append(message)
                let parts = state.queryParts[zone.requestId] ?? []
                guard parts.count >= Int(zone.zoneCount) else { return }
                state.queryParts[zone.requestId] = nil
                let zones = parts.compactMap { part -> Message.ZoneInfo? in
                    if case .zoneInfo(let info) = part { return info }
                    return nil
                }
                state.pending.resolve(.query(zone.requestId), with: .zones(zones.sorted { $0.zone < $1.zone }))
            default:
                break
            }
        }
    }
}
