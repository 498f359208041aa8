import Foundation

/// A capture of one synthetic GreenGrid session that carries every golden frame of Protocol/vectors
/// over TCP, for the Wireshark dissector (Protocol/wireshark) to be checked against with tshark.
///
/// Client frames go from 10.0.0.1:50000 to the server's default port 10.0.0.2:7600; server frames
/// come back from port 7600. Heartbeat and Logout go both ways, so they appear once per direction.
/// The segmentation is deliberately varied: a frame alone in a segment, several frames in one
/// segment, a frame split across two and three segments (once inside its length field), and a
/// segment holding the tail of one frame, a whole frame and the head of the next.
///
/// Besides the pcap, `manifest` says which frames complete in which packet (pcap packet numbers
/// from 1, as tshark's frame.number): one line per packet that completes at least one frame.
struct VectorCapture {
    static let serverPort: UInt16 = 7600
    static let clientPort: UInt16 = 50_000
    static let clientAddress: [UInt8] = [10, 0, 0, 1]
    static let serverAddress: [UInt8] = [10, 0, 0, 2]
    /// 2027-01-01T00:00:00Z, the vectors' day.
    static let startMicros: UInt64 = 1_798_761_600_000_000
    static let fileName = "greengrid-vectors.pcap"
    static let manifestName = "greengrid-vectors.expected"

    /// One frame the capture carries, and where it completes.
    struct Entry: Equatable {
        var packetNumber: Int
        var direction: SyntheticTCPConnection.Direction
        var typeCode: UInt16
    }

    private(set) var pcap: PcapWriter
    private(set) var entries: [Entry] = []
    private var connection: SyntheticTCPConnection
    private var pending: [SyntheticTCPConnection.Direction: [UInt8]] = [:]
    private let frames: [UInt16: [UInt8]]

    /// Builds the capture from `vectors` (type code → whole frame bytes).
    init(vectors: [UInt16: [UInt8]], linkType: PcapWriter.LinkType = .ethernet) {
        frames = vectors
        pcap = PcapWriter(linkType: linkType)
        connection = SyntheticTCPConnection(
            clientAddress: Self.clientAddress, clientPort: Self.clientPort,
            serverAddress: Self.serverAddress, serverPort: Self.serverPort)
        build()
    }

    var totalFrames: Int { entries.count }

