
extension Ledger {
    /// FNV-1a (`StateHasher`) over the canonical snapshot bytes: equal hashes, equal ledgers,
    /// whatever order the tables were filled in. For comparing replicas and replays.
    public var stateHash: UInt64 {
        var hasher = StateHasher()
        hasher.combine(bytes: snapshotBytes())
        return hasher.value
    }
}
