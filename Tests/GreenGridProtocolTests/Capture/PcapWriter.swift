/// A classic libpcap file (not pcapng) built in memory: the 24-byte global header, then one
/// 16-byte record header and the packet's bytes per packet. Everything is written little-endian with
/// the microsecond magic 0xA1B2C3D4, which every reader (tcpdump, Wireshark, tshark) accepts.
///
/// Layout (https://www.tcpdump.org/manpages/pcap-savefile.5.html):
///
///     global header: magic u32, versionMajor u16 = 2, versionMinor u16 = 4, thiszone i32 = 0,
///                    sigfigs u32 = 0, snaplen u32, network (link type) u32
///     record header: tsSec u32, tsUsec u32, inclLen u32, origLen u32, then inclLen bytes
struct PcapWriter: Sendable {
    /// The link-layer header type of every packet in the file (LINKTYPE_* of tcpdump.org).
    enum LinkType: UInt32, Sendable {
        /// An Ethernet II header (14 bytes) before the IP packet.
        case ethernet = 1
        /// The packet starts with its IPv4 or IPv6 header.
        case raw = 101
    }

    static let magic: UInt32 = 0xA1B2_C3D4
    static let versionMajor: UInt16 = 2
    static let versionMinor: UInt16 = 4
    static let globalHeaderBytes = 24
    static let recordHeaderBytes = 16

    let linkType: LinkType
    let snapLength: UInt32
    private(set) var bytes: [UInt8] = []
    private(set) var packetCount = 0

    init(linkType: LinkType, snapLength: UInt32 = 65_535) {
        self.linkType = linkType
        self.snapLength = snapLength
        bytes.captureAppendLE(Self.magic)
        bytes.captureAppendLE(Self.versionMajor)
        bytes.captureAppendLE(Self.versionMinor)
        bytes.captureAppendLE(Int32(0))  // thiszone: timestamps are UTC
        bytes.captureAppendLE(UInt32(0))  // sigfigs
        bytes.captureAppendLE(snapLength)
        bytes.captureAppendLE(linkType.rawValue)
    }

    /// Appends one packet (its link-layer bytes) stamped `timestampMicros` after the Unix epoch.
    mutating func append(packet: [UInt8], timestampMicros: UInt64) {
        precondition(packet.count <= Int(snapLength), "packet of \(packet.count) bytes exceeds the snap length")
        bytes.captureAppendLE(UInt32(timestampMicros / 1_000_000))
        bytes.captureAppendLE(UInt32(timestampMicros % 1_000_000))
        bytes.captureAppendLE(UInt32(packet.count))  // captured length
        bytes.captureAppendLE(UInt32(packet.count))  // original length: nothing is truncated
        bytes += packet
        packetCount += 1
    }

    /// Splits a file written by this type back into its records (for tests): nil if it is not one.
    static func records(of file: [UInt8]) -> (linkType: UInt32, packets: [(timestampMicros: UInt64, bytes: [UInt8])])? {
        guard file.count >= globalHeaderBytes, file.captureLE32(at: 0) == magic else { return nil }
        let linkType = file.captureLE32(at: 20)
        var packets: [(UInt64, [UInt8])] = []
        var offset = globalHeaderBytes
        while offset < file.count {
            guard offset + recordHeaderBytes <= file.count else { return nil }
            let seconds = UInt64(file.captureLE32(at: offset))
            let micros = UInt64(file.captureLE32(at: offset + 4))
            let included = Int(file.captureLE32(at: offset + 8))
            let original = Int(file.captureLE32(at: offset + 12))
            guard included == original, offset + recordHeaderBytes + included <= file.count else { return nil }
            let start = offset + recordHeaderBytes
            packets.append((seconds * 1_000_000 + micros, Array(file[start..<(start + included)])))
            offset = start + included
        }
        return (linkType, packets)
    }
}

