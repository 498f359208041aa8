import GreenGridDomain
import GreenGridSimulation

/// A source of an interval's meter data other than the metering service: the simulated one the
/// in-process demo and tests use.
public protocol IntervalMeterSource: Sendable {
    /// Readings of the parties of `escrows` (the interval's trades) that are in, or none yet.
    func readings(intervalStartMs: Int64, escrows: [PendingTransfer]) -> [IntervalReading]
}

extension SimulatedDeliveryMeters: IntervalMeterSource {}

/// Where a server's settlement runs take meter data from.
public enum MeterDataSource: Sendable {
    /// The server's own metering service: what gateways sent, validated and aggregated.
    case metering
    /// A stand-in (the demo's simulated deliveries, or a test's fixed readings).
    case source(any IntervalMeterSource)
    /// None: every trade waits for the meter-data deadline and the market's missing-data rule.
    case none
}
