import GreenGridDomain
import GreenGridForecast
import GreenGridJournal
import GreenGridMetering

/// The metering service: the one writer of `MeteringState`, and its journal. Every input (a
/// registration, a gateway's batch) is applied to the state and appended to the metering
/// journal in one step, so the journal's order is the state's order; answers wait until the
/// records are durable. Recovery replays the journal through the same state.
///
/// The metering journal is a journal of its own (`<journal>/metering/`, the same segment and
/// record format, its own sequence), so a flood of readings never sits between a trader's
/// order and its acknowledgement.
public actor MeteringService {
    public typealias Recovery = ServiceJournal.Recovery

    public nonisolated let directory: String
    private var state: MeteringState
    private nonisolated let journal: ServiceJournal
    public nonisolated var recovery: Recovery { journal.recovery }

    public init(directory: String, zoneCount: Int, storage: any Storage = PosixStorage(),
                durability: Durability = .fsync, segmentBytes: Int = 64 << 20) throws {
        self.directory = directory
        var state = MeteringState(zoneCount: zoneCount)
        journal = try ServiceJournal(directory: directory, storage: storage, durability: durability, segmentBytes: segmentBytes) { type, body in
            state.apply(try MeteringRecord.decode(type: type, body: body))
        }
        self.state = state
    }

    /// What one applied record answers, and the journal ticket that makes it durable.
    public struct Applied: Sendable {
        public var sequence: UInt64
        public var result: MeteringState.Result
    }

    /// Applies `records` in order and queues them as one journal batch. Wait on the ticket
    /// (`waitDurable`) before answering anyone.
    public func apply(_ records: [MeteringRecord]) throws -> (applied: [Applied], ticket: JournalWriter.Ticket?) {
        guard !records.isEmpty else { return ([], nil) }
        let results = records.map { state.apply($0) }
        let (sequences, ticket) = try journal.append(records, type: \.type) { record, writer in record.encode(into: &writer) }
        return (zip(sequences, results).map { Applied(sequence: $0, result: $1) }, ticket)
    }

    public nonisolated func waitDurable(_ ticket: JournalWriter.Ticket?) async throws {
        try await journal.waitDurable(ticket)
    }

    public func meter(_ meterId: MeterId) -> Meter? { state.registry[meterId] }

    public func meters(inZone zone: ZoneIndex) -> [Meter] {
        state.registry.meters.values.filter { $0.zone == zone }.sorted { $0.meterId < $1.meterId }
    }

    public var statistics: MeteringStatistics { state.statistics }

    /// Settlement's input: each user's metered energy in the interval.
    public func intervalReadings(intervalStartMs: Int64) -> [IntervalReading] {
        state.aggregation.intervalReadings(intervalStartMs: intervalStartMs)
    }

    /// The zone intervals that changed since the last call, with their figures.
    public func takeChangedZoneEnergy() -> [(ZoneInterval, ZoneIntervalEnergy)] {
        state.takeChangedZoneIntervals().compactMap { key in
            state.aggregation.perZone[key.zone]?[key.intervalStartMs].map { (key, $0) }
        }
    }

    /// The forecast inputs of `meters`' producing ones (at most `ProductionForecast.zoneMetersMax`),
    /// read in one turn.
    func forecastInputs(_ meters: [Meter]) -> [MeteredForecast.Input] {
        meters.filter { $0.kind.mayProduce }.prefix(ProductionForecast.zoneMetersMax).map {
            MeteredForecast.Input(meter: $0, exportWhByInterval: exportHistory(meterId: $0.meterId))
        }
    }

    /// One meter's exported Wh per interval start (what it kept: `MeteringState.retentionMs`), for forecasts.
    public func exportHistory(meterId: MeterId) -> [Int64: Int64] {
        (state.aggregation.perMeter[meterId] ?? [:]).mapValues(\.exportWh)
    }

    /// A zone's energy in one interval so far (nil: no meter data).
    public func zoneEnergy(zone: ZoneIndex, intervalStartMs: Int64) -> IntervalEnergy? {
        state.aggregation.perZone[zone]?[intervalStartMs]?.energy
    }

    /// Closes the journal after what was queued is written.
    public func close() {
        journal.close()
    }
}
