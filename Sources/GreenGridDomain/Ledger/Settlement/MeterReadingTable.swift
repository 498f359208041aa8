
/// Interval readings held in memory: the stand-in for metering in tests and the settlement
/// benchmark, and what a caller can fill from any other source.
public struct MeterReadingTable: IntervalMeterReadings, Sendable {
    struct Key: Hashable, Sendable {
        var participant: TraderId
        var intervalStartMs: Int64
    }

    var exports: [Key: Int64] = [:]
    var imports: [Key: Int64] = [:]

    public init() {}

    public mutating func setExport(_ wh: Int64, participant: TraderId, intervalStartMs: Int64) {
        exports[Key(participant: participant, intervalStartMs: intervalStartMs)] = wh
    }

    public mutating func setImport(_ wh: Int64, participant: TraderId, intervalStartMs: Int64) {
        imports[Key(participant: participant, intervalStartMs: intervalStartMs)] = wh
    }

    public func exportWh(participant: TraderId, intervalStartMs: Int64) -> Int64? {
        exports[Key(participant: participant, intervalStartMs: intervalStartMs)]
    }

    public func importWh(participant: TraderId, intervalStartMs: Int64) -> Int64? {
        imports[Key(participant: participant, intervalStartMs: intervalStartMs)]
    }
}

extension MeterReadingTable {
    /// Forgets one interval's readings (settled, nothing left to read them for).
    public mutating func removeInterval(_ intervalStartMs: Int64) {
        exports = exports.filter { $0.key.intervalStartMs != intervalStartMs }
        imports = imports.filter { $0.key.intervalStartMs != intervalStartMs }
    }

    /// Every reading, by interval then participant: (interval, participant, export, import).
    public var entries: [(intervalStartMs: Int64, participant: TraderId, exportWh: Int64?, importWh: Int64?)] {
        let keys = Set(exports.keys).union(imports.keys).sorted {
            ($0.intervalStartMs, $0.participant) < ($1.intervalStartMs, $1.participant)
        }
        return keys.map { ($0.intervalStartMs, $0.participant, exports[$0], imports[$0]) }
    }

    public var isEmpty: Bool { exports.isEmpty && imports.isEmpty }
}