/// One synthetic IPv4 + TCP packet (no options), with correct lengths and checksums, optionally
/// behind an Ethernet II header.
struct SyntheticTCPPacket: Sendable, Equatable {
    struct Flags: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        static let fin = Flags(rawValue: 0x01)
        static let syn = Flags(rawValue: 0x02)
        static let rst = Flags(rawValue: 0x04)
        static let psh = Flags(rawValue: 0x08)
        static let ack = Flags(rawValue: 0x10)
    }

    static let ipv4HeaderBytes = 20
    static let tcpHeaderBytes = 20
    static let ethernetHeaderBytes = 14

    var sourceAddress: [UInt8]  // 4 bytes
    var destinationAddress: [UInt8]  // 4 bytes
    var sourcePort: UInt16
    var destinationPort: UInt16
    var sequenceNumber: UInt32
    var acknowledgementNumber: UInt32
    var flags: Flags
    var window: UInt16 = 65_535
    var identification: UInt16 = 0
    var payload: [UInt8] = []

    /// The IPv4 packet: header (with its checksum), TCP header (with its checksum over the
    /// pseudo-header, header and payload), payload.
    var ipv4Bytes: [UInt8] {
        precondition(sourceAddress.count == 4 && destinationAddress.count == 4, "IPv4 addresses are 4 bytes")
        let totalLength = Self.ipv4HeaderBytes + Self.tcpHeaderBytes + payload.count
        precondition(totalLength <= Int(UInt16.max), "an IPv4 packet holds at most 65,535 bytes")

        var ip: [UInt8] = []
        ip.append(0x45)  // version 4, header length 5 words
        ip.append(0)  // DSCP/ECN
        ip.captureAppendBE(UInt16(totalLength))
        ip.captureAppendBE(identification)
        ip.captureAppendBE(UInt16(0x4000))  // don't fragment, offset 0
        ip.append(64)  // TTL
        ip.append(6)  // protocol: TCP
        ip.captureAppendBE(UInt16(0))  // checksum, filled below
        ip += sourceAddress
        ip += destinationAddress
        let ipChecksum = Self.internetChecksum(ip)
        ip[10] = UInt8(ipChecksum >> 8)
        ip[11] = UInt8(ipChecksum & 0xFF)

        var tcp: [UInt8] = []
        tcp.captureAppendBE(sourcePort)
        tcp.captureAppendBE(destinationPort)
        tcp.captureAppendBE(sequenceNumber)
        tcp.captureAppendBE(acknowledgementNumber)
        tcp.append(UInt8(Self.tcpHeaderBytes / 4) << 4)  // data offset, no options
        tcp.append(flags.rawValue)
        tcp.captureAppendBE(window)
        tcp.captureAppendBE(UInt16(0))  // checksum, filled below
        tcp.captureAppendBE(UInt16(0))  // urgent pointer
        tcp += payload
        var pseudo: [UInt8] = sourceAddress + destinationAddress + [0, 6]
        pseudo.captureAppendBE(UInt16(tcp.count))
        let tcpChecksum = Self.internetChecksum(pseudo + tcp)
        tcp[16] = UInt8(tcpChecksum >> 8)
        tcp[17] = UInt8(tcpChecksum & 0xFF)
        return ip + tcp
    }

    /// The packet as it is stored for `linkType`.
    func bytes(for linkType: PcapWriter.LinkType) -> [UInt8] {
        switch linkType {
        case .raw:
            return ipv4Bytes
        case .ethernet:
            // Locally administered MAC addresses derived from the IPv4 addresses.
            let destinationMAC: [UInt8] = [0x02, 0x00] + destinationAddress
            let sourceMAC: [UInt8] = [0x02, 0x00] + sourceAddress
            return destinationMAC + sourceMAC + [0x08, 0x00] + ipv4Bytes
        }
    }

    /// RFC 1071: the one's complement of the one's complement sum of the 16-bit big-endian words.
    static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}

/// Both directions of one synthetic TCP connection: tracks sequence and acknowledgement numbers so
/// that every segment continues its direction's byte stream exactly (no gaps, no overlaps).
struct SyntheticTCPConnection: Sendable {
    enum Direction: String, Sendable {
        case clientToServer = "c2s"
        case serverToClient = "s2c"
    }

    let clientAddress: [UInt8]
    let serverAddress: [UInt8]
    let clientPort: UInt16
    let serverPort: UInt16
    private(set) var clientNext: UInt32
    private(set) var serverNext: UInt32
    private var identification: UInt16 = 1

    init(clientAddress: [UInt8], clientPort: UInt16, serverAddress: [UInt8], serverPort: UInt16,
         clientInitialSequence: UInt32 = 1_000, serverInitialSequence: UInt32 = 5_000) {
        self.clientAddress = clientAddress
        self.serverAddress = serverAddress
        self.clientPort = clientPort
        self.serverPort = serverPort
        clientNext = clientInitialSequence
        serverNext = serverInitialSequence
    }

    /// The three-way handshake: SYN, SYN-ACK, ACK.
    mutating func handshake() -> [SyntheticTCPPacket] {
        let syn = segment(.clientToServer, flags: [.syn], payload: [], consumes: 1, acknowledges: false)
        let synAck = segment(.serverToClient, flags: [.syn, .ack], payload: [], consumes: 1)
        let ack = segment(.clientToServer, flags: [.ack], payload: [])
        return [syn, synAck, ack]
    }

    /// One data segment (PSH, ACK) carrying `payload` in `direction`.
    mutating func send(_ direction: Direction, _ payload: [UInt8]) -> SyntheticTCPPacket {
        segment(direction, flags: [.psh, .ack], payload: payload)
    }

    /// An orderly close: FIN from the client, FIN-ACK from the server, the client's last ACK.
    mutating func close() -> [SyntheticTCPPacket] {
        let fin = segment(.clientToServer, flags: [.fin, .ack], payload: [], consumes: 1)
        let finAck = segment(.serverToClient, flags: [.fin, .ack], payload: [], consumes: 1)
        let ack = segment(.clientToServer, flags: [.ack], payload: [])
        return [fin, finAck, ack]
    }

    private mutating func segment(_ direction: Direction, flags: SyntheticTCPPacket.Flags, payload: [UInt8],
                                  consumes: UInt32 = 0, acknowledges: Bool = true) -> SyntheticTCPPacket {
        let toServer = direction == .clientToServer
        let packet = SyntheticTCPPacket(
            sourceAddress: toServer ? clientAddress : serverAddress,
            destinationAddress: toServer ? serverAddress : clientAddress,
            sourcePort: toServer ? clientPort : serverPort,
            destinationPort: toServer ? serverPort : clientPort,
            sequenceNumber: toServer ? clientNext : serverNext,
            acknowledgementNumber: acknowledges ? (toServer ? serverNext : clientNext) : 0,
            flags: flags, identification: identification, payload: payload)
        identification &+= 1
        let advance = UInt32(payload.count) + consumes
        if toServer { clientNext &+= advance } else { serverNext &+= advance }
        return packet
    }
}

extension [UInt8] {
    mutating func captureAppendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { self += $0 }
    }

    mutating func captureAppendBE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { self += $0 }
    }

    func captureLE32(at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(self[offset + $1]) << (8 * $1) }
    }

    func captureBE16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    func captureBE32(at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(self[offset + $1]) }
    }
}
