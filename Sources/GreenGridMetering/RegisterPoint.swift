/// A meter's registers at one instant, on a continuous scale: rollovers are undone, so the
/// difference of two points is always the energy between them. This is what estimation and
/// aggregation work on; the raw reading stays in `StoredReading`.
public struct RegisterPoint: Sendable, Hashable, Codable {
    public var timestampMs: Int64
    public var importWh: Int64
    public var exportWh: Int64
    /// Validation flags of the reading, or `.estimated` for an interpolated point.
    public var flags: ReadingFlags

    public init(timestampMs: Int64, importWh: Int64, exportWh: Int64, flags: ReadingFlags = []) {
        self.timestampMs = timestampMs
        self.importWh = importWh
        self.exportWh = exportWh
        self.flags = flags
    }

    @inlinable public var isEstimated: Bool { flags.contains(.estimated) }
}

/// A reading the validator kept: the raw reading exactly as received, and its continuous point.
public struct StoredReading: Sendable, Hashable, Codable {
    public var reading: MeterReading
    public var point: RegisterPoint

    public init(reading: MeterReading, point: RegisterPoint) {
        self.reading = reading
        self.point = point
    }
}
