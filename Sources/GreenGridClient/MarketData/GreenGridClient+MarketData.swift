import GreenGridProtocol

extension GreenGridClient {
    /// Subscribes one zone, all intervals (0) or one, with a snapshot first by default so the
    /// mirror starts complete. Subscribing a zone again replaces its subscription.
    /// Updates arrive on `marketData`; the server does not acknowledge a Subscribe.
    public func subscribe(zone: UInt16, intervalStartMs: Int64 = ProtocolConstants.allIntervals, snapshot: Bool = true) throws(ClientError) {
        guard zone != ProtocolConstants.allZones else {
            throw .invalidRequest("subscribe each zone by its index: continuity is kept per zone")
        }
        let (connection, messages) = try state.withLock { (state) throws(ClientError) in
            let connection = try state.usableConnection()
            var messages: [Message] = []
            if let old = state.feed.zones[zone], old.intervalStartMs != intervalStartMs,
               let unsubscribe = state.feed.unsubscribe(zone: zone) {
                messages.append(unsubscribe)
                state.mirror?.removeZone(zone)
            }
            messages.append(state.feed.subscribe(zone: zone, intervalStartMs: intervalStartMs, snapshot: snapshot))
            return (connection, messages)
        }
        try connection.send(messages)
    }

    /// Stops a zone's updates and forgets its mirror.
    public func unsubscribe(zone: UInt16) throws(ClientError) {
        let (connection, message) = try state.withLock { (state) throws(ClientError) in
            let connection = try state.usableConnection()
            state.mirror?.removeZone(zone)
            return (connection, state.feed.unsubscribe(zone: zone))
        }
        if let message { try connection.send(message) }
    }

    /// Asks for a fresh snapshot of a subscribed zone; the stream shows it between SnapshotBegin and SnapshotEnd.
    public func requestSnapshot(zone: UInt16) throws(ClientError) {
        let (connection, message) = try state.withLock { (state) throws(ClientError) in
            (try state.usableConnection(), state.feed.requestSnapshot(zone: zone))
        }
        guard let message else { throw .invalidRequest("zone \(zone) is not subscribed") }
        try connection.send(message)
    }
}
