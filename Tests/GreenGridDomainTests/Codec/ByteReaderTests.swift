import GreenGridDomain
import Testing

/// The reader under every decoder: little-endian, bounded, and typed errors instead of traps.
@Suite("Byte reader and writer")
struct ByteReaderTests {
    @Test("fixed-width fields are little-endian and read back as written")
    func fixedWidths() throws {
        var writer = ByteWriter()
        writer.write(UInt8(0xAB))
        writer.write(UInt16(0x0102))
        writer.write(UInt32(0x0304_0506))
        writer.write(UInt64(0x0708_090A_0B0C_0D0E))
        writer.write(Int32(-2))
        writer.write(Int64.min)
        writer.write(true)
        writer.write(false)
        #expect(writer.bytes[0..<7] == [0xAB, 0x02, 0x01, 0x06, 0x05, 0x04, 0x03])
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readUInt8() == 0xAB)
        #expect(try reader.readUInt16() == 0x0102)
        #expect(try reader.readUInt32() == 0x0304_0506)
        #expect(try reader.readUInt64() == 0x0708_090A_0B0C_0D0E)
        #expect(try reader.readInt32() == -2)
        #expect(try reader.readInt64() == .min)
        #expect(try reader.readBool(field: "a") == true)
        #expect(try reader.readBool(field: "b") == false)
        #expect(reader.isAtEnd)
        try reader.expectEnd()
        #expect(throws: DecodeError(.truncated, offset: reader.offset)) { try reader.readUInt8() }
    }

    @Test("a field that runs past the end is truncated at its own offset")
    func truncation() {
        var reader = ByteReader([1, 2, 3])
        #expect(throws: DecodeError(.truncated, offset: 0)) { try reader.readUInt32() }
        #expect(reader.offset == 0)
        #expect(throws: Never.self) { try reader.readUInt16() }
        #expect(throws: DecodeError(.truncated, offset: 2)) { try reader.readUInt16() }
        #expect(throws: DecodeError(.trailingBytes, offset: 2)) { try reader.expectEnd() }
    }

    @Test("bools other than 0 and 1 are invalid")
    func bools() {
        var reader = ByteReader([2])
        #expect(throws: DecodeError(.invalidValue("flag"), offset: 0)) { try reader.readBool(field: "flag") }
    }

    @Test("counts are refused over their maximum or over what the input could hold, before allocating")
    func counts() throws {
        var writer = ByteWriter()
        writer.write(UInt32.max)
        var overMax = ByteReader(writer.bytes)
        #expect(throws: DecodeError(.tooLarge("orders"), offset: 0)) {
            try overMax.readCount(max: 10_000_000, minElementBytes: 65, field: "orders")
        }
        var claimsTooMuch = ByteReader([3, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(throws: DecodeError(.truncated, offset: 4)) {
            try claimsTooMuch.readCount(max: 100, minElementBytes: 8, field: "ids")
        }
        var fits = ByteReader([1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try fits.readCount(max: 100, minElementBytes: 8, field: "ids") == 1)
    }

    @Test("strings are a u16 length and UTF-8, bounded and validated")
    func strings() throws {
        var writer = ByteWriter()
        writer.writeString("Zürich-Nord", maxBytes: 64)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readString(maxBytes: 64, field: "name") == "Zürich-Nord")
        var tooLong = ByteReader(writer.bytes)
        #expect(throws: DecodeError(.tooLarge("name"), offset: 0)) { try tooLong.readString(maxBytes: 4, field: "name") }
        var invalid = ByteReader([2, 0, 0xC3, 0x28])
        #expect(throws: DecodeError(.invalidValue("name"), offset: 0)) { try invalid.readString(maxBytes: 4, field: "name") }
    }

    @Test("every read on every prefix of random input either succeeds or throws")
    func neverTraps() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 0..<40 {
            let bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            var reader = ByteReader(bytes)
            for step in 0..<20 {
                switch step % 6 {
                case 0: _ = try? reader.readUInt64()
                case 1: _ = try? reader.readString(maxBytes: 16, field: "s")
                case 2: _ = try? reader.readCount(max: 1_000, minElementBytes: 4, field: "n")
                case 3: _ = try? reader.readBool(field: "b")
                case 4: _ = try? reader.readBytes(3)
                default: _ = try? reader.readUInt16()
                }
            }
            #expect(reader.offset <= reader.count)
        }
    }
}
