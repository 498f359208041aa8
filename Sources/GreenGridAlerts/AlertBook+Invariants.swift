import GreenGridDomain

/// Checks and a stable encoding of the whole book, for tests and replay comparisons.
extension AlertBook {
    /// Crashes when the book's structures disagree; tests call it after every mutation.
    public func checkInvariants() {
        var counts: [TraderId: Int] = [:]
        for (position, alert) in alertsById.enumerated() {
            precondition(alert.alertId > 0 && alert.alertId < nextAlertId, "ids come from the counter")
            precondition(position == 0 || alertsById[position - 1].alertId < alert.alertId, "alerts sorted by id")
            precondition(alert.zone >= 0 && alert.zone < zoneCount, "alerts in known zones")
            counts[alert.ownerId, default: 0] += 1
        }
        precondition(counts == alertCountByOwner, "owner counts match the alerts")
        precondition(counts.values.allSatisfy { $0 <= Self.alertsPerUserMax } && alertsById.count <= Self.alertsMax, "alerts bounded")
        for (ownerId, box) in inboxes {
            precondition(box.notifications.count <= Self.inboxMax, "inbox bounded")
            precondition(box.notifications.allSatisfy { $0.ownerId == ownerId }, "inbox holds its owner's notifications")
            precondition(zip(box.notifications, box.notifications.dropFirst()).allSatisfy { $0.sequence + 1 == $1.sequence },
                         "inbox sequences consecutive")
            precondition(box.notifications.last.map { $0.sequence == box.lastSequence } ?? (box.lastSequence == 0), "last sequence")
        }
    }

    /// The whole book in a fixed byte layout (alerts by id, inboxes by owner): equal books give equal bytes.
    public var stableEncoding: [UInt8] {
        var writer = ByteWriter(capacity: 64 + alertsById.count * 80)
        writer.write(UInt32(zoneCount))
        writer.write(nextAlertId)
        writer.write(UInt32(alertsById.count))
        for alert in alertsById {
            AlertRecord.set(PriceAlert(alertId: alert.alertId, ownerId: alert.ownerId, spec: alert.spec, createdAtMs: alert.createdAtMs))
                .encode(into: &writer)
            switch alert.state {
            case .armed:
                writer.write(UInt8(0))
            case .triggered(let price, let atMs, let intervalStartMs):
                writer.write(UInt8(1))
                writer.write(price)
                writer.write(atMs)
                writer.write(intervalStartMs)
            }
        }
        writer.write(UInt32(inboxes.count))
        for (ownerId, box) in inboxes.sorted(by: { $0.key < $1.key }) {
            writer.write(ownerId)
            writer.write(box.lastSequence)
            writer.write(UInt32(box.notifications.count))
            for trigger in box.notifications {
                writer.write(trigger.sequence)
                writer.write(trigger.alertId)
                writer.write(UInt16(trigger.zone))
                writer.write(trigger.metric.rawValue)
                writer.write(trigger.direction.rawValue)
                writer.write(trigger.intervalStartMs)
                writer.write(trigger.thresholdMicrosPerKWh)
                writer.write(trigger.priceMicrosPerKWh)
                writer.write(trigger.triggeredAtMs)
            }
        }
        return writer.takeBytes()
    }
}
