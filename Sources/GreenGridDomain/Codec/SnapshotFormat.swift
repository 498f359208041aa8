/// The snapshot of a whole exchange: a header, every zone's section in zone order, then the
/// interconnector capacity (see Protocol/journal-bodies.md, "Snapshots").
///
/// ```
///  0        4    5              8                 16     18     20
///  +--------+----+--------------+-----------------+------+------+---------------------------
///  | magic  |ver | reserved (0) | market          |zones | rsvd | zone sections …, capacity
///  | "GGSN" | u8 | 3 bytes      | fingerprint u64 | u16  | u16  |
///  +--------+----+--------------+-----------------+------+------+---------------------------
/// ```
/// The fingerprint hashes the whole market configuration, so a snapshot is only ever loaded
/// into the market it was taken under; each zone section repeats its zone's fingerprint.
public enum SnapshotFormat {
    public static let magic: UInt32 = 0x4E53_4747  // "GGSN" as bytes 47 47 53 4E
    /// 4 added the running auctions after each zone's books; 3 (without them) is still read.
    public static let version: UInt8 = 4
    public static let versionsRead: ClosedRange<UInt8> = 3...4
    public static let headerBytes = 20

    // Limits checked before allocating; a snapshot that exceeds one is refused, and writing
    // one is a programming error (the pair of each check is a precondition in the encoder).
    public static let tradersPerZoneMax = 10_000_000
    public static let ordersPerBookMax = 10_000_000
    public static let booksPerZoneMax = 1_000_000
    public static let capacityIntervalsMax = 1_000_000
    public static let zonesMax = Int(UInt16.max)
    public static let pathsMax = Int(UInt16.max)

    /// Fixed sizes of the repeated records.
    public static let traderFixedBytes = 32
    public static let orderBytes = 65
    public static let zoneSectionFixedBytes = 33

    /// Writes the header for `market`; zone sections and the capacity section follow.
    public static func writeHeader(market: Market, into writer: inout ByteWriter) {
        precondition(market.zones.count <= zonesMax, "too many zones for a snapshot")
        writer.write(magic)
        writer.write(version)
        writer.write(bytes: [0, 0, 0])
        writer.write(fingerprint(of: market))
        writer.write(UInt16(market.zones.count))
        writer.write(UInt16(0))
    }

    /// Reads and checks the header: magic, version, reserved bytes, market fingerprint, zone
    /// count. Returns the version, which decides the layout of the zone sections.
    @discardableResult
    public static func readHeader(from reader: inout ByteReader, market: Market) throws(DecodeError) -> UInt8 {
        let base = try reader.take(headerBytes)
        if reader.load(at: base, as: UInt32.self) != magic {
            throw DecodeError(.invalidValue("snapshot magic"), offset: base)
        }
        let found: UInt8 = reader.load(at: base + 4)
        if !versionsRead.contains(found) { throw DecodeError(.unsupportedVersion(found), offset: base + 4) }
        for i in 5..<8 where reader.load(at: base + i, as: UInt8.self) != 0 {
            throw DecodeError(.invalidValue("reserved byte"), offset: base + i)
        }
        let expected = fingerprint(of: market)
        let stored: UInt64 = reader.load(at: base + 8)
        if stored != expected { throw DecodeError(.marketMismatch(expected: expected, found: stored), offset: base + 8) }
        if Int(reader.load(at: base + 16, as: UInt16.self)) != market.zones.count {
            throw DecodeError(.invalidValue("zone count"), offset: base + 16)
        }
        if reader.load(at: base + 18, as: UInt16.self) != 0 {
            throw DecodeError(.invalidValue("reserved bytes"), offset: base + 18)
        }
        return found
    }

    // MARK: Fingerprints

