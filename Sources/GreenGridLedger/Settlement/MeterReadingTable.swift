import GreenGridDomain

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
