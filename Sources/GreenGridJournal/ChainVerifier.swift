import Dispatch

/// Recomputes a segment's hash chain on the other core while the scanner checks and decodes
/// the same bytes: SHA-256 is most of a recovery's work, and the links of one segment depend
/// only on its header's previous link and its own bytes.
final class ChainVerifier: @unchecked Sendable {
    /// Seal offset → the link computed for the batch that seal closes. Written by the worker
    /// before it signals, read only after `wait()`.
    private var links: [Int: [UInt8]] = [:]
    private let done = DispatchSemaphore(value: 0)

    init(segment bytes: [UInt8], previousLink: [UInt8]) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            links = Self.compute(bytes, previousLink: previousLink)
            done.signal()
        }
    }

    func wait() -> [Int: [UInt8]] {
        done.wait()
        return links
    }

    /// Walks records by their length fields only (the scanner does the real checks) and
    /// hashes each batch up to its seal.
    static func compute(_ bytes: [UInt8], previousLink: [UInt8]) -> [Int: [UInt8]] {
        var links: [Int: [UInt8]] = [:]
        bytes.withUnsafeBytes { raw in
            var link = previousLink
            var offset = SegmentFormat.headerBytes
            var batchStart = offset
            while offset + RecordFormat.headerBytes <= raw.count {
                let magic = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + RecordFormat.offsetLength, as: UInt32.self)))
                guard magic == RecordFormat.magic, length >= RecordFormat.headerBytes, offset + length <= raw.count else { break }
                if raw[offset + RecordFormat.offsetType] == RecordFormat.sealType {
                    link = RecordFormat.link(previous: link, batch: UnsafeRawBufferPointer(rebasing: raw[batchStart..<offset]))
                    links[offset] = link
                    batchStart = offset + length
                }
                offset += length
            }
        }
        return links
    }
}
