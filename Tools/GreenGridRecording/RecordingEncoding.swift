import GreenGridCrypto
import GreenGridDomain

/// Turns headers and records into bytes; the only place that knows the layout besides the reader.
public enum RecordingEncoding {
    public static func header(createdNs: Int64) -> [UInt8] {
        var writer = ByteWriter(capacity: RecordingFormat.headerBytes)
        writer.write(bytes: RecordingFormat.magic)
        writer.write(RecordingFormat.version)
        writer.write(UInt16(0))
        writer.write(createdNs)
        writer.write(CRC32C.checksum(writer.bytes))
        return writer.takeBytes()
    }

    /// The record's bytes, or nil when the payload is larger than the format allows (the writer
    /// refuses rather than produce a record every reader would reject as corrupt).
    public static func record(_ record: Record) -> [UInt8]? {
        guard record.payload.count <= RecordingFormat.payloadBytesMax else { return nil }
        var body = ByteWriter(capacity: RecordingFormat.recordHeaderBytes + record.payload.count)
        body.write(UInt32(record.payload.count))
        body.write(record.receiveTimeNs)
        body.write(record.kind.rawValue)
        body.write(bytes: record.payload)
        let covered = body.takeBytes()
        var writer = ByteWriter(capacity: 4 + covered.count)
        writer.write(CRC32C.checksum(covered))
        writer.write(bytes: covered)
        return writer.takeBytes()
    }
}
