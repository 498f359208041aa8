import Foundation
import GreenGridProtocol
import Testing

/// Writes `greengrid-vectors.pcap` (every golden frame over one synthetic TCP connection) for
/// Protocol/wireshark/check.sh, and checks the file by reading it back: the TCP byte streams it
/// carries are exactly the vectors in the session's order, and each parses into the frames the
/// manifest says. tshark is not needed here.
@Suite("Vector capture for the Wireshark dissector")
struct VectorCaptureTests {
    static var vectorFrames: [UInt16: [UInt8]] {
        Dictionary(uniqueKeysWithValues: Vectors.all.map { ($0.typeCode, $0.bytes) })
    }

    /// The TCP payloads of `file`, per direction, in packet order, and each data packet's number.
    static func streams(of file: [UInt8]) throws -> [SyntheticTCPConnection.Direction: [UInt8]] {
        let records = try #require(PcapWriter.records(of: file))
        #expect(records.linkType == PcapWriter.LinkType.ethernet.rawValue)
        var streams: [SyntheticTCPConnection.Direction: [UInt8]] = [:]
        var next: [SyntheticTCPConnection.Direction: UInt32] = [:]
        for packet in records.packets {
            let bytes = packet.bytes
            #expect(bytes.captureBE16(at: 12) == 0x0800)
            let ip = Array(bytes[14...])
            #expect(Int(ip.captureBE16(at: 2)) == ip.count, "IPv4 total length")
            #expect(SyntheticTCPPacket.internetChecksum(Array(ip[0..<20])) == 0)
            let tcp = Array(ip[20...])
            var pseudo = Array(ip[12..<20]) + [0, 6]
            pseudo.captureAppendBE(UInt16(tcp.count))
            #expect(SyntheticTCPPacket.internetChecksum(pseudo + tcp) == 0)
            let serverPorts = [VectorCapture.serverPort, VectorCapture.decodeAsPort]
            let direction: SyntheticTCPConnection.Direction =
                serverPorts.contains(tcp.captureBE16(at: 2)) ? .clientToServer : .serverToClient
            #expect(serverPorts.contains(direction == .clientToServer ? tcp.captureBE16(at: 2) : tcp.captureBE16(at: 0)))
            let sequence = tcp.captureBE32(at: 4)
            let flags = tcp[13]
            if let expected = next[direction] { #expect(sequence == expected, "a gap or overlap in \(direction)") }
            let payload = Array(tcp[20...])
            let consumed = UInt32(payload.count) + (flags & 0x03 != 0 ? 1 : 0)  // SYN and FIN count one
            next[direction] = sequence &+ consumed
            streams[direction, default: []] += payload
        }
        return streams
    }

    @Test("the capture carries every vector, segmented in every way the dissector must handle")
    func writeCapture() throws {
        #expect(Vectors.all.count == MessageType.allCases.count)
        let capture = VectorCapture(vectors: Self.vectorFrames)
        let directory = VectorCapture.outputDirectory()
        let url = try capture.write(to: directory)

        // The file on disk is the capture, and its TCP streams are the vectors in order.
        let file = try [UInt8](Data(contentsOf: url))
        #expect(file == capture.pcap.bytes)
        let streams = try Self.streams(of: file)
        let both: Set<UInt16> = [MessageType.heartbeat.rawValue, MessageType.logout.rawValue]
        var expectedEntries = 0
        for direction in [SyntheticTCPConnection.Direction.clientToServer, .serverToClient] {
            var decoder = FrameDecoder()
            decoder.append(streams[direction] ?? [])
            var decoded: [UInt16] = []
            while let frame = try decoder.next() {
                decoded.append(frame.type)
                #expect(frame.wireBytes == Self.vectorFrames[frame.type], "\(direction) frame \(frame.type) differs from its vector")
                _ = try Message.decode(frame)
            }
            #expect(decoder.bufferedBytes == 0)
            let senders = capture.entries.filter { $0.direction == direction }.map(\.typeCode)
            #expect(decoded == senders)
            for type in MessageType.allCases {
                let sent = decoded.filter { $0 == type.rawValue }.count
                let shouldSend = both.contains(type.rawValue)
                    || (type.sender == .client) == (direction == .clientToServer)
                #expect(sent == (shouldSend ? 1 : 0), "\(type.name) \(direction): \(sent) times")
            }
            expectedEntries += decoded.count
        }
        #expect(capture.totalFrames == MessageType.allCases.count + both.count)
        #expect(capture.entries.count == expectedEntries)

        // The segmentation cases the dissector must reassemble are all present.
        let perPacket = Dictionary(grouping: capture.entries, by: \.packetNumber)
        #expect(perPacket.values.contains { $0.count >= 2 }, "no segment with two frames")
        #expect(perPacket.values.contains { $0.count >= 3 }, "no segment with three frames")
        let completing = Set(capture.entries.map(\.packetNumber))
        let dataPackets = try #require(PcapWriter.records(of: file)).packets.enumerated().filter { $0.element.bytes.count > 54 }
        #expect(dataPackets.contains { !completing.contains($0.offset + 1) }, "no frame split across segments")

        // The manifest names every frame and lists packets in order.
        let manifest = try String(contentsOf: directory.appendingPathComponent(VectorCapture.manifestName), encoding: .utf8)
        #expect(manifest == capture.manifest)
        let lines = manifest.split(separator: "\n")
        #expect(lines.map { $0.split(separator: " ")[2].split(separator: ",").count }.reduce(0, +) == capture.totalFrames)
        #expect(lines.contains("8 s2c 0x0082,0x0084"))

        // The capture of invalid frames is there too, and is a well-formed pcap of TCP segments.
        let invalid = try [UInt8](Data(contentsOf: directory.appendingPathComponent(VectorCapture.invalidFileName)))
        #expect(invalid == VectorCapture.invalidCapture(vectors: Self.vectorFrames).bytes)
        let invalidStreams = try Self.streams(of: invalid)
        let invalidClientBytes = [8, 8, 46, 47, 96, 107, 8].reduce(0, +)  // the frames as sent, see invalidCapture
        #expect(invalidStreams[.clientToServer]?.count == invalidClientBytes)
        #expect(invalidStreams[.serverToClient]?.count == 8 + 77)
        print("greengrid capture: \(url.path) (\(capture.pcap.packetCount) packets, \(capture.totalFrames) GreenGrid frames)")
    }

    @Test("the output directory is $GREENGRID_CAPTURE_DIR, else the package's .build/captures")
    func outputDirectory() {
        #expect(VectorCapture.outputDirectory(environment: ["GREENGRID_CAPTURE_DIR": "/tmp/somewhere"]).path == "/tmp/somewhere")
        let fallback = VectorCapture.outputDirectory(environment: [:])
        #expect(fallback.path.hasSuffix("/.build/captures"))
        #expect(FileManager.default.fileExists(atPath: fallback.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Package.swift").path))
        #expect(VectorCapture.outputDirectory(environment: ["GREENGRID_CAPTURE_DIR": ""]) == fallback)
    }
}
