import GreenGridDomain

/// The one layout of a reading, shared by the protocol's MeterReadings slots and the metering
/// journal's batch records (Protocol/protocol.md, "Metering"): 42 bytes, little-endian.
extension MeterReading {
    public static let encodedBytes = 42
    /// `powerW` on the wire when the meter sent no instantaneous power.
    public static let powerNotMeasured = Int64.min

    public func encode(into writer: inout ByteWriter) {
        writer.write(meterId)
        writer.write(timestampMs)
        writer.write(importWh)
        writer.write(exportWh)
        writer.write(powerW ?? Self.powerNotMeasured)
        writer.write(status.rawValue)
    }

    /// Reads the fields; the status word may carry only the bits version 1 defines.
    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        meterId = try reader.readUInt64()
        timestampMs = try reader.readInt64()
        importWh = try reader.readInt64()
        exportWh = try reader.readInt64()
        let power = try reader.readInt64()
        powerW = power == Self.powerNotMeasured ? nil : power
        let statusOffset = reader.offset
        let raw = try reader.readUInt16()
        guard raw & ~MeterStatus.defined.rawValue == 0 else { throw DecodeError(.invalidValue("status"), offset: statusOffset) }
        status = MeterStatus(rawValue: raw)
    }
}

extension MeterStatus {
    /// Every bit version 1 gives a meaning; the others must be 0.
    public static let defined: MeterStatus = [.clockNotSynchronised, .powerFailureSinceLast, .tamperAlarm, .batteryLow]
}
