/// The open-loop plan: trade k is due at start + k/rate whatever happened to the earlier ones, so
/// a subscriber computes the intended time of any print itself (coordinated omission: latency
/// runs from when the trade should have happened, not from when a late sender got to it).
struct FanoutSchedule: Sendable, Hashable {
    let startNs: UInt64
    let ratePerSecond: Double
    /// Trades before this one are warm-up: delivered and counted, not timed.
    let firstMeasuredTrade: Int
    let trades: Int

    init(startNs: UInt64, ratePerSecond: Double, warmupSeconds: Double, seconds: Double) {
        self.startNs = startNs
        self.ratePerSecond = ratePerSecond
        firstMeasuredTrade = Int((warmupSeconds * ratePerSecond).rounded(.up))
        trades = Int(((warmupSeconds + seconds) * ratePerSecond).rounded(.up))
    }

    func intendedNs(ofTrade k: Int) -> UInt64 { startNs + UInt64((Double(k) * 1e9 / ratePerSecond).rounded()) }
}
