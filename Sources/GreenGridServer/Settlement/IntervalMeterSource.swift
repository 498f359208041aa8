import GreenGridDomain
import GreenGridSimulation

/// Where the server's settlement runs get an interval's meter data. The metering service
/// will be the real source; until then a server runs with the simulated one (the demo) or none
/// (every trade then waits for the meter-data deadline and the market's missing-data rule).
public protocol IntervalMeterSource: Sendable {
    /// Readings of the parties of `escrows` (the interval's trades) that are in, or none yet.
    func readings(intervalStartMs: Int64, escrows: [PendingTransfer]) -> [IntervalReading]
}

extension SimulatedDeliveryMeters: IntervalMeterSource {}
