import Glibc

/// Reads a whole recording file. Recordings are read whole because every consumer (print,
/// rebuild) walks all of it; `bytesMax` keeps a wrong path from exhausting memory.
public enum RecordingFile {
    public static func read(path: String, bytesMax: Int = 4 << 30) throws(RecordingError) -> RecordingContents {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("cannot open", path) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("cannot read", path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= bytesMax else { throw RecordingError("\(path) is larger than \(bytesMax) bytes") }
        }
        return RecordingReader.read(bytes)
    }
}
