import GreenGridDomain
import GreenGridProtocol

/// A trader's wallet as the exchange saw it at one journal sequence, in micros of the currency unit.
public struct WalletBalance: Sendable, Hashable {
    /// The wallet's owner (the session's trader).
    public var traderId: TraderId
    /// Free to spend on new buy orders or to withdraw.
    public var availableMicros: Int64
    /// Held for the trader's resting buy orders.
    public var reservedMicros: Int64
    /// Held for trades awaiting settlement.
    public var escrowMicros: Int64
    /// The last journal sequence the figures include.
    public var asOfSequence: UInt64

    public init(traderId: TraderId, availableMicros: Int64, reservedMicros: Int64, escrowMicros: Int64, asOfSequence: UInt64) {
        self.traderId = traderId
        self.availableMicros = availableMicros
        self.reservedMicros = reservedMicros
        self.escrowMicros = escrowMicros
        self.asOfSequence = asOfSequence
    }

    init(_ m: Message.Balance) {
        self.init(traderId: m.userId, availableMicros: m.availableMicros, reservedMicros: m.reservedMicros, escrowMicros: m.escrowMicros,
                  asOfSequence: m.asOfSequence)
    }
}

/// A deposit or withdrawal that is durable in the exchange's journal. Asking again with the same
/// request id returns the same receipt (same sequence and time): the money moved once.
public struct FundsMovedReceipt: Sendable, Hashable {
    public var requestId: UInt64
    public var kind: FundsMovement
    public var amountMicros: Int64
    /// The available balance right after the movement.
    public var availableAfterMicros: Int64
    /// The movement's journal sequence.
    public var sequence: UInt64
    public var timestampMs: Int64

    public init(requestId: UInt64, kind: FundsMovement, amountMicros: Int64, availableAfterMicros: Int64, sequence: UInt64, timestampMs: Int64) {
        self.requestId = requestId
        self.kind = kind
        self.amountMicros = amountMicros
        self.availableAfterMicros = availableAfterMicros
        self.sequence = sequence
        self.timestampMs = timestampMs
    }

    init(_ m: Message.FundsMoved) {
        self.init(requestId: m.requestId, kind: m.kind, amountMicros: m.amountMicros, availableAfterMicros: m.availableAfterMicros,
                  sequence: m.sequence, timestampMs: m.timestampMs)
    }
}
