import GreenGridDomain

/// The metering service's whole state, driven only by `MeteringRecord`s: the registry, every
/// meter's validated series and the live interval energy. Pure and synchronous (the time is the
/// record's receive time), so the metering journal replayed gives the same state and the same
/// outcome for every reading.
public struct MeteringState: Sendable {
    /// Interval energy is kept this long behind the newest receive time (forecasts read it). 3 days.
    public static let defaultRetentionMs: Int64 = 3 * 86_400_000
    static let pruneEveryMs: Int64 = 3_600_000

    public let zoneCount: Int
    public let retentionMs: Int64
    public private(set) var validator: MeterValidator
    public private(set) var aggregation: LiveAggregation
    public private(set) var statistics = MeteringStatistics()
    private var lastPruneMs: Int64 = .min

    public init(zoneCount: Int, rules: ValidationRules = ValidationRules(), registry: MeterRegistry = MeterRegistry(),
                retentionMs: Int64 = MeteringState.defaultRetentionMs) {
        self.zoneCount = zoneCount
        self.retentionMs = retentionMs
        validator = MeterValidator(registry: registry, rules: rules)
        aggregation = LiveAggregation(shortGapMaxMs: rules.shortGapMaxMs, nominalStepMs: rules.nominalStepMs)
    }

    public var registry: MeterRegistry { validator.registry }

    /// Adds a meter; nothing changes when it is refused.
    public mutating func register(_ meter: Meter) throws(MeterRegistrationError) {
        guard meter.zone < zoneCount else { throw .unknownZone }
        try validator.registry.register(meter)
        statistics.meters = validator.registry.count
    }

    /// Validates and stores a batch, one outcome per reading in the batch's order.
    public mutating func ingest(_ batch: ReadingBatch) -> [ReadingOutcome] {
        var outcomes: [ReadingOutcome] = []
        outcomes.reserveCapacity(batch.readings.count)
        for reading in batch.readings {
            let (outcome, insertion) = validator.ingest(reading, nowMs: batch.receivedMs, gatewayId: batch.gatewayId)
            if let insertion, let meter = validator.registry[reading.meterId] {
                aggregation.add(insertion, meter: meter)
            }
            statistics.count(outcome)
            outcomes.append(outcome)
        }
        statistics.batches += 1
        if batch.receivedMs >= lastPruneMs &+ Self.pruneEveryMs {
            lastPruneMs = batch.receivedMs
            aggregation.prune(beforeMs: batch.receivedMs - retentionMs)
        }
        return outcomes
    }

    /// The zone intervals whose energy changed since the last call (for the live view).
    public mutating func takeChangedZoneIntervals() -> [ZoneInterval] { aggregation.takeChanged() }

    public enum Result: Sendable, Hashable {
        case registered
        case registrationRefused(MeterRegistrationError)
        case ingested([ReadingOutcome])
    }

    /// Applies one journal record: what the service does live and what recovery repeats.
    @discardableResult
    public mutating func apply(_ record: MeteringRecord) -> Result {
        switch record {
        case .registerMeter(let meter):
            do throws(MeterRegistrationError) {
                try register(meter)
                return .registered
            } catch {
                return .registrationRefused(error)
            }
        case .readings(let batch):
            return .ingested(ingest(batch))
        }
    }
}

/// Counts since the state was made (replay included), for logs and the load harness.
public struct MeteringStatistics: Sendable, Hashable {
    public var meters = 0
    public var batches = 0
    public var accepted = 0
    public var duplicates = 0
    public var flagged = 0
    public var rejected = 0

    public var readings: Int { accepted + duplicates + flagged + rejected }

    mutating func count(_ outcome: ReadingOutcome) {
        switch outcome {
        case .accepted: accepted += 1
        case .acceptedDuplicate: duplicates += 1
        case .flagged: flagged += 1
        case .rejected: rejected += 1
        }
    }
}
