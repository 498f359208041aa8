import GreenGridDomain

/// One notification: an alert crossed its threshold. Numbered per owner (1, 2, …) so a client
/// that was away asks its inbox for what came after the last sequence it saw.
public struct AlertTrigger: Sendable, Hashable {
    public var ownerId: TraderId
    public var sequence: UInt64
    public var alertId: UInt64
    public var zone: ZoneIndex
    /// The interval the price was read from (for a front alert: the front at that round).
    public var intervalStartMs: Int64
    public var metric: AlertMetric
    public var direction: AlertDirection
    public var thresholdMicrosPerKWh: Int64
    public var priceMicrosPerKWh: Int64
    public var triggeredAtMs: Int64

    public init(ownerId: TraderId, sequence: UInt64, alertId: UInt64, zone: ZoneIndex, intervalStartMs: Int64, metric: AlertMetric,
                direction: AlertDirection, thresholdMicrosPerKWh: Int64, priceMicrosPerKWh: Int64, triggeredAtMs: Int64) {
        self.ownerId = ownerId
        self.sequence = sequence
        self.alertId = alertId
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.metric = metric
        self.direction = direction
        self.thresholdMicrosPerKWh = thresholdMicrosPerKWh
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.triggeredAtMs = triggeredAtMs
    }
}

/// Why a set or delete was refused (stable codes, grouped: 1x the request, 2x limits, 3x the alert).
public enum AlertRejection: UInt16, Error, Sendable, Hashable, CaseIterable {
    case unknownZone = 10
    case intervalNotAligned = 11
    case intervalStarted = 12
    case thresholdOutOfRange = 13
    case rearmOutOfRange = 14
    case tooManyAlerts = 20
    case alertBookFull = 21
    case unknownAlert = 30
    case notOwner = 31
}
