import GreenGridDomain

/// Every user's price alerts and notification inbox: the state the alerts journal rebuilds.
/// Pure and synchronous: times come in with the calls, ids from the book's own counter.
/// Mutations go through `set`, `delete` and `apply(_: AlertRound)`, which `apply(_: AlertRecord)`
/// repeats in replay, so the journal replayed gives an equal book.
public struct AlertBook: Sendable, Hashable {
    public static let alertsPerUserMax = 20
    /// All users together (bounds a round's transitions and the memory).
    public static let alertsMax = 100_000
    public static let inboxMax = 100
    public static let thresholdMicrosPerKWhMax: Int64 = 1_000_000_000
    public static let rearmMicrosPerKWhMax: Int64 = 100_000_000
    /// A round looks at no more than this many observations (zones × open intervals).
    public static let observationsMax = 1 << 20

    /// A user's notifications, oldest first, and the last sequence ever given (kept when dropped).
    public struct Inbox: Sendable, Hashable {
        public internal(set) var lastSequence: UInt64 = 0
        public internal(set) var notifications: [AlertTrigger] = []
    }

    public let zoneCount: Int
    /// The id the next accepted alert gets (ids start at 1 and are never reused).
    public private(set) var nextAlertId: UInt64 = 1
    /// Sorted by `alertId`: the order rounds process them in.
    public internal(set) var alertsById: [PriceAlert] = []
    public private(set) var alertCountByOwner: [TraderId: Int] = [:]
    public private(set) var inboxes: [TraderId: Inbox] = [:]

    public init(zoneCount: Int) {
        precondition(zoneCount >= 0, "a zone count")
        self.zoneCount = zoneCount
    }

    public var count: Int { alertsById.count }

    public func alert(_ alertId: UInt64) -> PriceAlert? {
        index(of: alertId).map { alertsById[$0] }
    }

    /// The owner's alerts in id order.
    public func alerts(ownerId: TraderId) -> [PriceAlert] {
        alertsById.filter { $0.ownerId == ownerId }
    }

    /// The owner's notifications with a sequence above `afterSequence`, oldest first, at most `max`
    /// (and at most `inboxMax`).
    public func inbox(ownerId: TraderId, afterSequence: UInt64 = 0, max: Int = AlertBook.inboxMax) -> [AlertTrigger] {
        let limit = Swift.max(0, Swift.min(max, Self.inboxMax))
        guard let box = inboxes[ownerId] else { return [] }
        return Array(box.notifications.lazy.filter { $0.sequence > afterSequence }.prefix(limit))
    }

    /// The last notification sequence the owner was given (0: none yet).
    public func lastSequence(ownerId: TraderId) -> UInt64 { inboxes[ownerId]?.lastSequence ?? 0 }

    // MARK: Set and delete

    /// Why `spec` cannot be set for `ownerId` at `nowMs`, or nil when it can.
    public func rejection(for spec: AlertSpec, ownerId: TraderId, nowMs: Int64) -> AlertRejection? {
        guard spec.zone >= 0, spec.zone < zoneCount else { return .unknownZone }
        if !spec.isFront {
            guard spec.intervalStartMs > 0, DeliveryInterval.isAligned(spec.intervalStartMs) else { return .intervalNotAligned }
            guard spec.intervalStartMs > nowMs else { return .intervalStarted }
        }
        guard (0...Self.thresholdMicrosPerKWhMax).contains(spec.thresholdMicrosPerKWh) else { return .thresholdOutOfRange }
        guard (0...Self.rearmMicrosPerKWhMax).contains(spec.rearmMicrosPerKWh) else { return .rearmOutOfRange }
        guard alertCountByOwner[ownerId, default: 0] < Self.alertsPerUserMax else { return .tooManyAlerts }
        guard alertsById.count < Self.alertsMax else { return .alertBookFull }
        return nil
    }

    /// Adds an armed alert with the next id, or says why not (nothing changes then).
    public mutating func set(_ spec: AlertSpec, ownerId: TraderId, nowMs: Int64) -> Result<PriceAlert, AlertRejection> {
        if let rejection = rejection(for: spec, ownerId: ownerId, nowMs: nowMs) { return .failure(rejection) }
        let alert = PriceAlert(alertId: nextAlertId, ownerId: ownerId, spec: spec, createdAtMs: nowMs)
        insert(alert)
        return .success(alert)
    }

    /// Removes the owner's alert; someone else's alert is refused (its notifications stay in the inbox).
    public mutating func delete(alertId: UInt64, ownerId: TraderId) -> Result<PriceAlert, AlertRejection> {
        guard let position = index(of: alertId) else { return .failure(.unknownAlert) }
        guard alertsById[position].ownerId == ownerId else { return .failure(.notOwner) }
        return .success(remove(at: position))
    }

    mutating func insert(_ alert: PriceAlert) {
        precondition(alert.alertId == nextAlertId, "alert ids come from the counter")
        alertsById.append(alert)
        alertCountByOwner[alert.ownerId, default: 0] += 1
        nextAlertId += 1
    }

    @discardableResult
    mutating func remove(at position: Int) -> PriceAlert {
        let alert = alertsById.remove(at: position)
        let left = alertCountByOwner[alert.ownerId, default: 0] - 1
        precondition(left >= 0, "owner counts match the alerts")
        alertCountByOwner[alert.ownerId] = left == 0 ? nil : left
        return alert
    }

    /// Binary search in the id-sorted alerts.
    func index(of alertId: UInt64) -> Int? {
        var low = 0, high = alertsById.count
        while low < high {
            let middle = (low + high) / 2
            if alertsById[middle].alertId < alertId { low = middle + 1 } else { high = middle }
        }
        return low < alertsById.count && alertsById[low].alertId == alertId ? low : nil
    }

    mutating func notify(_ trigger: AlertTrigger) {
        var box = inboxes[trigger.ownerId] ?? Inbox()
        precondition(trigger.sequence == box.lastSequence + 1, "notification sequences are consecutive per owner")
        box.lastSequence = trigger.sequence
        box.notifications.append(trigger)
        if box.notifications.count > Self.inboxMax { box.notifications.removeFirst(box.notifications.count - Self.inboxMax) }
        inboxes[trigger.ownerId] = box
    }
}
