
/// What settlement needs from metering: each participant's measured export and import in
/// one delivery interval, in Wh, or nil while the data is not in. The metering issue provides
/// the real one (validated, aggregated registers); settlement only reads through this.
public protocol IntervalMeterReadings {
    /// Wh the participant fed into the grid during the interval.
    func exportWh(participant: TraderId, intervalStartMs: Int64) -> Int64?
    /// Wh the participant drew from the grid during the interval.
    func importWh(participant: TraderId, intervalStartMs: Int64) -> Int64?
}
