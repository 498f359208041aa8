import GreenGridDomain

/// Validation (the V of VEE) for every registered meter. Pure: the server's clock comes in as
/// `nowMs`; there is no I/O. Each reading gets exactly one outcome, and a refusal names the
/// first rule it broke, checked in this order:
///
/// 1. the meter is registered;
/// 2. registers are in `0..<registerModulusWh`;
/// 3. the timestamp is at most `clockToleranceMs` ahead of and `maxReadingAgeMs` behind `nowMs`;
/// 4. a stored reading with the same timestamp: the same content is an idempotent duplicate,
///    other content a conflict;
/// 5. not older than the newest stored reading by more than `outOfOrderWindowMs`;
/// 6. against the neighbours before and after in time: registers do not decrease (unless a
///    rollover) and do not advance by more than rated power × elapsed time.
///
/// Stored readings may be flagged: rollover, frozen registers, meter alarm.
///
/// Memory is bounded: each meter keeps the readings of its out-of-order window (older ones can
/// no longer be slotted in or matched), pruned in amortised batches.
public struct MeterValidator: Sendable {
    public var registry: MeterRegistry
    public let rules: ValidationRules
    public private(set) var series: [MeterId: MeterSeries] = [:]

    public init(registry: MeterRegistry, rules: ValidationRules = ValidationRules()) {
        self.registry = registry
        self.rules = rules
    }

    public mutating func validate(_ reading: MeterReading, nowMs: Int64, gatewayId: TraderId? = nil) -> ReadingOutcome {
        ingest(reading, nowMs: nowMs, gatewayId: gatewayId).outcome
    }

    /// Validates and, unless refused, stores the reading. `gatewayId` is the sending gateway
    /// (nil: not checked, for readings that do not come over the network). The insertion says
    /// where the new point sits between its stored neighbours, which is what an incremental
    /// aggregation needs to re-split the span it falls into.
    public mutating func ingest(_ reading: MeterReading, nowMs: Int64, gatewayId: TraderId? = nil) -> (outcome: ReadingOutcome, insertion: Insertion?) {
        switch check(reading, nowMs: nowMs, gatewayId: gatewayId) {
        case .refused(let outcome):
            return (outcome, nil)
        case .store(let index, let point, let previous, let next):
            // Mutated in place: a copy taken out of the dictionary would share its buffer and
            // make every insert copy the whole series.
            series[reading.meterId, default: MeterSeries()].insert(StoredReading(reading: reading, point: point), at: index,
                                                                   keepingWithinMs: rules.outOfOrderWindowMs)
            return (point.flags.isEmpty ? .accepted : .flagged(point.flags), Insertion(previous: previous, point: point, next: next))
        }
    }

    /// A stored point and its neighbours in time at the moment it was stored.
    public struct Insertion: Sendable, Hashable {
        public var previous: RegisterPoint?
        public var point: RegisterPoint
        public var next: RegisterPoint?
    }

    private enum Decision {
        case refused(ReadingOutcome)
        case store(index: Int, point: RegisterPoint, previous: RegisterPoint?, next: RegisterPoint?)
    }

