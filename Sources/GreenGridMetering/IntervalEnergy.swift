/// How much of an interval's energy rests on something other than two measured readings.
/// Bits are stable for the wire.
public struct IntervalQuality: OptionSet, Sendable, Hashable, Codable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Some of the energy comes from a span with an estimated end.
    public static let estimated = IntervalQuality(rawValue: 1 << 0)
    /// Some of the energy was spread linearly over a gap longer than `shortGapMaxMs`: the total
    /// is measured, its split between intervals is not.
    public static let spansLongGap = IntervalQuality(rawValue: 1 << 1)
}

/// Energy in one 15-minute interval, Wh.
public struct IntervalEnergy: Sendable, Hashable, Codable {
    public var importWh: Int64
    public var exportWh: Int64
    public var quality: IntervalQuality

    public init(importWh: Int64 = 0, exportWh: Int64 = 0, quality: IntervalQuality = []) {
        self.importWh = importWh
        self.exportWh = exportWh
        self.quality = quality
    }

    @inlinable public static func += (lhs: inout IntervalEnergy, rhs: IntervalEnergy) {
        lhs.importWh += rhs.importWh
        lhs.exportWh += rhs.exportWh
        lhs.quality.formUnion(rhs.quality)
    }
}
