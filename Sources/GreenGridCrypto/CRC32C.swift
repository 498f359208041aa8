/// CRC-32C (Castagnoli), because journal records need cheap, strong detection of torn or flipped bytes.
public enum CRC32C {
    /// The reflected Castagnoli polynomial, chosen for its better error detection than CRC-32 (IEEE).
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Eight 256-entry slicing tables laid end to end, built once so no call pays for them again.
    static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1 }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// Checksums raw bytes; pass an earlier result as `continuing` to checksum data that arrives in pieces.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return tables.withUnsafeBufferPointer { table in
            ~update(~crc, base, bytes.count, table.baseAddress!)
        }
    }

    /// Checksums any byte collection, borrowing its contiguous storage when it has some to avoid a copy.
    public static func checksum<C: Collection>(_ bytes: C, continuing crc: UInt32 = 0) -> UInt32
    where C.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0), continuing: crc) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { checksum($0, continuing: crc) }
    }

    /// The slicing-by-8 loop on the pre-inverted register, kept pointer-only so the hot path has no bounds checks.
    @inline(__always)
    private static func update(_ start: UInt32, _ base: UnsafeRawPointer, _ count: Int, _ t: UnsafePointer<UInt32>) -> UInt32 {
        let t0 = t, t1 = t + 256, t2 = t + 512, t3 = t + 768
        let t4 = t + 1024, t5 = t + 1280, t6 = t + 1536, t7 = t + 1792
        var crc = start
        var p = base
        var remaining = count
        while remaining >= 8 {
            let word = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
            let low = UInt32(truncatingIfNeeded: word) ^ crc
            let high = UInt32(truncatingIfNeeded: word &>> 32)
            let fromLow = t7[Int(low & 0xFF)] ^ t6[Int((low &>> 8) & 0xFF)]
                ^ t5[Int((low &>> 16) & 0xFF)] ^ t4[Int(low &>> 24)]
            let fromHigh = t3[Int(high & 0xFF)] ^ t2[Int((high &>> 8) & 0xFF)]
                ^ t1[Int((high &>> 16) & 0xFF)] ^ t0[Int(high &>> 24)]
            crc = fromLow ^ fromHigh
            p += 8
            remaining &-= 8
        }
        while remaining > 0 {
            crc = t0[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (crc &>> 8)
            p += 1
            remaining &-= 1
        }
        return crc
    }
}
