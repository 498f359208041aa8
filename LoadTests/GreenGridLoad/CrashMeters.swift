import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol
import GreenGridServer
import GreenGridSimulation
import Synchronization

/// The crash loop's meter gateway: the demo `gateway` user streams batches of readings for
/// meters the admin registered, one batch in flight, paced. A batch acknowledged is durable: every
/// reading of it must be stored exactly once by a replay of the metering journal after any number of kills, and sent
/// again it must come back `duplicate` (within the exchange's duplicate window: 15 minutes below
/// the meter's newest reading; older ones are answered `outOfOrderOutsideWindow`, by design). The
/// batch in flight at the kill must be in the journal whole or not at all, and sent again come back
/// all `duplicate` or all `accepted` accordingly — anything else is a half-applied batch.
///
/// Readings are 10 s apart per meter from 20 hours ago, registers advancing well within the
/// rated power, so every first delivery is accepted; a meter's readings run out a minute before
/// now (`exhausted`), after `meters` × 7,194 readings.
final class CrashMeters: Sendable {
    struct State: Sendable {
        var step: [Int64]
        var cursor = 0
        var acked: [[MeterReading]] = []
        /// Index in `acked` where the current life's batches start.
        var lifeStart = 0
        var pending: [MeterReading]?
        var readingsAcked = 0
        var readingsChecked = 0
        /// Acknowledged readings found exactly once in the metering journal at the last check.
        var readingsInJournal = 0
        /// Resent acknowledged readings older than the duplicate window (not matched, by design).
        var readingsBeyondWindow = 0
        var pendingWhole = 0
        var pendingAbsent = 0
        var exhausted = false
        /// A first delivery not accepted: the stream itself is wrong (not a crash effect).
        var streamError: String?
        var random: SplitMix64
    }

    static let firstMeterId: MeterId = 7_000_000
    static let stepMs: Int64 = 10_000
    let meters: [Meter]
    let batchSize: Int
    let pauseMs: Int
    let startMs: Int64
    let state: Mutex<State>

    init(market: Market, count: Int, batchSize: Int, pauseMs: Int, seed: UInt64) {
        let owners = DemoUsers.accounts(market: market).map(\.participant).filter { $0.role.mayTrade }
        let gateway = DemoUsers.gatewayId(market: market)
        meters = (0..<count).map { index in
            let owner = owners[index % owners.count]
            return Meter(meterId: Self.firstMeterId + MeterId(index), ownerId: owner.traderId, gatewayId: gateway, feederId: 0,
                         zone: owner.zone, kind: owner.role == .prosumer ? .bidirectional : .householdLoad, ratedPowerW: 20_000)
        }
        self.batchSize = min(batchSize, count, Message.MeterReadings.capacity)
        self.pauseMs = pauseMs
        startMs = WallClock.nowMs() - 20 * 3_600_000
        state = Mutex(State(step: Array(repeating: 0, count: count), random: SplitMix64(seed: seed)))
    }

    func register(with admin: GreenGridClient) async throws {
        for meter in meters { _ = try await admin.registerMeter(meter) }
    }

    private func nextBatch(_ state: inout State) -> [MeterReading]? {
        let latestMs = WallClock.nowMs() - 60_000
        guard startMs + (state.step[state.cursor] + 1) * Self.stepMs <= latestMs else { return nil }
        return (0..<batchSize).map { _ in
            let index = state.cursor
            state.cursor = (state.cursor + 1) % meters.count
            let step = state.step[index]
            state.step[index] += 1
            return MeterReading(meterId: meters[index].meterId, timestampMs: startMs + step * Self.stepMs, importWh: 1_000 + step * 5,
                                exportWh: 500 + step * 3, powerW: 1_200)
        }
    }

    /// Streams until the connection dies or `stop` says so.
    func run(_ client: GreenGridClient, stop: @escaping @Sendable () -> Bool) async {
        state.withLock { $0.lifeStart = $0.acked.count }
        while !stop() {
            guard let batch = state.withLock({ state -> [MeterReading]? in
                guard let batch = nextBatch(&state) else { state.exhausted = true; return nil }
                state.pending = batch
                return batch
            }) else { return }
            do {
                let ack = try await submit(batch, client)
                guard ack.outcomes.allSatisfy({ $0 == .accepted }) else {
                    let kinds = Dictionary(grouping: ack.outcomes, by: { "\($0)" }).mapValues(\.count)
                    state.withLock { $0.streamError = "metering: a first delivery was not accepted: \(kinds)" }
                    return
                }
                state.withLock {
                    $0.acked.append(batch)
                    $0.readingsAcked += batch.count
                    $0.pending = nil
                }
            } catch {
                return
            }
            try? await Task.sleep(nanoseconds: UInt64(pauseMs) * 1_000_000)
        }
    }

