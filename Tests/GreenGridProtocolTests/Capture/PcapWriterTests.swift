import Testing

/// The pcap writer and the synthetic TCP/IPv4 packets, byte by byte, so a capture that tshark reads
/// wrongly can be blamed on the dissector, not on the file.
@Suite("Pcap writer")
struct PcapWriterTests {
    @Test("the global header is the classic little-endian microsecond pcap header")
    func globalHeader() {
        let ethernet = PcapWriter(linkType: .ethernet)
        #expect(ethernet.bytes == [
            0xD4, 0xC3, 0xB2, 0xA1,  // magic 0xA1B2C3D4, little-endian
            0x02, 0x00, 0x04, 0x00,  // version 2.4
            0x00, 0x00, 0x00, 0x00,  // thiszone
            0x00, 0x00, 0x00, 0x00,  // sigfigs
            0xFF, 0xFF, 0x00, 0x00,  // snaplen 65,535
            0x01, 0x00, 0x00, 0x00,  // LINKTYPE_ETHERNET
        ])
        #expect(ethernet.packetCount == 0)
        let raw = PcapWriter(linkType: .raw, snapLength: 262_144)
        #expect(raw.bytes.count == PcapWriter.globalHeaderBytes)
        #expect(Array(raw.bytes[16..<24]) == [0x00, 0x00, 0x04, 0x00, 0x65, 0x00, 0x00, 0x00])  // 262,144; LINKTYPE_RAW 101
    }

    @Test("a record is its timestamp, two equal lengths and the packet's bytes")
    func recordLayout() throws {
        var writer = PcapWriter(linkType: .raw)
        writer.append(packet: [0xAA, 0xBB, 0xCC], timestampMicros: 1_798_761_600_123_456)
        writer.append(packet: [], timestampMicros: 5)
        #expect(writer.packetCount == 2)
        #expect(Array(writer.bytes[24...]) == [
            0x80, 0xEC, 0x36, 0x6B,  // 1,798,761,600 s
            0x40, 0xE2, 0x01, 0x00,  // 123,456 µs
            0x03, 0x00, 0x00, 0x00,  // captured length
            0x03, 0x00, 0x00, 0x00,  // original length
            0xAA, 0xBB, 0xCC,
            0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ])
        let parsed = try #require(PcapWriter.records(of: writer.bytes))
        #expect(parsed.linkType == 101)
        #expect(parsed.packets.map(\.timestampMicros) == [1_798_761_600_123_456, 5])
        #expect(parsed.packets.map(\.bytes) == [[0xAA, 0xBB, 0xCC], []])
        #expect(PcapWriter.records(of: Array(writer.bytes.dropLast())) == nil)
    }

    @Test("the internet checksum matches RFC 1071's example")
    func internetChecksum() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (one's complement 220d).
        #expect(SyntheticTCPPacket.internetChecksum([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]) == 0x220D)
        // An odd length is padded with a zero byte.
        #expect(SyntheticTCPPacket.internetChecksum([0x01]) == 0xFEFF)
    }

    @Test("an IPv4 + TCP packet has correct lengths, ports, numbers, flags and checksums")
    func ipv4TCPLayout() {
        let packet = SyntheticTCPPacket(
            sourceAddress: [10, 0, 0, 1], destinationAddress: [10, 0, 0, 2], sourcePort: 50_000, destinationPort: 7600,
            sequenceNumber: 0x0102_0304, acknowledgementNumber: 0x0A0B_0C0D, flags: [.psh, .ack], identification: 7,
            payload: [0x04, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00])
        let ip = packet.ipv4Bytes
        #expect(ip.count == 20 + 20 + 8)
        #expect(Array(ip[0..<10]) == [0x45, 0x00, 0x00, 48, 0x00, 0x07, 0x40, 0x00, 64, 6])
        #expect(Array(ip[12..<20]) == [10, 0, 0, 1, 10, 0, 0, 2])
        #expect(SyntheticTCPPacket.internetChecksum(Array(ip[0..<20])) == 0, "IPv4 header checksum does not verify")
        let tcp = Array(ip[20...])
        #expect(tcp.captureBE16(at: 0) == 50_000)
        #expect(tcp.captureBE16(at: 2) == 7600)
        #expect(tcp.captureBE32(at: 4) == 0x0102_0304)
        #expect(tcp.captureBE32(at: 8) == 0x0A0B_0C0D)
        #expect(tcp[12] == 0x50)  // 5 words, no options
        #expect(tcp[13] == 0x18)  // PSH | ACK
        #expect(tcp.captureBE16(at: 14) == 65_535)
        #expect(Array(tcp[20...]) == [0x04, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00])
        var pseudo: [UInt8] = [10, 0, 0, 1, 10, 0, 0, 2, 0, 6]
        pseudo.captureAppendBE(UInt16(tcp.count))
        #expect(SyntheticTCPPacket.internetChecksum(pseudo + tcp) == 0, "TCP checksum does not verify")

        let ethernet = packet.bytes(for: .ethernet)
        #expect(ethernet.count == 14 + ip.count)
        #expect(Array(ethernet[0..<14]) == [0x02, 0x00, 10, 0, 0, 2, 0x02, 0x00, 10, 0, 0, 1, 0x08, 0x00])
        #expect(Array(ethernet[14...]) == ip)
        #expect(packet.bytes(for: .raw) == ip)
    }

    @Test("a connection's segments continue each direction's sequence numbers without gaps")
    func connectionSequenceNumbers() {
        var connection = SyntheticTCPConnection(
            clientAddress: [10, 0, 0, 1], clientPort: 50_000, serverAddress: [10, 0, 0, 2], serverPort: 7600,
            clientInitialSequence: 100, serverInitialSequence: 900)
        let handshake = connection.handshake()
        #expect(handshake.map(\.flags) == [[.syn], [.syn, .ack], [.ack]])
        #expect(handshake.map(\.sequenceNumber) == [100, 900, 101])
        #expect(handshake.map(\.acknowledgementNumber) == [0, 101, 901])
        let first = connection.send(.clientToServer, [1, 2, 3])
        let reply = connection.send(.serverToClient, [4, 5])
        let second = connection.send(.clientToServer, [6])
        #expect([first.sequenceNumber, second.sequenceNumber] == [101, 104])
        #expect(reply.sequenceNumber == 901 && reply.acknowledgementNumber == 104)
        #expect(second.acknowledgementNumber == 903)
        #expect((first.sourcePort, first.destinationPort) == (50_000, 7600))
        #expect((reply.sourcePort, reply.destinationPort) == (7600, 50_000))
        let close = connection.close()
        #expect(close.map(\.sequenceNumber) == [105, 903, 106])
        #expect(close.map(\.acknowledgementNumber) == [903, 106, 904])
    }
}
