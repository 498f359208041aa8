/// The tunable limits of validation. Defaults follow common VEE practice for 15-minute meters.
public struct ValidationRules: Sendable, Hashable, Codable {
    /// How far ahead of the server's clock a timestamp may be (meter clocks drift). 5 min.
    public var clockToleranceMs: Int64
    /// How far behind the server's clock a timestamp may be. Meters buffer readings while the
    /// link is down and send them later, so this is much wider than the future tolerance. 24 h.
    public var maxReadingAgeMs: Int64
    /// A reading older than the newest stored one by at most this much is slotted in (messages
    /// overtake each other); older ones are refused. 15 min.
    public var outOfOrderWindowMs: Int64
    /// Registers unchanged for at least this long while the meter reports non-zero power are
    /// flagged as frozen. 1 h.
    public var frozenAfterMs: Int64
    /// Registers count modulo this value (10^12 Wh = 10^9 kWh, a 9-digit kWh display).
    /// A decrease is a rollover only when the previous value was in the top 1% of the range
    /// and the new one is in the bottom 1%; any other decrease is refused.
    public var registerModulusWh: Int64
    /// The nominal distance between readings, and the estimation grid. 15 min.
    public var nominalStepMs: Int64
    /// Gaps longer than one step and at most this long are estimated; longer gaps stay gaps. 2 h.
    public var shortGapMaxMs: Int64

    public init(
        clockToleranceMs: Int64 = 5 * 60_000,
        maxReadingAgeMs: Int64 = 24 * 3_600_000,
        outOfOrderWindowMs: Int64 = 15 * 60_000,
        frozenAfterMs: Int64 = 3_600_000,
        registerModulusWh: Int64 = 1_000_000_000_000,
        nominalStepMs: Int64 = 15 * 60_000,
        shortGapMaxMs: Int64 = 2 * 3_600_000
    ) {
        self.clockToleranceMs = clockToleranceMs
        self.maxReadingAgeMs = maxReadingAgeMs
        self.outOfOrderWindowMs = outOfOrderWindowMs
        self.frozenAfterMs = frozenAfterMs
        self.registerModulusWh = registerModulusWh
        self.nominalStepMs = nominalStepMs
        self.shortGapMaxMs = shortGapMaxMs
    }

    /// The register advance from `previous` to `next`, or nil when `next` is lower and not a
    /// rollover. A rollover's advance is `next + modulus - previous`.
    @inlinable public func registerAdvanceWh(from previous: Int64, to next: Int64) -> (advanceWh: Int64, rolledOver: Bool)? {
        if next >= previous { return (next - previous, false) }
        let onePercent = registerModulusWh / 100
        guard previous >= registerModulusWh - onePercent, next < onePercent else { return nil }
        return (next + (registerModulusWh - previous), true)
    }
}
