import Foundation
import GreenGridProtocol

/// The golden frames of Protocol/vectors, found from this file's path so the tests read exactly what
/// the specification ships.
enum Vectors {
    struct Vector: Sendable, CustomStringConvertible {
        var fileName: String
        /// The type named by the file name's prefix (`0x0101-new-order.hex`).
        var typeCode: UInt16
        var bytes: [UInt8]
        var description: String { fileName }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = packageRoot.appendingPathComponent("Protocol/vectors")
    static let specification = packageRoot.appendingPathComponent("Protocol/protocol.md")

    /// Every `.hex` file, in file-name order (which is type order).
    static let all: [Vector] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".hex") }.sorted().map { name in
            let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
            let code = UInt16(name.dropFirst(2).prefix(4), radix: 16) ?? 0
            return Vector(fileName: name, typeCode: code, bytes: parseHex(text))
        }
    }()

    /// Hex digits with `#` comment lines and any whitespace between them.
    static func parseHex(_ text: String) -> [UInt8] {
        let digits = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined()
            .filter { !$0.isWhitespace }
        precondition(digits.count.isMultiple(of: 2), "odd number of hex digits")
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index != digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { preconditionFailure("not hex: \(digits[index..<next])") }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// All vectors back to back: a stream like a connection would carry.
    static var stream: [UInt8] { all.flatMap(\.bytes) }
}


extension FrameDecoder {
    /// Appends `bytes` in chunks of the given sizes (cycled), draining after each, and returns every
    /// frame as whole-frame bytes, plus the error that stopped the stream if one did.
    static func frames(of bytes: [UInt8], chunkSizes: [Int], readBytesMax: Int = FrameLayout.frameBytesMax)
        -> (frames: [[UInt8]], error: FrameError?, decoder: FrameDecoder) {
        var decoder = FrameDecoder(readBytesMax: readBytesMax)
        var frames: [[UInt8]] = []
        var position = 0
        var chunk = 0
        while position < bytes.count {
            let size = min(chunkSizes[chunk % chunkSizes.count], bytes.count - position, readBytesMax)
            chunk += 1
            decoder.append(bytes[position..<(position + size)])
            position += size
            do {
                while let frame = try decoder.next() { frames.append(frame.wireBytes) }
            } catch {
                return (frames, error, decoder)
            }
        }
        return (frames, nil, decoder)
    }
}

extension Frame {
    /// The frame as it was on the wire, rebuilt from its parts.
    var wireBytes: [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt32(4 + body.count).littleEndian) { bytes += $0 }
        withUnsafeBytes(of: type.littleEndian) { bytes += $0 }
        bytes += [version, flags]
        bytes += body
        return bytes
    }
}
