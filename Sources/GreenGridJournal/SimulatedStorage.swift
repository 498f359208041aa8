import Synchronization

/// The in-memory twin of `PosixStorage` for tests: it keeps, per file, what was written and
/// what was synced, and per directory, which names were made durable by a directory sync.
/// `crash()` keeps only what was synced, as a power loss would; faults fail the Nth write or
/// sync (once or from then on) or cut a write short, with the errno a real disk would give.
public final class SimulatedStorage: Storage, @unchecked Sendable {
    public enum Fault: Sendable, Hashable {
        /// The Nth write (1-based, counted from when the fault is armed) fails.
        case failWrite(nth: Int, errno: Int32, persistent: Bool)
        /// The Nth sync fails.
        case failSync(nth: Int, errno: Int32, persistent: Bool)
        /// The Nth write stores only `bytes` of its data, then fails with EIO.
        case shortWrite(nth: Int, bytes: Int)
    }

    struct Inode {
        var current: [UInt8] = []
        var synced: [UInt8] = []
    }

    struct State {
        var inodes: [Int: Inode] = [:]
        var names: [String: Int] = [:]
        var durableNames: [String: Int] = [:]
        var directories: Set<String> = ["/"]
        var open: [Int32: Int] = [:]
        var nextInode = 1
        var nextDescriptor: Int32 = 3
        var writes = 0
        var syncs = 0
        var fault: Fault?
        var faultBase = (writes: 0, syncs: 0)
        var tripped = false
    }

    let state = Mutex(State())

    public init() {}

    public static let eio: Int32 = 5
    public static let enospc: Int32 = 28

    /// Arms a fault; counting starts from now.
    public func inject(_ fault: Fault) {
        state.withLock { s in
            s.fault = fault
            s.faultBase = (s.writes, s.syncs)
            s.tripped = false
        }
    }

    public func clearFaults() { state.withLock { $0.fault = nil } }

    /// Power loss: every file goes back to its last synced contents, every name to its last
    /// directory sync, and every open file is gone.
    public func crash() {
        state.withLock { s in
            for key in s.inodes.keys { s.inodes[key]!.current = s.inodes[key]!.synced }
            s.names = s.durableNames
            s.open = [:]
            s.fault = nil
        }
    }

    /// The bytes of a file as they are now (for tests that damage or inspect the journal).
    public func contents(_ path: String) -> [UInt8]? {
        state.withLock { s in s.names[path].flatMap { s.inodes[$0]?.current } }
    }

    /// Replaces a file's bytes, synced (for tests that plant damage).
    public func setContents(_ path: String, _ bytes: [UInt8]) {
        state.withLock { s in
            if let inode = s.names[path] {
                s.inodes[inode]!.current = bytes
                s.inodes[inode]!.synced = bytes
            }
        }
    }

