import GreenGridDomain

/// Which price of a zone interval an alert watches (stable codes for the journal and the wire).
public enum AlertMetric: UInt8, Sendable, Hashable, CaseIterable {
    case reference = 1
    case bestBid = 2
    case bestAsk = 3
}

/// Which way the price has to go for the alert to fire (stable codes).
public enum AlertDirection: UInt8, Sendable, Hashable, CaseIterable {
    case above = 1
    case below = 2
}

/// What a user asks for: the alert without the id, owner and time the book assigns.
public struct AlertSpec: Sendable, Hashable {
    /// `intervalStartMs` 0: the zone's front interval (the earliest open interval whose watched price is observed).
    public static let frontInterval: Int64 = 0

    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var metric: AlertMetric
    public var direction: AlertDirection
    public var thresholdMicrosPerKWh: Int64
    /// The hysteresis band: how far back past the threshold the price must go to re-arm.
    public var rearmMicrosPerKWh: Int64

    public init(zone: ZoneIndex, intervalStartMs: Int64 = AlertSpec.frontInterval, metric: AlertMetric, direction: AlertDirection,
                thresholdMicrosPerKWh: Int64, rearmMicrosPerKWh: Int64) {
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.metric = metric
        self.direction = direction
        self.thresholdMicrosPerKWh = thresholdMicrosPerKWh
        self.rearmMicrosPerKWh = rearmMicrosPerKWh
    }

    public var isFront: Bool { intervalStartMs == Self.frontInterval }
}

/// One user's price alert and where it stands in its hysteresis cycle.
public struct PriceAlert: Sendable, Hashable {
    /// Armed: waiting for a crossing. Triggered: fired, waiting for the price to come back past the band.
    public enum State: Sendable, Hashable {
        case armed
        /// The observation that fired it: price, round time and the interval it was read from.
        case triggered(priceMicrosPerKWh: Int64, atMs: Int64, intervalStartMs: Int64)
    }

    public var alertId: UInt64
    public var ownerId: TraderId
    public var zone: ZoneIndex
    /// A delivery interval, or 0 for the zone's front interval.
    public var intervalStartMs: Int64
    public var metric: AlertMetric
    public var direction: AlertDirection
    public var thresholdMicrosPerKWh: Int64
    public var rearmMicrosPerKWh: Int64
    public var createdAtMs: Int64
    public var state: State

    public init(alertId: UInt64, ownerId: TraderId, spec: AlertSpec, createdAtMs: Int64, state: State = .armed) {
        self.alertId = alertId
        self.ownerId = ownerId
        zone = spec.zone
        intervalStartMs = spec.intervalStartMs
        metric = spec.metric
        direction = spec.direction
        thresholdMicrosPerKWh = spec.thresholdMicrosPerKWh
        rearmMicrosPerKWh = spec.rearmMicrosPerKWh
        self.createdAtMs = createdAtMs
        self.state = state
    }

    public var spec: AlertSpec {
        AlertSpec(zone: zone, intervalStartMs: intervalStartMs, metric: metric, direction: direction,
                  thresholdMicrosPerKWh: thresholdMicrosPerKWh, rearmMicrosPerKWh: rearmMicrosPerKWh)
    }

    public var isFront: Bool { intervalStartMs == AlertSpec.frontInterval }
    public var isArmed: Bool { state == .armed }

    /// An armed alert fires when the price reaches the threshold (≥ for above, ≤ for below).
    public func fires(atPriceMicrosPerKWh price: Int64) -> Bool {
        switch direction {
        case .above: price >= thresholdMicrosPerKWh
        case .below: price <= thresholdMicrosPerKWh
        }
    }

    /// A triggered alert re-arms once the price is back past the band: ≤ threshold − band for
    /// above, ≥ threshold + band for below, where the band is `max(rearm, 1)` so a price resting
    /// exactly on the threshold is one crossing, not a notification every other round.
    public func rearms(atPriceMicrosPerKWh price: Int64) -> Bool {
        let band = max(rearmMicrosPerKWh, 1)
        switch direction {
        case .above: return price <= thresholdMicrosPerKWh - band
        case .below: return price >= thresholdMicrosPerKWh + band
        }
    }
}
