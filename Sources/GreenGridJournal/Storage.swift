/// Why a storage operation failed: the errno's name and number, and what was being done.
public struct StorageError: Error, Hashable, CustomStringConvertible, Sendable {
    public var operation: String
    public var path: String
    public var errno: Int32
    public var message: String

    public init(operation: String, path: String, errno: Int32, message: String) {
        self.operation = operation
        self.path = path
        self.errno = errno
        self.message = message
    }

    public var description: String { "\(operation) \(path): \(message) (errno \(errno))" }
}

/// An open file, as the storage layer names it.
public struct FileID: Hashable, Sendable {
    public var raw: Int32
    public init(raw: Int32) { self.raw = raw }
}

/// The journal's one door to the disk. Everything durable goes through these calls, so a
/// test can put a twin in place that fails the Nth write or sync, writes short, or forgets
/// everything not yet synced (`SimulatedStorage`).
public protocol Storage: Sendable {
    func makeDirectory(_ path: String) throws(StorageError)
    /// File names (not paths) in a directory, in no particular order.
    func list(_ directory: String) throws(StorageError) -> [String]
    func exists(_ path: String) -> Bool
    func open(_ path: String, create: Bool) throws(StorageError) -> FileID
    func close(_ file: FileID)
    func size(_ file: FileID) throws(StorageError) -> Int
    /// Reserves `bytes` of written zeros (durably) so later writes overwrite rather than append.
    func preallocate(_ file: FileID, bytes: Int) throws(StorageError)
    /// Writes all of `bytes` at `offset` (short writes are continued, not returned).
    func write(_ file: FileID, _ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StorageError)
    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read.
    func read(_ file: FileID, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(StorageError) -> Int
    /// fdatasync: the data written so far is on stable storage when this returns.
    func sync(_ file: FileID) throws(StorageError)
    func truncate(_ file: FileID, to bytes: Int) throws(StorageError)
    func rename(_ from: String, to: String) throws(StorageError)
    func remove(_ path: String) throws(StorageError)
    /// Makes creations, renames and removals in a directory durable.
    func syncDirectory(_ path: String) throws(StorageError)
}

extension Storage {
    /// Reads a whole file into memory (segments and snapshots are bounded in size).
    public func readAll(_ path: String, bytesMax: Int) throws(StorageError) -> [UInt8] {
        let file = try open(path, create: false)
        defer { close(file) }
        let total = try size(file)
        guard total <= bytesMax else {
            throw StorageError(operation: "read", path: path, errno: 27, message: "file of \(total) bytes exceeds \(bytesMax)")
        }
        var bytes = [UInt8](repeating: 0, count: total)
        var done = 0
        while done < total {
            var failure: StorageError?
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                do { return try read(file, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), at: done) }
                catch let error as StorageError { failure = error; return 0 } catch { preconditionFailure("\(error)") }
            }
            if let failure { throw failure }
            if n == 0 { break }
            done += n
        }
        if done < total { bytes.removeLast(total - done) }
        return bytes
    }

    public func write(_ file: FileID, bytes: [UInt8], at offset: Int) throws(StorageError) {
        var failure: StorageError?
        bytes.withUnsafeBytes { buffer in
            do { try write(file, buffer, at: offset) } catch let error as StorageError { failure = error } catch { preconditionFailure("\(error)") }
        }
        if let failure { throw failure }
    }
}

/// Joins a directory and a file name.
public func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
