/// When a settlement clock acts on an ended interval: a first run (with the meter readings in
/// so far) once `firstRunDelayMs` has passed after the interval's end, and one more after the
/// market's meter-data deadline, which settles what still waited by the missing-data rule.
/// Each happens once per schedule; a repeat after a restart is harmless, since a run settles
/// only what is still pending. Pure: the clock's time comes in.
public struct SettlementSchedule: Sendable {
    public enum Step: Sendable, Hashable {
        case firstRun
        case deadlineRun
    }

    public let firstRunDelayMs: Int64
    public let meterDataDeadlineMs: Int64
    var firstRuns: Set<Int64> = []
    var deadlineRuns: Set<Int64> = []

    public init(firstRunDelayMs: Int64, meterDataDeadlineMs: Int64) {
        self.firstRunDelayMs = firstRunDelayMs
        self.meterDataDeadlineMs = meterDataDeadlineMs
    }

    /// The step due for `intervalStartMs` at `nowMs`, if any, noted as taken.
    public mutating func due(intervalStartMs: Int64, nowMs: Int64) -> Step? {
        let endMs = intervalStartMs + DeliveryInterval.lengthMs
        if !firstRuns.contains(intervalStartMs) {
            guard nowMs >= endMs + firstRunDelayMs else { return nil }
            firstRuns.insert(intervalStartMs)
            return .firstRun
        }
        guard nowMs >= endMs + meterDataDeadlineMs, deadlineRuns.insert(intervalStartMs).inserted else { return nil }
        return .deadlineRun
    }
}
