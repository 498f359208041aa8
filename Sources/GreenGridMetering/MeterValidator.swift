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
public struct MeterValidator: Sendable {
    public var registry: MeterRegistry
    public let rules: ValidationRules
    public private(set) var series: [MeterId: MeterSeries] = [:]

    public init(registry: MeterRegistry, rules: ValidationRules = ValidationRules()) {
        self.registry = registry
        self.rules = rules
    }

    public mutating func validate(_ reading: MeterReading, nowMs: Int64) -> ReadingOutcome {
        guard let meter = registry[reading.meterId] else { return .rejected(.unknownMeter) }
        let range = 0..<rules.registerModulusWh
        guard range.contains(reading.importWh), range.contains(reading.exportWh) else {
            return .rejected(.registerOutOfRange)
        }
        if reading.timestampMs > nowMs &+ rules.clockToleranceMs { return .rejected(.timestampInFuture) }
        if reading.timestampMs < nowMs &- rules.maxReadingAgeMs { return .rejected(.timestampTooOld) }

        var meterSeries = series[reading.meterId] ?? MeterSeries()
        let entries = meterSeries.entries
        let index = meterSeries.index(atOrAfter: reading.timestampMs)
        if index < entries.count, entries[index].point.timestampMs == reading.timestampMs {
            return entries[index].reading == reading ? .acceptedDuplicate : .rejected(.conflictingDuplicate)
        }
        if let latest = meterSeries.latest, reading.timestampMs < latest.point.timestampMs - rules.outOfOrderWindowMs {
            return .rejected(.outOfOrderOutsideWindow)
        }

        let previous = index > 0 ? entries[index - 1] : nil
        let next = index < entries.count ? entries[index] : nil
        var flags: ReadingFlags = []
        var point = RegisterPoint(timestampMs: reading.timestampMs, importWh: reading.importWh, exportWh: reading.exportWh)

        if let previous {
            let elapsedMs = reading.timestampMs - previous.point.timestampMs
            guard let imported = rules.registerAdvanceWh(from: previous.reading.importWh, to: reading.importWh) else {
                return .rejected(.importRegisterDecreased)
            }
            guard let exported = rules.registerAdvanceWh(from: previous.reading.exportWh, to: reading.exportWh) else {
                return .rejected(.exportRegisterDecreased)
            }
            if Self.isSpike(advanceWh: imported.advanceWh, ratedPowerW: meter.ratedPowerW, elapsedMs: elapsedMs) {
                return .rejected(.importSpike)
            }
            if Self.isSpike(advanceWh: exported.advanceWh, ratedPowerW: meter.ratedPowerW, elapsedMs: elapsedMs) {
                return .rejected(.exportSpike)
            }
            if imported.rolledOver || exported.rolledOver { flags.insert(.registerRollover) }
            point.importWh = previous.point.importWh + imported.advanceWh
            point.exportWh = previous.point.exportWh + exported.advanceWh
        }
        if let next {
            let elapsedMs = next.point.timestampMs - reading.timestampMs
            guard let imported = rules.registerAdvanceWh(from: reading.importWh, to: next.reading.importWh) else {
                return .rejected(.importRegisterDecreased)
            }
            guard let exported = rules.registerAdvanceWh(from: reading.exportWh, to: next.reading.exportWh) else {
                return .rejected(.exportRegisterDecreased)
            }
            if previous == nil {
                // The new first reading: place it on the continuous scale of the one after it.
                point.importWh = next.point.importWh - imported.advanceWh
                point.exportWh = next.point.exportWh - exported.advanceWh
            } else {
                // Slotted in between: the two advances must add up to the one already stored
                // (they cannot if both claimed a rollover the stored pair did not have).
                if point.importWh + imported.advanceWh != next.point.importWh { return .rejected(.importRegisterDecreased) }
                if point.exportWh + exported.advanceWh != next.point.exportWh { return .rejected(.exportRegisterDecreased) }
            }
            if Self.isSpike(advanceWh: imported.advanceWh, ratedPowerW: meter.ratedPowerW, elapsedMs: elapsedMs) {
                return .rejected(.importSpike)
            }
            if Self.isSpike(advanceWh: exported.advanceWh, ratedPowerW: meter.ratedPowerW, elapsedMs: elapsedMs) {
                return .rejected(.exportSpike)
            }
        }

        if isFrozen(reading, entries: entries, before: index) { flags.insert(.frozenRegisters) }
        if !reading.status.isDisjoint(with: MeterStatus.alarms) { flags.insert(.meterAlarm) }
        point.flags = flags
        meterSeries.insert(StoredReading(reading: reading, point: point), at: index)
        series[reading.meterId] = meterSeries
        return flags.isEmpty ? .accepted : .flagged(flags)
    }

    /// Energy above what the connection can carry: `advance > ratedPowerW × elapsedMs / 3.6e6`,
    /// compared without division or overflow (both sides widened to 128 bits).
    @inlinable static func isSpike(advanceWh: Int64, ratedPowerW: Int64, elapsedMs: Int64) -> Bool {
        Int128(advanceWh) * 3_600_000 > Int128(ratedPowerW) * Int128(elapsedMs)
    }

    /// Frozen: the meter says power flows, yet both registers have not moved since a stored
    /// reading at least `frozenAfterMs` earlier (walking back over equal readings).
    private func isFrozen(_ reading: MeterReading, entries: [StoredReading], before index: Int) -> Bool {
        guard let powerW = reading.powerW, powerW != 0 else { return false }
        var earliestMs: Int64?
        var j = index - 1
        while j >= 0, entries[j].reading.importWh == reading.importWh, entries[j].reading.exportWh == reading.exportWh {
            earliestMs = entries[j].point.timestampMs
            j -= 1
        }
        guard let earliestMs else { return false }
        return reading.timestampMs - earliestMs >= rules.frozenAfterMs
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
