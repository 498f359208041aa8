/// The settlement rule in force: every step as `SettlementRule` defines it (pro rata from the
/// meters, the lower of the two sides), with the deadline and the missing-data policy as
/// configuration.
public struct MeteredSettlement: SettlementRule {
    public var meterDataDeadlineMs: Int64
    public var missingMeterData: any MissingMeterDataPolicy

    /// Default: wait up to 4 hours after the interval ends, then void and flag.
    public init(meterDataDeadlineMs: Int64 = 4 * 3_600_000, missingMeterData: any MissingMeterDataPolicy = VoidAndFlag()) {
        precondition(meterDataDeadlineMs >= 0, "a deadline is after the interval's end")
        self.meterDataDeadlineMs = meterDataDeadlineMs
        self.missingMeterData = missingMeterData
    }
}
