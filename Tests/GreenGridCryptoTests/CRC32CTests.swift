import GreenGridSimulation
import Testing
import GreenGridCrypto

/// CRC-32C against RFC 3720 appendix B.4 and the standard check value, plus a bytewise cross-check.
struct CRC32CTests {
    static let iscsiReadPDU = bytes(hex: """
        01 C0 00 00 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 00 00 04 00 00 00 00 14 00 00 00 18
        28 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00
        """)

    @Test(arguments: [
        ("32 x 0x00", [UInt8](repeating: 0x00, count: 32), UInt32(0x8A91_36AA)),
        ("32 x 0xFF", [UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ("ascending 0x00...0x1F", Array(UInt8(0)...0x1F), 0x46DD_794E),
        ("descending 0x1F...0x00", Array((UInt8(0)...0x1F).reversed()), 0x113F_DB5C),
        ("iSCSI read PDU", iscsiReadPDU, 0xD996_3A56),
        ("check 123456789", bytes("123456789"), 0xE306_9283),
    ])
    func publishedVectors(name: String, input: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(input) == expected, "\(name)")
        #expect(input.withUnsafeBytes { CRC32C.checksum($0) } == expected, "\(name) via raw buffer")
    }

    @Test func pduIsFortyEightBytes() {
        #expect(Self.iscsiReadPDU.count == 48)
    }

    @Test func emptyInputReturnsTheContinuedValue() {
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum(UnsafeRawBufferPointer(start: nil, count: 0), continuing: 0x1234_5678) == 0x1234_5678)
    }

    @Test func nonContiguousCollectionMatchesArray() {
        let data = bytes("The quick brown fox jumps over the lazy dog")
        #expect(CRC32C.checksum(data.reversed()) == CRC32C.checksum(Array(data.reversed())))
        #expect(CRC32C.checksum((0..<1000).lazy.map { UInt8(truncatingIfNeeded: $0) })
                == CRC32C.checksum((0..<1000).map { UInt8(truncatingIfNeeded: $0) }))
    }

    /// The textbook one-bit-at-a-time CRC, independent of the slicing tables.
    static func reference(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        var c = ~crc
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
        }
        return ~c
    }

    @Test func referenceAgreesWithCheckValue() {
        #expect(Self.reference(bytes("123456789")) == 0xE306_9283)
    }

    @Test func slicingMatchesBytewiseReferenceWithRandomSplits() {
        var rng = SplitMix64(seed: 0xC0FF_EE00_3720)
        for _ in 0..<400 {
            let length = Int.random(in: 0...1000, using: &rng)
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let split = Int.random(in: 0...length, using: &rng)
            let expected = Self.reference(data)
            #expect(CRC32C.checksum(data) == expected, "length \(length)")
            let head = Array(data[..<split]), body = Array(data[split...])
            #expect(CRC32C.checksum(body, continuing: CRC32C.checksum(head)) == expected, "length \(length) split \(split)")
            let viaRaw = data.withUnsafeBytes { raw in
                CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[split...]),
                                continuing: CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[..<split])))
            }
            #expect(viaRaw == expected, "raw length \(length) split \(split)")
        }
    }

    @Test func unalignedStartsMatchReference() {
        let data = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        data.withUnsafeBytes { raw in
            for offset in 0..<16 {
                let slice = UnsafeRawBufferPointer(rebasing: raw[offset...])
                #expect(CRC32C.checksum(slice) == Self.reference(Array(data[offset...])), "offset \(offset)")
            }
        }
    }
}