    /// `<packet number> <direction> <type,type,...>` per packet that completes frames, in order.
    var manifest: String {
        var lines: [String] = []
        var index = 0
        while index < entries.count {
            let packet = entries[index].packetNumber
            var codes: [String] = []
            while index < entries.count, entries[index].packetNumber == packet {
                codes.append(Self.hex(entries[index].typeCode))
                index += 1
            }
            let direction = entries[entries.index(before: index)].direction.rawValue
            lines.append("\(packet) \(direction) \(codes.joined(separator: ","))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func hex(_ code: UInt16) -> String {
        let digits = String(code, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    // MARK: - The session

    private mutating func build() {
        for packet in connection.handshake() { record(packet) }
        let c = SyntheticTCPConnection.Direction.clientToServer
        let s = SyntheticTCPConnection.Direction.serverToClient

        // Session: logon, the proof split in two segments, two frames in one segment, heartbeats.
        send(c, frame(0x0001))
        send(s, frame(0x0081))
        let proof = frame(0x0002)
        send(c, Array(proof[..<50]))
        send(c, Array(proof[50...]))
        send(s, frame(0x0082) + frame(0x0084))
        send(c, frame(0x0003))
        send(s, frame(0x0003))

        // Order entry: a segment ending with the head of the next frame; a Fill in three segments,
        // the first holding only half of its length field; three frames in one segment.
        send(c, frame(0x0101))
        let rejected = frame(0x0182)
        send(s, frame(0x0181) + rejected[..<20])
        send(s, Array(rejected[20...]))
        let fill = frame(0x0183)
        send(s, Array(fill[..<2]))
        send(s, Array(fill[2..<52]))
        send(s, Array(fill[52...]))
        send(c, frame(0x0102) + frame(0x0103) + frame(0x0104))
        send(s, frame(0x0184) + frame(0x0185) + frame(0x0186) + frame(0x0187))
        // Queries: the open-orders answer in one segment.
        send(c, frame(0x0105))
        send(s, frame(0x0188) + frame(0x0189))

        // Market data: requests together, a snapshot in one segment, updates one by one.
        send(c, frame(0x0201) + frame(0x0202) + frame(0x0203) + frame(0x0204))
        send(s, frame(0x0281) + frame(0x0282) + frame(0x0283))
        for code: UInt16 in [0x0284, 0x0285, 0x0286, 0x0287, 0x0288] { send(s, frame(code)) }
        send(c, frame(0x0205))
        send(s, frame(0x0289))
        // Prices: both requests in one segment; the answer cut after its tier name.
        send(c, frame(0x0206) + frame(0x0207))
        let priceInfo = frame(0x028A)
        send(s, Array(priceInfo[..<43]))
        send(s, Array(priceInfo[43...]))

        // Auctions: the start alone and its acceptance; an update cut inside its prices, whose tail
        // shares a segment with the result; the stop and the seller's end report in one segment each.
        send(c, frame(0x0106))
        send(s, frame(0x018A))
        let auctionUpdate = frame(0x028B)
        send(s, Array(auctionUpdate[..<70]))
        send(s, Array(auctionUpdate[70...]) + frame(0x028C))
        send(c, frame(0x0107))
        send(s, frame(0x018B))

        // Metering: a gateway's batch (5,394 bytes) cut into 1,460-byte segments and its ack alone; three
        // requests in one segment; two answers in one; the live energy alone; a forecast in two segments.
        let batch = frame(0x0301)
        for start in stride(from: 0, to: batch.count, by: 1_460) {
            send(c, Array(batch[start..<min(start + 1_460, batch.count)]))
        }
        send(s, frame(0x0381))
        send(c, frame(0x0302) + frame(0x0303) + frame(0x0304))
        send(s, frame(0x0382) + frame(0x0383))
        send(s, frame(0x0384))
        let forecast = frame(0x0385)
        send(s, Array(forecast[..<700]))
        send(s, Array(forecast[700...]))

        // Wallet: three requests in one segment and their answers in one, a history answer in one; a
        // statement chunk (16,406 bytes) cut into 1,460-byte segments like a real stream, the last one
        // holding its tail and the whole StatementEnd.
        send(c, frame(0x0401) + frame(0x0402) + frame(0x0403))
        send(s, frame(0x0481) + frame(0x0482) + frame(0x0483))
        send(c, frame(0x0404))
        send(s, frame(0x0484) + frame(0x0485))
        send(c, frame(0x0405))
        let statement = frame(0x0486) + frame(0x0487)
        for start in stride(from: 0, to: statement.count, by: 1_460) {
            send(s, Array(statement[start..<min(start + 1_460, statement.count)]))
        }

        // Notifications: a set and its acceptance; a delete and the list request in one segment, the list
        // answer (AlertInfo cut inside its triggered price) and a refusal; a pushed notification alone; the
        // inbox request and its end.
        send(c, frame(0x0501))
        send(s, frame(0x0581))
        send(c, frame(0x0502) + frame(0x0503))
        let alertInfo = frame(0x0583)
        send(s, frame(0x0582) + alertInfo[..<64])
        send(s, Array(alertInfo[64...]) + frame(0x0584))
        send(s, frame(0x0585))
        send(c, frame(0x0504))
        send(s, frame(0x0586))

        // Administration: tail + whole frame + head in the middle segment.
        let createUser = frame(0x0601)
        let resumeZone = frame(0x0604)
        send(c, Array(createUser[..<60]))
        send(c, Array(createUser[60...]) + frame(0x0602) + frame(0x0603) + resumeZone[..<5])
        send(c, Array(resumeZone[5...]))
        for code: UInt16 in [0x0681, 0x0682, 0x0683] { send(s, frame(code)) }

        // A logon rejection and a protocol reject, then logout both ways and an orderly close.
        send(s, frame(0x0083))
        send(s, frame(0x0F00))
        send(c, frame(0x0004))
        send(s, frame(0x0004))
        for packet in connection.close() { record(packet) }
    }

    private func frame(_ code: UInt16) -> [UInt8] {
        guard let bytes = frames[code] else { preconditionFailure("no vector for type \(Self.hex(code))") }
        return bytes
    }

    private mutating func send(_ direction: SyntheticTCPConnection.Direction, _ payload: [UInt8]) {
        let packet = connection.send(direction, payload)
        record(packet)
        // Which frames does this segment complete? Parse the direction's stream by its length fields.
        var buffer = pending[direction, default: []] + payload
        while buffer.count >= 8 {
            let frameBytes = 4 + Int(buffer.captureLE32(at: 0))
            guard buffer.count >= frameBytes else { break }
            let code = UInt16(buffer[4]) | UInt16(buffer[5]) << 8
            entries.append(Entry(packetNumber: pcap.packetCount, direction: direction, typeCode: code))
            buffer.removeFirst(frameBytes)
        }
        pending[direction] = buffer
    }

    private mutating func record(_ packet: SyntheticTCPPacket) {
        pcap.append(packet: packet.bytes(for: pcap.linkType), timestampMicros: Self.startMicros + UInt64(pcap.packetCount) * 1_000)
    }

    // MARK: - Frames the dissector must flag

    static let invalidFileName = "greengrid-invalid.pcap"
    /// The invalid frames' server port: not 7600, so check.sh also exercises "Decode As".
    static let decodeAsPort: UInt16 = 17_600

    /// A second capture of frames that break the protocol, each of which the dissector must flag
    /// with expert info: an unknown type, an unsupported version, header flags not 0, a short body,
    /// an unknown enumeration code, a reserved byte not 0, a server-only type sent by a client, an
    /// AlertInfo not triggered with a triggered price, and
    /// finally a length above 65,532 (a framing error, so it ends the stream). The server listens on
    /// `decodeAsPort`, so tshark decodes it only with `-d tcp.port==17600,greengrid`.
    static func invalidCapture(vectors: [UInt16: [UInt8]]) -> PcapWriter {
        var pcap = PcapWriter(linkType: .ethernet)
        var connection = SyntheticTCPConnection(
            clientAddress: clientAddress, clientPort: clientPort + 1, serverAddress: serverAddress, serverPort: decodeAsPort)
        func record(_ packet: SyntheticTCPPacket) {
            pcap.append(packet: packet.bytes(for: .ethernet), timestampMicros: startMicros + UInt64(pcap.packetCount) * 1_000)
        }
        func vector(_ code: UInt16) -> [UInt8] {
            guard let bytes = vectors[code] else { preconditionFailure("no vector for type \(hex(code))") }
            return bytes
        }
        for packet in connection.handshake() { record(packet) }
        record(connection.send(.serverToClient, [0x04, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0x00]))  // type 0x0300: reserved
        record(connection.send(.clientToServer, [0x04, 0x00, 0x00, 0x00, 0x03, 0x00, 0x02, 0x00]))  // Heartbeat, version 2
        record(connection.send(.clientToServer, [0x04, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x01]))  // Heartbeat, flags 1
        var short = Array(vector(0x0101).dropLast())  // NewOrder, body 38 bytes
        short[0] -= 1
        record(connection.send(.clientToServer, short))
        var badSide = vector(0x0101)
        badSide[26] = 3  // the ProtocolReject vector's example: side 3
        record(connection.send(.clientToServer, badSide))
        var reserved = vector(0x0002)
        reserved[8 + 69] = 1  // LogonProof's reserved[3]
        record(connection.send(.clientToServer, reserved))
        record(connection.send(.clientToServer, vector(0x0183)))  // a Fill from the client
        var untriggered = vector(0x0583)
        untriggered[8 + 52] = 0  // AlertInfo not triggered, its triggered price and time left non-zero
        record(connection.send(.serverToClient, untriggered))
        record(connection.send(.clientToServer, [0x70, 0x11, 0x01, 0x00, 0x01, 0x01, 0x01, 0x00]))  // length 70,000
        return pcap
    }

    // MARK: - Where the capture goes

    /// The package root, from this file's path (Tests/GreenGridProtocolTests/Capture/VectorCapture.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$GREENGRID_CAPTURE_DIR` if set (and not empty), else `<package>/.build/captures`.
    static func outputDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let directory = environment["GREENGRID_CAPTURE_DIR"], !directory.isEmpty {
            return URL(fileURLWithPath: directory, isDirectory: true)
        }
        return packageRoot.appendingPathComponent(".build/captures", isDirectory: true)
    }

    /// Writes the pcap and its manifest into `directory` (created if needed); returns the pcap's URL.
    @discardableResult
    func write(to directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pcapURL = directory.appendingPathComponent(Self.fileName)
        try Data(pcap.bytes).write(to: pcapURL, options: .atomic)
        try Data(manifest.utf8).write(to: directory.appendingPathComponent(Self.manifestName), options: .atomic)
        try Data(Self.invalidCapture(vectors: frames).bytes)
            .write(to: directory.appendingPathComponent(Self.invalidFileName), options: .atomic)
        return pcapURL
    }
}