    /// Every rule, read-only: nothing here holds on to the series when the caller mutates it.
    private func check(_ reading: MeterReading, nowMs: Int64, gatewayId: TraderId?) -> Decision {
        guard let meter = registry[reading.meterId] else { return .refused(.rejected(.unknownMeter)) }
        if let gatewayId, meter.gatewayId != gatewayId { return .refused(.rejected(.notYourMeter)) }
        let range = 0..<rules.registerModulusWh
        guard range.contains(reading.importWh), range.contains(reading.exportWh) else {
            return .refused(.rejected(.registerOutOfRange))
        }
        if reading.timestampMs > nowMs &+ rules.clockToleranceMs { return .refused(.rejected(.timestampInFuture)) }
        if reading.timestampMs < nowMs &- rules.maxReadingAgeMs { return .refused(.rejected(.timestampTooOld)) }

        let meterSeries = series[reading.meterId] ?? MeterSeries()
        let entries = meterSeries.entries
        let index = meterSeries.index(atOrAfter: reading.timestampMs)
        if index < entries.count, entries[index].point.timestampMs == reading.timestampMs {
            return .refused(entries[index].reading == reading ? .acceptedDuplicate : .rejected(.conflictingDuplicate))
        }
        if let latest = meterSeries.latest, reading.timestampMs < latest.point.timestampMs - rules.outOfOrderWindowMs {
            return .refused(.rejected(.outOfOrderOutsideWindow))
        }

        let previous = index > 0 ? entries[index - 1] : nil
        let next = index < entries.count ? entries[index] : nil
        var flags: ReadingFlags = []
        var point = RegisterPoint(timestampMs: reading.timestampMs, importWh: reading.importWh, exportWh: reading.exportWh)

        if let previous {
            let elapsedMs = reading.timestampMs - previous.point.timestampMs
            guard let imported = rules.registerAdvanceWh(from: previous.reading.importWh, to: reading.importWh) else {
                return .refused(.rejected(.importRegisterDecreased))
            }
            guard let exported = rules.registerAdvanceWh(from: previous.reading.exportWh, to: reading.exportWh) else {
                return .refused(.rejected(.exportRegisterDecreased))
            }
            if Self.isSpike(advanceWh: imported.advanceWh, ratedPowerW: meter.ratedPowerW, elapsedMs: elapsedMs) {
                return .refused(.rejected(.importSpike))
            }
            if Self.isSpike(advanceWh: exported.advanceWh, ratedPowerW: meter.ratedPowerW, elapsedMs: elapsedMs) {
                return .refused(.rejected(.exportSpike))
            }
            if imported.rolledOver || exported.rolledOver { flags.insert(.registerRollover) }
            point.importWh = previous.point.importWh + imported.advanceWh
            point.exportWh = previous.point.exportWh + exported.advanceWh
        }
        if let next {
            let elapsedMs = next.point.timestampMs - reading.timestampMs
            guard let imported = rules.registerAdvanceWh(from: reading.importWh, to: next.reading.importWh) else {
                return .refused(.rejected(.importRegisterDecreased))
            }
            guard let exported = rules.registerAdvanceWh(from: reading.exportWh, to: next.reading.exportWh) else {
                return .refused(.rejected(.exportRegisterDecreased))
            }
            if previous == nil {
                // The new first reading: place it on the continuous scale of the one after it.
                point.importWh = next.point.importWh - imported.advanceWh
                point.exportWh = next.point.exportWh - exported.advanceWh
            } else {
                // Slotted in between: the two advances must add up to the one already stored
                // (they cannot if both claimed a rollover the stored pair did not have).
                if point.importWh + imported.advanceWh != next.point.importWh { return .refused(.rejected(.importRegisterDecreased)) }
                if point.exportWh + exported.advanceWh != next.point.exportWh { return .refused(.rejected(.exportRegisterDecreased)) }
            }
            if Self.isSpike(advanceWh: imported.advanceWh, ratedPowerW: meter.ratedPowerW, elapsedMs: elapsedMs) {
                return .refused(.rejected(.importSpike))
            }
            if Self.isSpike(advanceWh: exported.advanceWh, ratedPowerW: meter.ratedPowerW, elapsedMs: elapsedMs) {
                return .refused(.rejected(.exportSpike))
            }
        }

        if isFrozen(reading, series: meterSeries, before: index) { flags.insert(.frozenRegisters) }
        if !reading.status.isDisjoint(with: MeterStatus.alarms) { flags.insert(.meterAlarm) }
        point.flags = flags
        return .store(index: index, point: point, previous: previous?.point, next: next?.point)
    }

    /// Energy above what the connection can carry, allowing the registers' resolution of 1 Wh
    /// (readings seconds apart move by whole Wh, so a fraction carried over shows up at once):
    /// `advance − 1 > ratedPowerW × elapsedMs / 3.6e6`, compared without division or overflow
    /// (both sides widened to 128 bits).
    @inlinable static func isSpike(advanceWh: Int64, ratedPowerW: Int64, elapsedMs: Int64) -> Bool {
        (Int128(advanceWh) - 1) * 3_600_000 > Int128(ratedPowerW) * Int128(elapsedMs)
    }

    /// Frozen: the meter says power flows, yet both registers have not moved since a stored
    /// reading at least `frozenAfterMs` earlier (walking back over equal readings, and on into
    /// the pruned past through the series' record of where its first run of equal readings began).
    private func isFrozen(_ reading: MeterReading, series: MeterSeries, before index: Int) -> Bool {
        guard let powerW = reading.powerW, powerW != 0 else { return false }
        let entries = series.entries
        var earliestMs: Int64?
        var j = index - 1
        while j >= 0, entries[j].reading.importWh == reading.importWh, entries[j].reading.exportWh == reading.exportWh {
            earliestMs = entries[j].point.timestampMs
            j -= 1
        }
        guard let earliest = earliestMs else { return false }
        let runStartMs = j < 0 ? min(earliest, series.firstRunStartMs ?? earliest) : earliest
        return reading.timestampMs - runStartMs >= rules.frozenAfterMs
    }

    /// The meter's stored readings, raw and continuous, in timestamp order.
    public func storedReadings(meterId: MeterId) -> [StoredReading] { series[meterId]?.entries ?? [] }

    /// The meter's measured points in timestamp order (no estimates; see `GapEstimator`).
    public func points(meterId: MeterId) -> [RegisterPoint] { series[meterId]?.points ?? [] }

    /// Drops stored readings older than `beforeMs`, keeping each meter's newest one.
    public mutating func prune(beforeMs: Int64) {
        for key in series.keys { series[key]?.prune(beforeMs: beforeMs) }
    }
}
