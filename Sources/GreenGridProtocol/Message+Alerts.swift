import GreenGridAlerts
import GreenGridDomain

// Notifications: price alerts and their notifications (Protocol/protocol.md, "Notifications").
// A user sets thresholds on a zone's reference price or best bid/ask; each crossing gives one
// Notification, pushed to the user's connected sessions and kept in their inbox. Answers and
// pushes are outside the session stream: the inbox, numbered per user, is what survives.

extension Message {
    /// 0x0501, client → server, 36 bytes: a new alert.
    public struct AlertSet: MessageBody {
        public var requestId: UInt64
        public var zone: UInt16
        /// A delivery interval, or 0: the zone's front interval (the earliest priced one).
        public var intervalStartMs: Int64
        public var metric: AlertMetric
        public var direction: AlertDirection
        public var thresholdMicrosPerKWh: Int64
        /// The re-arm band: after firing, the price must move back this far (at least 1 µ) first.
        public var rearmMicrosPerKWh: Int64

        public init(requestId: UInt64, zone: UInt16, intervalStartMs: Int64, metric: AlertMetric, direction: AlertDirection,
                    thresholdMicrosPerKWh: Int64, rearmMicrosPerKWh: Int64) {
            self.requestId = requestId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.metric = metric
            self.direction = direction
            self.thresholdMicrosPerKWh = thresholdMicrosPerKWh
            self.rearmMicrosPerKWh = rearmMicrosPerKWh
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(metric.rawValue)
            writer.write(direction.rawValue)
            writer.write(thresholdMicrosPerKWh)
            writer.write(rearmMicrosPerKWh)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            metric = try r.code("metric")
            direction = try r.code("direction")
            thresholdMicrosPerKWh = try r.i64()
            rearmMicrosPerKWh = try r.i64()
        }
    }

    /// 0x0502, client → server, 16 bytes: delete one of the user's alerts.
    public struct AlertDelete: MessageBody {
        public var requestId: UInt64
        public var alertId: UInt64

        public init(requestId: UInt64, alertId: UInt64) {
            self.requestId = requestId
            self.alertId = alertId
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(alertId)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            alertId = try r.u64()
        }
    }

    /// 0x0503, client → server, 8 bytes: the user's alerts.
    public struct AlertListRequest: MessageBody {
        public var requestId: UInt64

        public init(requestId: UInt64) { self.requestId = requestId }