    private func submit(_ batch: [MeterReading], _ client: GreenGridClient) async throws -> Message.ReadingsAck {
        for _ in 0..<1_000 {
            do { return try await client.submitReadings(batch) } catch {
                guard case .meteringRejected(.notReady, _) = error else { throw error }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
        }
        throw CrashViolation("metering: the exchange stayed not ready for a batch")
    }

    /// After a restart: in the metering journal every acknowledged reading exactly once and the
    /// batch in flight whole or absent; then from the server, that batch sent again all
    /// `duplicate` or all `accepted` as the journal says, this life's acknowledged batches and
    /// `sample` older ones (all of them when `sample` is nil) `duplicate`.
    func verify(_ client: GreenGridClient, replay: CrashReplay, sample: Int?) async throws {
        var snapshot = state.withLock { $0 }
        func stored(_ reading: MeterReading) -> Int { replay.storedReadings[ReadingKey(meterId: reading.meterId, timestampMs: reading.timestampMs)] ?? 0 }
        for batch in snapshot.acked {
            for reading in batch where stored(reading) != 1 {
                throw CrashViolation("metering: acknowledged reading \(reading) is stored \(stored(reading)) times by the metering journal's replay")
            }
        }
        snapshot.readingsInJournal = snapshot.acked.reduce(0) { $0 + $1.count }
        if let pending = snapshot.pending {
            let present = pending.map(stored)
            guard present.allSatisfy({ $0 == 1 }) || present.allSatisfy({ $0 == 0 }) else {
                throw CrashViolation("metering: the unacknowledged batch is half in the metering journal: \(present)")
            }
            let journaled = present.first == 1
            let ack = try await submit(pending, client)
            if journaled && ack.outcomes.allSatisfy({ $0 == .acceptedDuplicate }) { snapshot.pendingWhole += 1 }
            else if !journaled && ack.outcomes.allSatisfy({ $0 == .accepted }) { snapshot.pendingAbsent += 1 }
            else {
                let kinds = Dictionary(grouping: ack.outcomes, by: { "\($0)" }).mapValues(\.count)
                throw CrashViolation("metering: the unacknowledged batch (\(journaled ? "in" : "not in") the journal) came back \(kinds)")
            }
            snapshot.acked.append(pending)
            snapshot.readingsAcked += pending.count
            snapshot.pending = nil
        }
        var indices = Array(min(snapshot.lifeStart, snapshot.acked.count)..<snapshot.acked.count)
        if let sample, snapshot.lifeStart > 0 {
            indices += (0..<sample).map { _ in snapshot.random.below(snapshot.lifeStart) }
        } else if sample == nil {
            indices = Array(snapshot.acked.indices)
        }
        // The exchange keeps a meter's readings for duplicate matching only within the out-of-order
        // window below its newest; older ones are answered `outOfOrderOutsideWindow`, as documented.
        var newestMs: [MeterId: Int64] = [:]
        for batch in snapshot.acked { for reading in batch { newestMs[reading.meterId] = max(newestMs[reading.meterId] ?? .min, reading.timestampMs) } }
        let windowMs = ValidationRules().outOfOrderWindowMs
        for index in indices {
            let batch = snapshot.acked[index]
            let ack = try await submit(batch, client)
            for (reading, outcome) in zip(batch, ack.outcomes) {
                if outcome == .acceptedDuplicate { snapshot.readingsChecked += 1; continue }
                if outcome == .rejected(.outOfOrderOutsideWindow), reading.timestampMs < newestMs[reading.meterId]! - windowMs {
                    snapshot.readingsBeyondWindow += 1
                    continue
                }
                throw CrashViolation("metering: acknowledged reading \(reading) came back \(outcome), not duplicate")
            }
        }
        let final = snapshot
        state.withLock { $0 = final }
    }
}
