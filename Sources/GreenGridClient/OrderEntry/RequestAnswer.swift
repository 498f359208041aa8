import GreenGridProtocol

/// The first answer the server gave to a request; later reports about the same order (fills,
/// expiry) arrive only on the session event stream.
public enum RequestAnswer: Sendable, Hashable {
    case accepted(Message.OrderAccepted)
    case rejected(Message.OrderRejected)
    case cancelled(Message.OrderCancelled)
    case replaced(Message.OrderReplaced)
    case massCancelDone(Message.MassCancelDone)
    case userCreated(Message.UserCreated)
    case adminAccepted(Message.AdminAccepted)
    case adminRejected(Message.AdminRejected)
    /// OrderStatusRequest: the trader's resting orders, by order id (possibly none).
    case openOrders([Message.OpenOrder])
    /// ZoneListRequest: every zone, in zone order.
    case zones([Message.ZoneInfo])
    /// BalanceRequest: the wallet's balances.
    case balance(Message.Balance)
    /// DepositRequest, WithdrawRequest: the movement is durable (the same answer again for a repeated request id).
    case fundsMoved(Message.FundsMoved)
    /// Any wallet request refused (for a history or a statement, the whole answer).
    case walletRejected(Message.WalletRejected)
    /// HistoryRequest: the entries in sequence order, and the end with their count.
    case history([Message.HistoryEntry], end: Message.HistoryEnd)
    /// StatementRequest: the chunks as they arrived (not yet checked), and the end with size and CRC-32C.
    case statement([Message.StatementChunk], end: Message.StatementEnd)
    /// PriceRequest: an interval's tier, band, tariff and reference price.
    case price(Message.PriceInfo)
    /// AlertSet, AlertDelete: done, durably.
    case alertAccepted(Message.AlertAccepted)
    case alertRejected(Message.AlertRejected)
    /// AlertListRequest: the user's alerts, and the end with their count.
    case alertList([Message.AlertInfo], end: Message.AlertListEnd)
    /// InboxRequest: the notifications, and the end with their count and the latest sequence.
    case inbox([Message.Notification], end: Message.InboxEnd)
    /// MeterReadings: the batch is durable, one outcome per reading.
    case readingsAck(Message.ReadingsAck)
    /// RegisterMeter: the meter is registered, durably.
    case meterRegistered(Message.MeterRegistered)
    /// ForecastRequest: production per interval.
    case forecast(Message.Forecast)
    /// Any metering request refused as a whole.
    case meteringRejected(Message.MeteringRejected)
    /// AuctionStart: the auction runs, durably, and has its id.
    case auctionAccepted(Message.AuctionAccepted)
    /// AuctionStop: the auction ended (stopped, or on its own just before).
    case auctionEnded(Message.AuctionEnded)
    /// The request was refused below the business rules (not permitted for the role, rate limited, …).
    case protocolReject(Message.ProtocolReject)

    /// True for the answers that mean "done as asked".
    public var isSuccess: Bool {
        switch self {
        case .accepted, .cancelled, .replaced, .massCancelDone, .userCreated, .adminAccepted, .openOrders, .zones, .balance, .fundsMoved,
             .history, .statement, .readingsAck, .meterRegistered, .forecast, .price, .alertAccepted, .alertList, .inbox, .auctionAccepted,
             .auctionEnded:
            return true
        case .rejected, .adminRejected, .walletRejected, .meteringRejected, .alertRejected, .protocolReject: return false
        }
    }
}
