/// What one evaluation round changed: the state transitions, in alert-id order, and the round's
/// time. Applying them is the only way evaluation mutates an `AlertBook`, live and in replay.
public struct AlertRound: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable, CaseIterable {
        /// Armed → triggered: a notification to the owner.
        case triggered = 1
        /// Triggered → armed: the price came back past the band (silent).
        case rearmed = 2
        /// A specific-interval alert whose interval has started is removed (silent).
        case expired = 3
    }

    public struct Transition: Sendable, Hashable {
        public var kind: Kind
        public var alertId: UInt64
        /// The interval the price was read from; for `expired`, the alert's own interval.
        public var intervalStartMs: Int64
        /// The observed price; 0 for `expired`.
        public var priceMicrosPerKWh: Int64

        public init(kind: Kind, alertId: UInt64, intervalStartMs: Int64, priceMicrosPerKWh: Int64) {
            self.kind = kind
            self.alertId = alertId
            self.intervalStartMs = intervalStartMs
            self.priceMicrosPerKWh = priceMicrosPerKWh
        }
    }

    public var nowMs: Int64
    public var transitions: [Transition]

    public init(nowMs: Int64, transitions: [Transition]) {
        self.nowMs = nowMs
        self.transitions = transitions
    }

    /// A round with no transitions leaves the book as it was, so it needs no journal record.
    public var changesNothing: Bool { transitions.isEmpty }

    /// The round as journal records of at most `AlertRecord.transitionsPerRecordMax` transitions each;
    /// applying them in order equals applying the round (each transition touches another alert).
    public var records: [AlertRecord] {
        guard !transitions.isEmpty else { return [] }
        return stride(from: 0, to: transitions.count, by: AlertRecord.transitionsPerRecordMax).map { start in
            let end = min(start + AlertRecord.transitionsPerRecordMax, transitions.count)
            return .evaluated(AlertRound(nowMs: nowMs, transitions: Array(transitions[start..<end])))
        }
    }
}
