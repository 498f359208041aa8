import Foundation
import GreenGridDomain
import GreenGridEngine
import GreenGridSimulation
import Testing

@Suite struct ConfigurationTests {
    @Test("the shipped demo market loads and resolves its topology")
    func demoLoads() throws {
        let market = try ConfigurationLoader.demo().market()
        #expect(market.zones.map(\.name) == ["harbour", "hillside", "old-town", "windfarm-coop"])
        #expect(market.interconnectors.count == 3)
        #expect(market.paths.count == 6)
        let harbour = try #require(market.zoneIndex(named: "harbour"))
        let hillside = try #require(market.zoneIndex(named: "hillside"))
        let path = market.paths[market.pathIndex[harbour][hillside]]
        // 400 kW for 15 minutes is 100 kWh.
        #expect(path.capacityPerIntervalWh == 100_000)
        #expect(market.zones[harbour].substationOfFeeder == [0, 0, 0, 1, 1])
    }

    static let invalid: [(String, String)] = [
        ("no zones", #"{"tradingWindow":{"horizonMs":1000000,"gateClosureLeadMs":0},"zones":[],"interconnectors":[]}"#),
        ("zero tick", zone(tick: 0)),
        ("cap above band", zone(cap: 5_000_000)),
        ("link to unknown zone", zone(link: #"{"name":"x","zoneA":"a","zoneB":"nowhere","capacityAToBW":1,"capacityBToAW":1,"feeMicrosPerKWh":0}"#)),
        ("link to itself", zone(link: #"{"name":"x","zoneA":"a","zoneB":"a","capacityAToBW":1,"capacityBToAW":1,"feeMicrosPerKWh":0}"#)),
        ("missing key", #"{"zones":[],"interconnectors":[]}"#),
    ]

    static func zone(tick: Int = 100, cap: Int = 1_000_000, link: String? = nil) -> String {
        """
        {"tradingWindow":{"horizonMs":172800000,"gateClosureLeadMs":300000},
         "zones":[{"name":"a","matching":"priceTime","emissionFactorGramsPerKWh":300,
           "priceRules":{"tickMicrosPerKWh":\(tick),"bandMinMicrosPerKWh":0,"bandMaxMicrosPerKWh":3000000,"floorMicrosPerKWh":0,"capMicrosPerKWh":\(cap)},
           "limits":{"orderWhMax":1000,"openOrdersPerTraderMax":10,"clientOrderIdWindow":16},
           "substations":[{"name":"s","feeders":["f"]}]}],
         "interconnectors":[\(link ?? "")]}
        """
    }

    @Test("a broken configuration is refused with a reason", arguments: invalid)
    func refusesBrokenConfiguration(name: String, json: String) {
        #expect(throws: ConfigurationError.self, "\(name)") {
            try ConfigurationLoader.decode(Data(json.utf8), origin: name).market()
        }
    }

    @Test("a well-formed single-zone configuration builds")
    func acceptsMinimal() throws {
        let market = try ConfigurationLoader.decode(Data(Self.zone().utf8), origin: "minimal").market()
        #expect(market.zones.count == 1)
    }
}