    func failure(_ operation: String, _ path: String, _ code: Int32) -> StorageError {
        StorageError(operation: operation, path: path, errno: code,
                     message: code == Self.enospc ? "No space left on device" : "Input/output error")
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    public func makeDirectory(_ path: String) throws(StorageError) {
        state.withLock { _ = $0.directories.insert(path) }
    }

    public func list(_ directory: String) throws(StorageError) -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return state.withLock { s in
            s.names.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }
                .map { String($0.dropFirst(prefix.count)) }
        }
    }

    public func exists(_ path: String) -> Bool {
        state.withLock { $0.names[path] != nil || $0.directories.contains(path) }
    }

    public func open(_ path: String, create: Bool) throws(StorageError) -> FileID {
        let result: Result<FileID, StorageError> = state.withLock { s in
            var inode = s.names[path]
            if inode == nil {
                guard create else { return .failure(StorageError(operation: "open", path: path, errno: 2, message: "No such file or directory")) }
                inode = s.nextInode
                s.nextInode += 1
                s.inodes[inode!] = Inode()
                s.names[path] = inode
            }
            let descriptor = s.nextDescriptor
            s.nextDescriptor += 1
            s.open[descriptor] = inode
            return .success(FileID(raw: descriptor))
        }
        return try result.get()
    }

    public func close(_ file: FileID) { state.withLock { _ = $0.open.removeValue(forKey: file.raw) } }

    func inode(_ s: State, _ file: FileID) -> Int? { s.open[file.raw] }

    public func size(_ file: FileID) throws(StorageError) -> Int {
        let result: Int? = state.withLock { s in inode(s, file).map { s.inodes[$0]!.current.count } }
        guard let result else { throw failure("fstat", "fd \(file.raw)", 9) }
        return result
    }

    public func preallocate(_ file: FileID, bytes: Int) throws(StorageError) {
        let ok: Bool = state.withLock { s in
            guard let i = inode(s, file) else { return false }
            if s.inodes[i]!.current.count < bytes {
                s.inodes[i]!.current += [UInt8](repeating: 0, count: bytes - s.inodes[i]!.current.count)
            }
            return true
        }
        if !ok { throw failure("fallocate", "fd \(file.raw)", 9) }
    }

    public func write(_ file: FileID, _ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StorageError) {
        let data = [UInt8](bytes)
        let result: StorageError? = state.withLock { s in
            guard let i = inode(s, file) else { return failure("pwrite", "fd \(file.raw)", 9) }
            s.writes += 1
            var keep = data.count
            var error: StorageError?
            if let fault = s.fault {
                let nth = s.writes - s.faultBase.writes
                switch fault {
                case .failWrite(let n, let code, let persistent) where nth == n || (persistent && s.tripped):
                    s.tripped = true
                    return failure("pwrite", "fd \(file.raw)", code)
                case .shortWrite(let n, let partial) where nth == n:
                    keep = min(partial, data.count)
                    error = failure("pwrite", "fd \(file.raw)", Self.eio)
                default: break
                }
            }
            if s.inodes[i]!.current.count < offset + keep {
                s.inodes[i]!.current += [UInt8](repeating: 0, count: offset + keep - s.inodes[i]!.current.count)
            }
            s.inodes[i]!.current.replaceSubrange(offset..<offset + keep, with: data[0..<keep])
            return error
        }
        if let result { throw result }
    }

    public func read(_ file: FileID, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(StorageError) -> Int {
        let data: [UInt8]? = state.withLock { s in
            guard let i = inode(s, file) else { return nil }
            let current = s.inodes[i]!.current
            guard offset < current.count else { return [] }
            return Array(current[offset..<min(current.count, offset + buffer.count)])
        }
        guard let data else { throw failure("pread", "fd \(file.raw)", 9) }
        data.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return data.count
    }

    public func sync(_ file: FileID) throws(StorageError) {
        let result: StorageError? = state.withLock { s in
            guard let i = inode(s, file) else { return failure("fdatasync", "fd \(file.raw)", 9) }
            s.syncs += 1
            if case .failSync(let n, let code, let persistent)? = s.fault {
                let nth = s.syncs - s.faultBase.syncs
                if nth == n || (persistent && s.tripped) {
                    s.tripped = true
                    return failure("fdatasync", "fd \(file.raw)", code)
                }
            }
            s.inodes[i]!.synced = s.inodes[i]!.current
            return nil
        }
        if let result { throw result }
    }

    public func truncate(_ file: FileID, to bytes: Int) throws(StorageError) {
        let ok: Bool = state.withLock { s in
            guard let i = inode(s, file) else { return false }
            if s.inodes[i]!.current.count > bytes { s.inodes[i]!.current.removeLast(s.inodes[i]!.current.count - bytes) }
            else { s.inodes[i]!.current += [UInt8](repeating: 0, count: bytes - s.inodes[i]!.current.count) }
            return true
        }
        if !ok { throw failure("ftruncate", "fd \(file.raw)", 9) }
    }

    public func rename(_ from: String, to: String) throws(StorageError) {
        let ok: Bool = state.withLock { s in
            guard let inode = s.names.removeValue(forKey: from) else { return false }
            s.names[to] = inode
            return true
        }
        if !ok { throw failure("rename", from, 2) }
    }

    public func remove(_ path: String) throws(StorageError) {
        let ok: Bool = state.withLock { s in s.names.removeValue(forKey: path) != nil }
        if !ok { throw failure("unlink", path, 2) }
    }

    public func syncDirectory(_ path: String) throws(StorageError) {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        state.withLock { s in
            // Names in this directory become what they are now; others keep their durable state.
            s.durableNames = s.durableNames.filter { !($0.key.hasPrefix(prefix) && !$0.key.dropFirst(prefix.count).contains("/")) }
            for (name, inode) in s.names where name.hasPrefix(prefix) && !name.dropFirst(prefix.count).contains("/") {
                s.durableNames[name] = inode
            }
        }
    }
}
