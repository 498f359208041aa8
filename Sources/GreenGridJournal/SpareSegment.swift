/// The journal's next segment file, zero-filled a slice at a time by the writer thread between
/// commits, so that rolling to a new segment is a rename and a header write instead of 64 MiB
/// of zeros and a sync on the commit path (a stall of tens of milliseconds that every
/// acknowledgement waiting behind it would carry).
///
/// It is named so recovery never mistakes it for a segment (`JournalScanner` lists only segment
/// names); one left by a crash is simply started again.
struct SpareSegment {
    static let fileName = "next-segment.spare"
    /// Zeros written per slice: small enough that a commit arriving meanwhile waits well under a millisecond.
    static let sliceBytes = 256 << 10

    let file: FileID
    let path: String
    let capacity: Int
    private(set) var written = 0
    private(set) var isReady = false

    static func create(storage: any Storage, directory: String, capacity: Int) throws(StorageError) -> SpareSegment {
        let path = joinPath(directory, fileName)
        if storage.exists(path) { try storage.remove(path) }
        return SpareSegment(file: try storage.open(path, create: true), path: path, capacity: capacity)
    }

    private init(file: FileID, path: String, capacity: Int) {
        self.file = file
        self.path = path
        self.capacity = capacity
    }

    /// Writes the next slice of zeros; once all are written, syncs them (the file is then as
    /// good as a freshly preallocated one: every later write is an overwrite).
    mutating func advance(storage: any Storage, zeros: [UInt8]) throws(StorageError) {
        guard !isReady else { return }
        if written < capacity {
            let count = min(zeros.count, capacity - written)
            try storage.write(file, bytes: count == zeros.count ? zeros : Array(zeros[0..<count]), at: written)
            written += count
        } else {
            try storage.sync(file)
            isReady = true
        }
    }
}
