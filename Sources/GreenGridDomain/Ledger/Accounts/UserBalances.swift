/// A user's three accounts kept together, so moving money between them (reserve, release,
/// escrow) touches one table entry instead of three.
public struct UserBalances: Sendable, Hashable {
    public var availableMicros: Int64 = 0
    public var reservedMicros: Int64 = 0
    public var escrowMicros: Int64 = 0

    public init(availableMicros: Int64 = 0, reservedMicros: Int64 = 0, escrowMicros: Int64 = 0) {
        self.availableMicros = availableMicros
        self.reservedMicros = reservedMicros
        self.escrowMicros = escrowMicros
    }

    /// A user with nothing anywhere is not stored: snapshots and hashes stay canonical.
    @inlinable public var isZero: Bool { availableMicros == 0 && reservedMicros == 0 && escrowMicros == 0 }

    @inlinable public var totalMicros: Int64 { availableMicros &+ reservedMicros &+ escrowMicros }
}
