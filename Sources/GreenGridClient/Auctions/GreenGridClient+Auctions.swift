import GreenGridDomain
import GreenGridProtocol

/// Dutch auctions (Protocol/protocol.md, "Auctions"). A start is answered by client order id, a
/// stop by auction id; the seller's reports also go to `ClientConfiguration.auctionReportHandler`,
/// and every auction of a subscribed zone shows on the market-data stream (`.auctionUpdate`,
/// `.auctionResult`). Fills of an auction are ordinary `Fill` reports (the seller's `orderId` is the
/// auction id).
extension GreenGridClient {
    /// Starts an auction; returns its acceptance (with the auction id) once it runs durably.
    /// A refusal throws `.orderRejected` with the engine's reason, or `.invalidRequest` for a
    /// protocol-level refusal (for example a consumer, or `forZone` from a prosumer).
    public func startAuction(_ auction: AuctionRequest, timeoutMs: Int64? = nil) async throws(ClientError) -> Message.AuctionAccepted {
        let id = auction.clientOrderId ?? nextClientOrderId()
        let answer = try await request(auction.message(clientOrderId: id), key: .auctionStart(id), timeoutMs: timeoutMs)
        guard case .auctionAccepted(let accepted) = answer else { throw Self.orderFailure(answer, .auctionStart) }
        return accepted
    }

    /// Stops a running auction; returns its end report (phase stopped, reason cancelled, the
    /// remainder expired). If it ended on its own meanwhile, that end report is returned instead.
    public func stopAuction(zone: UInt16, auctionId: AuctionId, timeoutMs: Int64? = nil) async throws(ClientError) -> Message.AuctionEnded {
        let answer = try await request(.auctionStop(Message.AuctionStop(zone: zone, auctionId: auctionId)), key: .auctionStop(auctionId),
                                       timeoutMs: timeoutMs)
        guard case .auctionEnded(let ended) = answer else { throw Self.orderFailure(answer, .auctionStop) }
        return ended
    }

    /// Sends an auction start without waiting; its reports arrive on `auctionReportHandler` and
    /// its refusal, if any, on the session events.
    @discardableResult
    public func sendAuctionStart(_ auction: AuctionRequest) throws(ClientError) -> ClientOrderId {
        let (connection, id) = try state.withLock { (state) throws(ClientError) in
            let connection = try state.usableConnection()
            return (connection, auction.clientOrderId ?? state.takeClientOrderId())
        }
        try connection.send(auction.message(clientOrderId: id))
        return id
    }

    static func orderFailure(_ answer: RequestAnswer, _ type: MessageType) -> ClientError {
        switch answer {
        case .rejected(let rejected): return .orderRejected(reason: rejected.reason, request: type)
        case .protocolReject(let reject): return .invalidRequest("\(type.name) refused: \(reject.reason) \(reject.text)")
        default: return .unexpectedMessage(during: "the answer to \(type.name)", type: type)
        }
    }
}
