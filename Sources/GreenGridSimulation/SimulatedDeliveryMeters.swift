import GreenGridDomain

/// The demo's meters: each party metered about what it traded, deterministic for a seed. Most
/// deliver in full, `shortPercent` of parties fall short (50–99 % of what they traded), and
/// `missingPercent` send nothing, so a newcomer sees every settlement outcome.
public struct SimulatedDeliveryMeters: Sendable {
    public var seed: UInt64
    public var shortPercent: UInt64
    public var missingPercent: UInt64

    public init(seed: UInt64 = 7, shortPercent: UInt64 = 10, missingPercent: UInt64 = 3) {
        self.seed = seed
        self.shortPercent = shortPercent
        self.missingPercent = missingPercent
    }

    /// Readings for the parties of an interval's escrows.
    public func readings(intervalStartMs: Int64, escrows: [PendingTransfer]) -> [IntervalReading] {
        var soldWh: [TraderId: Int64] = [:], boughtWh: [TraderId: Int64] = [:]
        for escrow in escrows {
            soldWh[escrow.seller, default: 0] += escrow.quantityWh
            boughtWh[escrow.buyer, default: 0] += escrow.quantityWh
        }
        return readings(intervalStartMs: intervalStartMs, soldWh: soldWh, boughtWh: boughtWh)
    }

    /// Readings for parties that sold and bought these Wh in the interval.
    public func readings(intervalStartMs: Int64, soldWh: [TraderId: Int64], boughtWh: [TraderId: Int64]) -> [IntervalReading] {
        var result: [IntervalReading] = []
        for trader in Set(soldWh.keys).union(boughtWh.keys).sorted() {
            let roll = mix(UInt64(trader), UInt64(bitPattern: intervalStartMs))
            if roll % 100 < missingPercent { continue }
            var exportWh = soldWh[trader] ?? 0, importWh = boughtWh[trader] ?? 0
            if (roll >> 8) % 100 < shortPercent {
                let percent = Int64(50 + (roll >> 16) % 50)
                exportWh = exportWh * percent / 100
                importWh = importWh * percent / 100
            }
            result.append(IntervalReading(traderId: trader, intervalStartMs: intervalStartMs,
                                          exportWh: min(exportWh, IntervalReading.whMax), importWh: min(importWh, IntervalReading.whMax)))
        }
        return result
    }

    /// SplitMix64's finaliser over the seed, the trader and the interval.
    func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = seed &+ a &* 0x9E37_79B9_7F4A_7C15 &+ b
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
