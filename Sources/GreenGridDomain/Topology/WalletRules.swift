/// Prefunded wallets: when a market has these rules, every buy order reserves its worst-case
/// cost before it may rest or trade, every trade moves the buyer's money into escrow, and
/// settlement pays the seller from meter data. A market without them (benchmarks, tests of the
/// matching alone) trades without money.
public struct WalletRules: Sendable, Codable, Hashable {
    /// The platform's fee, paid by the buyer on every kWh traded.
    public var platformFeeMicrosPerKWh: Int64
    /// How long after an interval ends settlement waits for meter data before the policy decides.
    public var meterDataDeadlineMs: Int64
    /// What settles a trade whose meter data never came.
    public var missingMeterData: MissingMeterDataRule

    public init(platformFeeMicrosPerKWh: Int64 = 0, meterDataDeadlineMs: Int64 = 4 * 3_600_000,
                missingMeterData: MissingMeterDataRule = .void) {
        self.platformFeeMicrosPerKWh = platformFeeMicrosPerKWh
        self.meterDataDeadlineMs = meterDataDeadlineMs
        self.missingMeterData = missingMeterData
    }

    /// The rule in force, as the settlement template runs it.
    public var settlementRule: MeteredSettlement {
        MeteredSettlement(meterDataDeadlineMs: meterDataDeadlineMs,
                          missingMeterData: missingMeterData == .void ? VoidAndFlag() : DeemDeliveredAndFlag())
    }

    /// Largest balance a user may hold in all three accounts together (10^13 micros: ten million
    /// currency units). Keeps every sum of balances far from Int64's range, whatever users do.
    public static let balanceMicrosMax: Int64 = 10_000_000_000_000
    /// The most a single deposit or withdrawal may move.
    public static let movementMicrosMax: Int64 = 1_000_000_000_000_000
}

public enum MissingMeterDataRule: String, Sendable, Codable, Hashable {
    /// Nothing proven delivered, nothing paid: the escrow returns to the buyer, flagged.
    case void
    /// Paid in full on trust, flagged.
    case deemDelivered
}

extension Market {
    /// What a buy order in `zone` may have to pay on top of its price: the platform fee and
    /// the dearest path a seller elsewhere could reach it over.
    public func feeSchedule(buyZone zone: ZoneIndex) -> FeeSchedule {
        var maxGrid: Int64 = 0
        for path in paths where path.toZone == zone { maxGrid = max(maxGrid, path.feeMicrosPerKWh) }
        return FeeSchedule(platformFeeMicrosPerKWh: wallets?.platformFeeMicrosPerKWh ?? 0, maxGridFeeMicrosPerKWh: maxGrid)
    }
}