        func encodeBody(into writer: inout ByteWriter) { writer.write(requestId) }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) { requestId = try r.u64() }
    }

    /// 0x0504, client → server, 18 bytes: the user's notifications after a sequence.
    public struct InboxRequest: MessageBody {
        public var requestId: UInt64
        public var afterSequence: UInt64
        /// 1 ... 100 (a server check).
        public var maxNotifications: UInt16

        public init(requestId: UInt64, afterSequence: UInt64, maxNotifications: UInt16) {
            self.requestId = requestId
            self.afterSequence = afterSequence
            self.maxNotifications = maxNotifications
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(afterSequence)
            writer.write(maxNotifications)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            afterSequence = try r.u64()
            maxNotifications = try r.u16()
        }
    }

    /// 0x0581, server → client, 16 bytes: an AlertSet or AlertDelete is done, durably.
    public struct AlertAccepted: MessageBody {
        public var requestId: UInt64
        public var alertId: UInt64

        public init(requestId: UInt64, alertId: UInt64) {
            self.requestId = requestId
            self.alertId = alertId
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(alertId)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            alertId = try r.u64()
        }
    }

    /// 0x0582, server → client, 10 bytes: an alert request was refused.
    public struct AlertRejected: MessageBody {
        public var requestId: UInt64
        public var reason: AlertRejection

        public init(requestId: UInt64, reason: AlertRejection) {
            self.requestId = requestId
            self.reason = reason
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(reason.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            reason = try r.code16("reason")
        }
    }

    /// 0x0583, server → client, 69 bytes: one alert in the answer to AlertListRequest.
    public struct AlertInfo: MessageBody {
        public var requestId: UInt64
        public var alertId: UInt64
        public var zone: UInt16
        public var intervalStartMs: Int64
        public var metric: AlertMetric
        public var direction: AlertDirection
        public var thresholdMicrosPerKWh: Int64
        public var rearmMicrosPerKWh: Int64
        public var createdAtMs: Int64
        /// Set when the alert has fired and not re-armed since: the price and time it fired at.
        public var triggered: (priceMicrosPerKWh: Int64, atMs: Int64)?

        public init(requestId: UInt64, alertId: UInt64, zone: UInt16, intervalStartMs: Int64, metric: AlertMetric, direction: AlertDirection,
                    thresholdMicrosPerKWh: Int64, rearmMicrosPerKWh: Int64, createdAtMs: Int64, triggered: (priceMicrosPerKWh: Int64, atMs: Int64)?) {
            self.requestId = requestId
            self.alertId = alertId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.metric = metric
            self.direction = direction
            self.thresholdMicrosPerKWh = thresholdMicrosPerKWh
            self.rearmMicrosPerKWh = rearmMicrosPerKWh
            self.createdAtMs = createdAtMs
            self.triggered = triggered
        }

        public static func == (a: AlertInfo, b: AlertInfo) -> Bool {
            a.requestId == b.requestId && a.alertId == b.alertId && a.zone == b.zone && a.intervalStartMs == b.intervalStartMs
                && a.metric == b.metric && a.direction == b.direction && a.thresholdMicrosPerKWh == b.thresholdMicrosPerKWh
                && a.rearmMicrosPerKWh == b.rearmMicrosPerKWh && a.createdAtMs == b.createdAtMs
                && a.triggered?.priceMicrosPerKWh == b.triggered?.priceMicrosPerKWh && a.triggered?.atMs == b.triggered?.atMs
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(requestId)
            hasher.combine(alertId)
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(alertId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(metric.rawValue)
            writer.write(direction.rawValue)
            writer.write(thresholdMicrosPerKWh)
            writer.write(rearmMicrosPerKWh)
            writer.write(createdAtMs)
            writer.write(triggered != nil)
            writer.write(triggered?.priceMicrosPerKWh ?? 0)
            writer.write(triggered?.atMs ?? 0)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            alertId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            metric = try r.code("metric")
            direction = try r.code("direction")
            thresholdMicrosPerKWh = try r.i64()
            rearmMicrosPerKWh = try r.i64()
            createdAtMs = try r.i64()
            let isTriggered = try r.bool("triggered")
            let priceOffset = FrameLayout.headerBytes + 53
            let price = try r.i64(), atMs = try r.i64()
            if isTriggered {
                triggered = (price, atMs)
            } else {
                guard price == 0, atMs == 0 else { throw ProtocolDecodeError(.reservedNotZero, field: "triggeredPriceMicrosPerKWh", frameOffset: priceOffset) }
                triggered = nil
            }
        }
    }

    /// 0x0584, server → client, 10 bytes: the end of an answer to AlertListRequest.
    public struct AlertListEnd: MessageBody {
        public var requestId: UInt64
        public var count: UInt16

        public init(requestId: UInt64, count: UInt16) {
            self.requestId = requestId
            self.count = count
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(count)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            count = try r.u16()
        }
    }

    /// 0x0585, server → client, 60 bytes: an alert fired. Pushed (requestId 0) to the user's
    /// connected sessions, and sent again from the inbox in answer to InboxRequest.
    public struct Notification: MessageBody {
        public var requestId: UInt64
        /// The user's notification number: 1, 2, … with no gaps (the inbox keeps the newest 100).
        public var sequence: UInt64
        public var alertId: UInt64
        public var zone: UInt16
        /// The interval whose price crossed (for a front alert: the front at that moment).
        public var intervalStartMs: Int64
        public var metric: AlertMetric
        public var direction: AlertDirection
        public var thresholdMicrosPerKWh: Int64
        public var priceMicrosPerKWh: Int64
        public var triggeredAtMs: Int64

        public init(requestId: UInt64, sequence: UInt64, alertId: UInt64, zone: UInt16, intervalStartMs: Int64, metric: AlertMetric,
                    direction: AlertDirection, thresholdMicrosPerKWh: Int64, priceMicrosPerKWh: Int64, triggeredAtMs: Int64) {
            self.requestId = requestId
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

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(sequence)
            writer.write(alertId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(metric.rawValue)
            writer.write(direction.rawValue)
            writer.write(thresholdMicrosPerKWh)
            writer.write(priceMicrosPerKWh)
            writer.write(triggeredAtMs)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            sequence = try r.u64()
            alertId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            metric = try r.code("metric")
            direction = try r.code("direction")
            thresholdMicrosPerKWh = try r.i64()
            priceMicrosPerKWh = try r.i64()
            triggeredAtMs = try r.i64()
        }
    }

    /// 0x0586, server → client, 18 bytes: the end of an answer to InboxRequest.
    public struct InboxEnd: MessageBody {
        public var requestId: UInt64
        public var count: UInt16
        /// The user's latest notification sequence (0: none yet).
        public var lastSequence: UInt64

        public init(requestId: UInt64, count: UInt16, lastSequence: UInt64) {
            self.requestId = requestId
            self.count = count
            self.lastSequence = lastSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(count)
            writer.write(lastSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            count = try r.u16()
            lastSequence = try r.u64()
        }
    }
}
