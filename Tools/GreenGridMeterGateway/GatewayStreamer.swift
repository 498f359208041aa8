import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol

/// Streams a `GatewayFleet` through a gateway session: registers its meters (with a grid
/// operator's or an admin's session), then sends every meter's reading each `stepMs` of
/// simulated time in batches of 128, a few batches in flight.
///
/// Simulated time starts at `fromMs` and runs `speed` times faster than the wall clock until it
/// catches up with it, then in real time: history is sent fast (the server takes readings up to
/// 24 h old), the present as it happens. Readings never lie in the future.
public final class GatewayStreamer: @unchecked Sendable {
    public struct Tally: Sendable, Hashable {
        public var readings = 0
        public var accepted = 0
        public var duplicates = 0
        public var flagged = 0
        public var rejected = 0
        public var rejections: [ReadingRejection: Int] = [:]
        public var notReady = 0
        public var lastReadingMs: Int64 = 0

        mutating func count(_ ack: Message.ReadingsAck) {
            readings += ack.outcomes.count
            for outcome in ack.outcomes {
                switch outcome {
                case .accepted: accepted += 1
                case .acceptedDuplicate: duplicates += 1
                case .flagged: flagged += 1
                case .rejected(let reason):
                    rejected += 1
                    rejections[reason, default: 0] += 1
                }
            }
        }

        public var summary: String {
            var text = "\(readings) readings: \(accepted) accepted, \(duplicates) duplicates, \(flagged) flagged, \(rejected) rejected"
            if !rejections.isEmpty {
                text += " (" + rejections.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
            }
            return text
        }
    }

    public let gateway: GreenGridClient
    private var fleet: GatewayFleet
    private let lock = NSLock()
    private var tally = Tally()

    public init(gateway: GreenGridClient, fleet: GatewayFleet) {
        self.gateway = gateway
        self.fleet = fleet
    }

    public var counts: Tally { lock.withLock { tally } }

    /// Registers every meter; a meter id already registered counts as done (a rerun). At most
    /// `perSecond` registrations a second (default 2,000: a session's message budget is the
    /// server's rate limit, 10,000/s with a burst of 2,000), `inFlight` at a time.
    public static func register(_ meters: [Meter], with registrar: GreenGridClient, inFlight: Int = 64, perSecond: Int = 2_000) async throws {
        let chunk = max(1, perSecond / 4)
        for start in stride(from: 0, to: meters.count, by: chunk) {
            let began = Date()
            let slice = Array(meters[start..<min(start + chunk, meters.count)])
            var next = 0
            try await withThrowingTaskGroup(of: Void.self) { group in
                func add() {
                    guard next < slice.count else { return }
                    let meter = slice[next]
                    next += 1
                    group.addTask {
                        do { _ = try await registrar.registerMeter(meter) } catch {
                            if case ClientError.meteringRejected(.duplicateMeterId, _)? = error as? ClientError { return }
                            throw error
                        }
                    }
                }
                for _ in 0..<inFlight { add() }
                while try await group.next() != nil { add() }
            }
            if start + chunk < meters.count {
                let waitS = 0.25 - Date().timeIntervalSince(began)
                if waitS > 0 { try await Task.sleep(nanoseconds: UInt64(waitS * 1e9)) }
            }
        }
    }

    /// Streams until simulated time reaches `untilMs` (wall-clock ms) or the task is cancelled;
    /// once caught up with the wall clock, every `liveStepMs` (default: `stepMs`).
    public func run(fromMs: Int64, untilMs: Int64, stepMs: Int64, liveStepMs: Int64? = nil, speed: Double, inFlight: Int = 4,
                    progress: (@Sendable (Tally, Int64) -> Void)? = nil) async throws {
        precondition(stepMs > 0 && speed >= 1 && (liveStepMs ?? 1) > 0)
        let wallStart = Self.nowMs()
        var simulatedMs = fromMs
        var lastProgressMs = wallStart
        while simulatedMs <= untilMs, !Task.isCancelled {
            // Where simulated time may be now: history at `speed`, never past the wall clock.
            let allowedMs = min(Self.nowMs(), fromMs + Int64(Double(Self.nowMs() - wallStart) * speed))
            if simulatedMs > allowedMs {
                let waitMs = max(1, min(simulatedMs - allowedMs, 250))
                try await Task.sleep(nanoseconds: UInt64(waitMs) * 1_000_000)
                continue
            }
            let readings = fleet.readings(atMs: simulatedMs)
            try await send(readings, inFlight: inFlight)
            lock.withLock { tally.lastReadingMs = simulatedMs }
            if let progress, Self.nowMs() - lastProgressMs >= 1_000 {
                lastProgressMs = Self.nowMs()
                progress(counts, simulatedMs)
            }
            let caughtUp = simulatedMs + stepMs > Self.nowMs()
            simulatedMs += caughtUp ? (liveStepMs ?? stepMs) : stepMs
        }
    }

    private func send(_ readings: [MeterReading], inFlight: Int) async throws {
        let batches = stride(from: 0, to: readings.count, by: Message.MeterReadings.capacity).map {
            Array(readings[$0..<min($0 + Message.MeterReadings.capacity, readings.count)])
        }
        var next = 0
        try await withThrowingTaskGroup(of: Message.ReadingsAck?.self) { group in
            func add() {
                guard next < batches.count else { return }
                let batch = batches[next]
                next += 1
                group.addTask { [gateway] in
                    // A busy exchange asks for the batch again later; the same readings are idempotent.
                    for attempt in 0..<50 {
                        do { return try await gateway.submitReadings(batch) } catch {
                            guard case ClientError.meteringRejected(.notReady, _)? = error as? ClientError else { throw error }
                            try await Task.sleep(nanoseconds: UInt64(10 + attempt * 10) * 1_000_000)
                        }
                    }
                    return nil
                }
            }
            for _ in 0..<inFlight { add() }
            while let ack = try await group.next() {
                lock.withLock {
                    if let ack { tally.count(ack) } else { tally.notReady += 1 }
                }
                add()
            }
        }
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }
}
