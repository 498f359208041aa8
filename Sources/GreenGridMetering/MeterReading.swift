/// Status bits a meter sends with a reading (a subset of what DLMS/COSEM status words carry).
/// Raw values are stable for the wire.
public struct MeterStatus: OptionSet, Sendable, Hashable, Codable {
    public var rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let clockNotSynchronised = MeterStatus(rawValue: 1 << 0)
    public static let powerFailureSinceLast = MeterStatus(rawValue: 1 << 1)
    public static let tamperAlarm = MeterStatus(rawValue: 1 << 2)
    public static let batteryLow = MeterStatus(rawValue: 1 << 3)

    /// Bits that make a reading worth a person's look, though the registers may be fine.
    public static let alarms: MeterStatus = [.clockNotSynchronised, .tamperAlarm]
}

/// One reading as the meter sends it: cumulative registers, never interval values, so that a
/// lost message loses resolution and not energy.
public struct MeterReading: Sendable, Hashable, Codable {
    public var meterId: MeterId
    /// When the meter took the reading (its clock), Unix ms.
    public var timestampMs: Int64
    /// OBIS 1.8.0: total active energy drawn from the grid, Wh.
    public var importWh: Int64
    /// OBIS 2.8.0: total active energy fed into the grid, Wh.
    public var exportWh: Int64
    /// Instantaneous active power, W; positive while importing, negative while exporting.
    public var powerW: Int64?
    public var status: MeterStatus

    public init(meterId: MeterId, timestampMs: Int64, importWh: Int64, exportWh: Int64, powerW: Int64? = nil, status: MeterStatus = []) {
        self.meterId = meterId
        self.timestampMs = timestampMs
        self.importWh = importWh
        self.exportWh = exportWh
        self.powerW = powerW
        self.status = status
    }
}
