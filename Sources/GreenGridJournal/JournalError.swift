/// What went wrong with the journal, in words an operator can act on.
public enum JournalError: Error, Hashable, CustomStringConvertible, Sendable {
    /// A write or sync failed: nothing after the last durable batch was acknowledged, and the
    /// journal accepts nothing more (fail-stop).
    case failStopped(StorageError)
    /// Damage that is not a torn tail: the journal cannot be trusted past this point.
    case damaged(file: String, offset: Int, reason: String)
    /// A snapshot or the journal does not fit the rest (a gap, a different market).
    case inconsistent(String)
    case storage(StorageError)
    case closed

    public var description: String {
        switch self {
        case .failStopped(let error): return "journal stopped after a failed write or sync: \(error)"
        case .damaged(let file, let offset, let reason): return "journal damaged in \(file) at offset \(offset): \(reason)"
        case .inconsistent(let why): return "journal inconsistent: \(why)"
        case .storage(let error): return "storage: \(error)"
        case .closed: return "journal closed"
        }
    }
}

/// Whether an acknowledgement waits for fdatasync. `none` is for benchmarks only, and every
/// line that reports on a run without it says so.
public enum Durability: String, Sendable, Hashable, CaseIterable {
    case fsync
    case none
}
