import Foundation
import GreenGridDomain
import Testing

@Suite("Pricing configuration: validation, decoding and the market fingerprint")
struct PricingConfigurationTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        /// Breaks the fixture's pricing in one way.
        var change: @Sendable (inout PricingConfig) -> Void
        /// The error names this (the whole message is checked to contain it).
        var message: String
    }

    static func timeOfUse(_ edit: @escaping @Sendable (inout TimeOfUseConfig) -> Void) -> @Sendable (inout PricingConfig) -> Void {
        { pricing in edit(&pricing.timeOfUse!) }
    }

    static let cases: [Case] = [
        Case(description: "a rule names an unknown tier", change: timeOfUse { $0.rules[1].tier = "peek" },
             message: "zone zone-0: timeOfUse: rules[1]: unknown tier 'peek'"),
        Case(description: "two rules overlap", change: timeOfUse { $0.rules[0].toMinute = 435 },
             message: "rules[0] and rules[1] both cover workday 07:00"),
        Case(description: "a quarter hour is left uncovered", change: timeOfUse { $0.rules[6].toMinute = 1425 },
             message: "no rule covers sunday 23:45"),
        Case(description: "a day type is left uncovered", change: timeOfUse { $0.rules[3].dayTypes = [.workday] },
             message: "no rule covers saturday 21:00"),
        Case(description: "minutes off the 15-minute grid", change: timeOfUse { $0.rules[1].fromMinute = 425 },
             message: "rules[1]: minutes 425..<1020 not on 15-minute boundaries"),
        Case(description: "an empty range", change: timeOfUse { $0.rules[2].toMinute = 1020 },
             message: "rules[2]: need 0 <= fromMinute < toMinute <= 1440"),
        Case(description: "a range past midnight", change: timeOfUse { $0.rules[6].toMinute = 1455 },
             message: "rules[6]: need 0 <= fromMinute < toMinute <= 1440"),
        Case(description: "no day types", change: timeOfUse { $0.rules[6].dayTypes = [] },
             message: "rules[6]: dayTypes must be non-empty without repeats"),
        Case(description: "a repeated day type", change: timeOfUse { $0.rules[6].dayTypes = [.sunday, .sunday] },
             message: "rules[6]: dayTypes must be non-empty without repeats"),
        Case(description: "floor above cap", change: timeOfUse { $0.tiers[0].floorMicrosPerKWh = 1_900_000 },
             message: "tier 'peak': floor 1900000 above cap 1800000"),
        Case(description: "a band beyond the technical band", change: timeOfUse { $0.tiers[0].capMicrosPerKWh = 3_100_000 },
             message: "tier 'peak': band 0...3100000 outside the zone's technical band -500000...3000000"),
        Case(description: "a band below the technical band", change: timeOfUse { $0.tiers[2].floorMicrosPerKWh = -600_000 },
             message: "tier 'offPeak': band -600000...1000000 outside the zone's technical band"),
        Case(description: "a band that misses the zone's floor and cap", change: timeOfUse {
                 $0.tiers[2].floorMicrosPerKWh = 2_100_000; $0.tiers[2].capMicrosPerKWh = 2_500_000 },
             message: "tier 'offPeak': band 2100000...2500000 does not meet the zone's floor/cap 10000...2000000"),
        Case(description: "a negative grid tariff", change: timeOfUse { $0.tiers[1].gridTariffMicrosPerKWh = -1 },
             message: "tier 'shoulder': gridTariffMicrosPerKWh must be in 0...1000000000"),
        Case(description: "a repeated tier name", change: timeOfUse { $0.tiers[1].name = "peak" }, message: "tier 'peak' repeated"),
        Case(description: "an empty tier name", change: timeOfUse { $0.tiers[1].name = "" }, message: "tier name '' must have"),
        Case(description: "no tiers", change: timeOfUse { $0.tiers = [] }, message: "between 1 and 16 tiers"),
        Case(description: "no rules", change: timeOfUse { $0.rules = [] }, message: "between 1 and 288 rules"),
        Case(description: "an offset off the quarter hour", change: timeOfUse { $0.utcOffsetMinutes = 50 },
             message: "utcOffsetMinutes 50 must be a multiple of 15 in ±840"),
        Case(description: "an offset beyond 14 hours", change: timeOfUse { $0.utcOffsetMinutes = 900 },
             message: "utcOffsetMinutes 900"),
        Case(description: "a holiday that is not a date", change: timeOfUse { $0.holidays = ["2027-02-30"] },
             message: "holiday '2027-02-30' is not a date YYYY-MM-DD"),
        Case(description: "a repeated holiday", change: timeOfUse { $0.holidays = ["2027-12-25", "2027-12-25"] },
             message: "holiday 2027-12-25 repeated"),
        Case(description: "a trade window of zero", change: { $0.referencePrice = ReferencePriceConfig(strategy: .tradeBased, windowMs: 0) },
             message: "zone zone-0: referencePrice: windowMs 0 must be in 60000...604800000"),
        Case(description: "a spread limit on a trade-based price",
             change: { $0.referencePrice = ReferencePriceConfig(strategy: .tradeBased, spreadMaxMicrosPerKWh: 10_000) },
             message: "referencePrice: spreadMaxMicrosPerKWh applies to bookBased only"),
        Case(description: "a window on the supply/demand price",
             change: { $0.referencePrice = ReferencePriceConfig(strategy: .supplyDemand, windowMs: 60_000) },
             message: "referencePrice: windowMs does not apply to supplyDemand"),
        Case(description: "a zero spread limit",
             change: { $0.referencePrice = ReferencePriceConfig(strategy: .bookBased, spreadMaxMicrosPerKWh: 0) },
             message: "referencePrice: spreadMaxMicrosPerKWh must be in 1...2000000000"),
    ]

    @Test("a broken pricing configuration is refused with a precise reason", arguments: cases)
    func refused(_ c: Case) {
        var pricing = PricingConfig(timeOfUse: PricingFixtures.timeOfUse())
        c.change(&pricing)
        do {
            _ = try PricingFixtures.configuration(pricing: pricing).market()
            Issue.record("accepted: \(c.description)")
        } catch {
            #expect(error.description.contains(c.message), "\(error.description)")
        }
    }

    @Test("the fixture and the four legal reference price settings are accepted")
    func accepted() throws {
        for reference in [nil, ReferencePriceConfig(strategy: .tradeBased, windowMs: 900_000),
                          ReferencePriceConfig(strategy: .bookBased, windowMs: 600_000, spreadMaxMicrosPerKWh: 50_000),
                          ReferencePriceConfig(strategy: .supplyDemand)] {
            let market = try PricingFixtures.configuration(pricing: PricingConfig(referencePrice: reference,
                                                                                  timeOfUse: PricingFixtures.timeOfUse())).market()
            #expect(market.zones[0].referencePriceConfig == reference ?? .default)
            #expect(market.zones[0].referencePriceConfig.makeStrategy().kind == (reference ?? .default).strategy)
        }
        #expect(PricingFixtures.market().zones[1].referencePriceConfig == ReferencePriceConfig(strategy: .tradeBased))
        #expect(ReferencePriceConfig.default.resolvedWindowMs == 3_600_000)
    }

    static let zoneJSON = """
        {"name":"a","matching":"priceTime","emissionFactorGramsPerKWh":300,
         "priceRules":{"tickMicrosPerKWh":100,"bandMinMicrosPerKWh":0,"bandMaxMicrosPerKWh":3000000,"floorMicrosPerKWh":10000,"capMicrosPerKWh":1500000},
         "limits":{"orderWhMax":1000,"openOrdersPerTraderMax":10,"clientOrderIdWindow":16},
         "substations":[{"name":"s","feeders":["f"]}]PRICING}
        """

    static let pricingJSON = """
        {"referencePrice":{"strategy":"bookBased","spreadMaxMicrosPerKWh":200000},
         "timeOfUse":{"utcOffsetMinutes":60,"holidays":["2026-12-25"],
           "tiers":[{"name":"peak","floorMicrosPerKWh":10000,"capMicrosPerKWh":1500000,"gridTariffMicrosPerKWh":400000},
                    {"name":"offPeak","floorMicrosPerKWh":10000,"capMicrosPerKWh":1200000,"gridTariffMicrosPerKWh":200000}],
           "rules":[{"dayTypes":["workday"],"fromMinute":0,"toMinute":1020,"tier":"offPeak"},
                    {"dayTypes":["workday"],"fromMinute":1020,"toMinute":1260,"tier":"peak"},
                    {"dayTypes":["workday"],"fromMinute":1260,"toMinute":1440,"tier":"offPeak"},
                    {"dayTypes":["saturday","sunday"],"fromMinute":0,"toMinute":1440,"tier":"offPeak"}]}}
        """

    static func decode(pricing: String?) throws -> MarketConfiguration {
        let zone = zoneJSON.replacingOccurrences(of: "PRICING", with: pricing.map { ",\"pricing\":\($0)" } ?? "")
        let json = #"{"tradingWindow":{"horizonMs":172800000,"gateClosureLeadMs":300000},"zones":["# + zone + #"],"interconnectors":[]}"#
        return try JSONDecoder().decode(MarketConfiguration.self, from: Data(json.utf8))
    }

    @Test("a market without pricing keeps its fingerprint: absent, null, and the value before pricing existed")
    func fingerprintWithoutPricing() throws {
        let absent = try Self.decode(pricing: nil), null = try Self.decode(pricing: "null")
        #expect(absent == null && absent.zones[0].pricing == nil)
        #expect(SnapshotFormat.fingerprint(of: try absent.market()) == SnapshotFormat.fingerprint(of: try null.market()))
        // Computed before pricing was added to the code.
        let market = TestMarket.market()
        #expect(SnapshotFormat.fingerprint(of: market) == 18_092_765_123_439_134_357)
        #expect(SnapshotFormat.fingerprint(of: market.zones[0], window: market.window) == 10_573_856_597_591_063_598)
        #expect(SnapshotFormat.fingerprint(of: PricingFixtures.market(pricing: nil)) == SnapshotFormat.fingerprint(of: market))
    }

    @Test("pricing decodes from JSON, round-trips through Codable, and changes the fingerprint")
    func decodesAndRoundTrips() throws {
        let configuration = try Self.decode(pricing: Self.pricingJSON)
        let pricing = try #require(configuration.zones[0].pricing)
        #expect(pricing.referencePrice == ReferencePriceConfig(strategy: .bookBased, spreadMaxMicrosPerKWh: 200_000))
        #expect(pricing.timeOfUse?.tiers.map(\.name) == ["peak", "offPeak"])
        #expect(pricing.timeOfUse?.holidays == ["2026-12-25"])
        let encoded = try JSONEncoder().encode(configuration)
        #expect(try JSONDecoder().decode(MarketConfiguration.self, from: encoded) == configuration)
        let plainEncoded = try JSONEncoder().encode(try Self.decode(pricing: nil))
        #expect(!String(decoding: plainEncoded, as: UTF8.self).contains("pricing"), "absent pricing is not written")
        let withPricing = try configuration.market(), without = try Self.decode(pricing: nil).market()
        #expect(SnapshotFormat.fingerprint(of: withPricing) != SnapshotFormat.fingerprint(of: without))
        #expect(withPricing.zones[0].tier(forIntervalStartMs: PricingFixtures.utc(16))?.name == "peak")
    }

    @Test("an unknown strategy or day type fails to decode")
    func decodingErrors() {
        for broken in [Self.pricingJSON.replacingOccurrences(of: "bookBased", with: "magic"),
                       Self.pricingJSON.replacingOccurrences(of: "\"saturday\",", with: "\"caturday\",")] {
            #expect(throws: DecodingError.self) { try Self.decode(pricing: broken) }
        }
    }

    @Test("each change of tiers, rules, holidays, offset or strategy gives another fingerprint")
    func fingerprintFollowsPricing() throws {
        var variants: [PricingConfig] = [PricingConfig(), PricingConfig(timeOfUse: PricingFixtures.timeOfUse())]
        func edited(_ edit: (inout TimeOfUseConfig) -> Void) -> PricingConfig {
            var timeOfUse = PricingFixtures.timeOfUse()
            edit(&timeOfUse)
            return PricingConfig(timeOfUse: timeOfUse)
        }
        variants.append(edited { $0.tiers[0].capMicrosPerKWh = 1_700_000 })
        variants.append(edited { $0.tiers[1].gridTariffMicrosPerKWh = 310_000 })
        variants.append(edited { $0.tiers[2].name = "night" ; $0.rules = $0.rules.map { var r = $0; if r.tier == "offPeak" { r.tier = "night" }; return r } })
        variants.append(edited { $0.rules[1].toMinute = 1035; $0.rules[2].fromMinute = 1035 })
        variants.append(edited { $0.holidays = ["2027-01-07"] })
        variants.append(edited { $0.holidays = nil })
        variants.append(edited { $0.utcOffsetMinutes = 120 })
        variants.append(PricingConfig(referencePrice: ReferencePriceConfig(strategy: .supplyDemand), timeOfUse: PricingFixtures.timeOfUse()))
        variants.append(PricingConfig(referencePrice: ReferencePriceConfig(strategy: .tradeBased, windowMs: 1_800_000),
                                      timeOfUse: PricingFixtures.timeOfUse()))
        var fingerprints = variants.map { SnapshotFormat.fingerprint(of: PricingFixtures.market(pricing: $0)) }
        fingerprints.append(SnapshotFormat.fingerprint(of: PricingFixtures.market(pricing: nil)))
        #expect(Set(fingerprints).count == fingerprints.count)
        // Rules written differently but resolving to the same table are the same market.
        let split = edited { $0.rules.append(.init(dayTypes: [.sunday], fromMinute: 720, toMinute: 1440, tier: "offPeak"))
                             $0.rules[6].toMinute = 720 }
        #expect(SnapshotFormat.fingerprint(of: PricingFixtures.market(pricing: split)) == fingerprints[1])
    }

    @Test("a snapshot taken under other tiers is refused")
    func snapshotUnderOtherTiers() throws {
        let original = PricingFixtures.market()
        let bytes = ExchangeCore(market: original).snapshot()
        var other = PricingFixtures.timeOfUse()
        other.tiers[0].capMicrosPerKWh = 1_900_000
        var reader = ByteReader(bytes)
        do {
            _ = try ExchangeCore.decodeSnapshot(from: &reader, market: PricingFixtures.market(pricing: PricingConfig(timeOfUse: other)))
            Issue.record("a snapshot of other tiers was accepted")
        } catch {
            guard case .marketMismatch = error.reason else { Issue.record("expected a market mismatch, got \(error)"); return }
        }
        var same = ByteReader(bytes)
        _ = try ExchangeCore.decodeSnapshot(from: &same, market: PricingFixtures.market())
    }

    @Test("the demo market: tiers on harbour and old-town, none elsewhere; no tier narrows the band below 0.01…1.2")
    func demoMarket() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../Sources/GreenGridEngine/Resources/demo-market.json")
        let market = try JSONDecoder().decode(MarketConfiguration.self, from: Data(contentsOf: url)).market()
        #expect(market.zones.map { $0.timeOfUse != nil } == [true, false, true, false])
        #expect(market.zones.map(\.referencePriceConfig.strategy) == [.bookBased, .tradeBased, .supplyDemand, .tradeBased])
        for zone in market.zones {
            for tier in zone.timeOfUse?.tiers ?? [] {
                #expect(tier.effectiveBand.capMicrosPerKWh >= 1_200_000 && tier.effectiveBand.floorMicrosPerKWh <= 10_000)
            }
        }
        let harbour = market.zones[0], oldTown = market.zones[2]
        // Monday 2027-01-04: 17:00 local (UTC+1) is peak, 16:45 shoulder, 02:00 off-peak; 2027-01-01 is a holiday.
        #expect(harbour.tier(forIntervalStartMs: PricingFixtures.utc(16))?.name == "peak")
        #expect(harbour.priceBand(forIntervalStartMs: PricingFixtures.utc(16)).capMicrosPerKWh == 1_500_000)
        #expect(harbour.tier(forIntervalStartMs: PricingFixtures.utc(15, 45))?.name == "shoulder")
        #expect(harbour.priceBand(forIntervalStartMs: PricingFixtures.utc(1)).capMicrosPerKWh == 1_200_000)
        #expect(harbour.tier(forIntervalStartMs: PricingFixtures.utc(days: -3, 16))?.name == "offPeak")
        #expect(oldTown.priceBand(forIntervalStartMs: PricingFixtures.utc(16)).capMicrosPerKWh == 1_400_000)
        #expect(oldTown.gridTariffMicrosPerKWh(forIntervalStartMs: PricingFixtures.utc(16)) == 390_000)
    }
}