    /// Everything in the market configuration: zones (with their topology, names, rules and
    /// limits), interconnectors and the trading window. Any change gives another value.
    public static func fingerprint(of market: Market) -> UInt64 {
        var hasher = StateHasher()
        combine("GreenGrid market", into: &hasher)
        combine(market.window, into: &hasher)
        hasher.combine(market.zones.count)
        for zone in market.zones { hasher.combine(fingerprint(of: zone, window: market.window)) }
        hasher.combine(market.interconnectors.count)
        for link in market.interconnectors {
            combine(link.name, into: &hasher)
            hasher.combine(link.zoneA)
            hasher.combine(link.zoneB)
            hasher.combine(link.capacityAToBW)
            hasher.combine(link.capacityBToAW)
            hasher.combine(link.feeMicrosPerKWh)
        }
        hasher.combine(market.paths.count)
        for path in market.paths {
            hasher.combine(path.interconnector)
            hasher.combine(path.fromZone)
            hasher.combine(path.toZone)
            hasher.combine(path.capacityPerIntervalWh)
            hasher.combine(path.feeMicrosPerKWh)
        }
        if let wallets = market.wallets {
            combine("wallets", into: &hasher)
            hasher.combine(wallets.platformFeeMicrosPerKWh)
            hasher.combine(wallets.meterDataDeadlineMs)
            combine(wallets.missingMeterData.rawValue, into: &hasher)
        }
        return hasher.value
    }

    /// One zone's configuration and the trading window its engine runs under.
    public static func fingerprint(of zone: Zone, window: TradingWindow) -> UInt64 {
        var hasher = StateHasher()
        combine("GreenGrid zone", into: &hasher)
        combine(window, into: &hasher)
        combine(zone.name, into: &hasher)
        combine(zone.matching.rawValue, into: &hasher)
        hasher.combine(zone.substationOfFeeder.count)
        for substation in zone.substationOfFeeder { hasher.combine(substation) }
        hasher.combine(zone.feederNames.count)
        for name in zone.feederNames { combine(name, into: &hasher) }
        hasher.combine(zone.substationNames.count)
        for name in zone.substationNames { combine(name, into: &hasher) }
        let rules = zone.priceRules
        for value in [rules.tickMicrosPerKWh, rules.bandMinMicrosPerKWh, rules.bandMaxMicrosPerKWh,
                      rules.floorMicrosPerKWh, rules.capMicrosPerKWh] {
            hasher.combine(value)
        }
        hasher.combine(zone.limits.orderWhMax)
        hasher.combine(zone.limits.openOrdersPerTraderMax)
        hasher.combine(zone.limits.clientOrderIdWindow)
        hasher.combine(zone.emissionFactorGramsPerKWh)
        // Only when present, so a zone without pricing keeps the fingerprint it had before pricing existed.
        if let pricing = zone.pricing { combine(pricing, into: &hasher) }
        return hasher.value
    }

    /// The resolved pricing: reference price parameters, then the tiers and the tier of every
    /// (day type, quarter hour), so any change of bands, tariffs, rules or holidays shows.
    static func combine(_ pricing: ZonePricing, into hasher: inout StateHasher) {
        combine("pricing", into: &hasher)
        let reference = pricing.referencePrice
        combine(reference.strategy.rawValue, into: &hasher)
        hasher.combine(reference.resolvedWindowMs)
        hasher.combine(reference.spreadMaxMicrosPerKWh ?? -1)
        guard let schedule = pricing.timeOfUse else {
            hasher.combine(false)
            return
        }
        hasher.combine(true)
        hasher.combine(schedule.utcOffsetMinutes)
        hasher.combine(schedule.tiers.count)
        for tier in schedule.tiers {
            combine(tier.name, into: &hasher)
            hasher.combine(tier.configuredBand.floorMicrosPerKWh)
            hasher.combine(tier.configuredBand.capMicrosPerKWh)
            hasher.combine(tier.gridTariffMicrosPerKWh)
        }
        hasher.combine(bytes: schedule.tierIndexOfSlot)
        hasher.combine(schedule.holidayDays.count)
        for day in schedule.holidayDays { hasher.combine(day) }
    }

    static func combine(_ string: String, into hasher: inout StateHasher) {
        hasher.combine(string.utf8.count)
        for byte in string.utf8 { hasher.combine(byte) }
    }

    static func combine(_ window: TradingWindow, into hasher: inout StateHasher) {
        hasher.combine(window.horizonMs)
        hasher.combine(window.gateClosureLeadMs)
    }
}
