import GreenGridDomain

/// Gives every command its place in the total order and its time, and turns the passing of
/// time into gate-closure commands. The clock is read by whoever owns the sequencer (the
/// server, the demo, a test) and handed in: the sequencer itself never reads one.
public struct Sequencer: Sendable {
    public private(set) var lastSequence: UInt64
    public private(set) var lastTimestampMs: Int64
    let window: TradingWindow
    /// The next interval whose gate has not yet been closed.
    public private(set) var nextGateIntervalMs: Int64
    /// When each zone's next auction price step is due, as the engine last reported it; a zone
    /// leaves the schedule when its clock command is stamped, and comes back with the report.
    public private(set) var auctionStepsDueMs: [ZoneIndex: Int64] = [:]

    public init(window: TradingWindow, startTimeMs: Int64, lastSequence: UInt64 = 0) {
        self.window = window
        self.lastSequence = lastSequence
        self.lastTimestampMs = startTimeMs
        var interval = DeliveryInterval.start(containing: startTimeMs)
        while window.gateClosureMs(intervalStartMs: interval) <= startTimeMs { interval += DeliveryInterval.lengthMs }
        self.nextGateIntervalMs = interval
    }

    /// Whether a command may be sequenced at all: one naming a zone the market does not have
    /// is refused here, before it gets a sequence number, since no zone could report on it.
    public static func refusal(for command: Command, zoneCount: Int) -> RejectReason? {
        if let zone = command.zone, !(0..<zoneCount).contains(zone) { return .unknownZone }
        if case .intervalReading(let reading) = command,
           !(0...IntervalReading.whMax).contains(reading.exportWh) || !(0...IntervalReading.whMax).contains(reading.importWh)
            || !DeliveryInterval.isAligned(reading.intervalStartMs) {
            return .meterReadingInvalid
        }
        // Whatever is sequenced is journaled: fields must fit the record layout.
        if !command.fitsJournalLayout {
            if case .registerParticipant(let participant) = command, Int32(exactly: participant.feeder) == nil { return .unknownFeeder }
            return .unknownZone
        }
        if case .registerParticipant(let participant) = command, !(0..<zoneCount).contains(participant.zone),
           participant.role.mayTrade {
            return .unknownZone
        }
        return nil
    }

    /// Takes note of commands sequenced elsewhere (a replayed feed) so stamping carries on after them.
    public mutating func adopt(_ commands: [SequencedCommand]) {
        for command in commands {
            precondition(command.sequence == lastSequence + 1, "adopted commands must continue the sequence")
            lastSequence = command.sequence
            lastTimestampMs = max(lastTimestampMs, command.timestampMs)
            if case .closeGate(let interval) = command.command, interval >= nextGateIntervalMs {
                nextGateIntervalMs = interval + DeliveryInterval.lengthMs
            }
        }
    }

    /// Takes the engine's auction schedule (all zones), after a batch that changed it.
    public mutating func scheduleAuctionSteps(_ dueMs: [ZoneIndex: Int64]) {
        auctionStepsDueMs = dueMs
    }

    /// Stamps commands at `nowMs`, preceded by a gate closure for every interval whose gate
    /// passed since the last call, then an auction clock for every zone with a price step due.
    /// Time never runs backwards here, even if the clock does.
    public mutating func stamp(_ commands: [Command], nowMs: Int64) -> [SequencedCommand] {
        let timestampMs = max(nowMs, lastTimestampMs)
        lastTimestampMs = timestampMs
        var stamped: [SequencedCommand] = []
        stamped.reserveCapacity(commands.count + 1)
        while window.gateClosureMs(intervalStartMs: nextGateIntervalMs) <= timestampMs {
            lastSequence += 1
            stamped.append(SequencedCommand(sequence: lastSequence, timestampMs: timestampMs,
                                            command: .closeGate(intervalStartMs: nextGateIntervalMs)))
            nextGateIntervalMs += DeliveryInterval.lengthMs
        }
        // Sorted (zone order) only when a step is due: most batches stamp none.
        if auctionStepsDueMs.values.contains(where: { $0 <= timestampMs }) {
            for (zone, dueMs) in auctionStepsDueMs.sorted(by: { $0.key < $1.key }) where dueMs <= timestampMs {
                lastSequence += 1
                stamped.append(SequencedCommand(sequence: lastSequence, timestampMs: timestampMs, command: .auctionClock(zone: zone)))
                auctionStepsDueMs[zone] = nil
            }
        }
        for command in commands {
            lastSequence += 1
            stamped.append(SequencedCommand(sequence: lastSequence, timestampMs: timestampMs, command: command))
        }
        return stamped
    }
}
