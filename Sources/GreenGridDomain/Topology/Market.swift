/// The static shape of the market: zones, their topology, interconnectors and trading window.
/// Built once from configuration and shared read-only by every actor.
public struct Market: Sendable {
    public var zones: [Zone]
    public var interconnectors: [Interconnector]
    public var window: TradingWindow
    /// Prefunded wallets, escrow and settlement; nil: the market trades without money.
    public var wallets: WalletRules?
    /// Directed paths, two per interconnector (A→B at 2i, B→A at 2i+1).
    public private(set) var paths: [Path]
    /// `pathIndex[from][to]`: the direct path from the selling zone to the buying zone, or -1.
    public private(set) var pathIndex: [[Int]]

    public init(zones: [Zone], interconnectors: [Interconnector], window: TradingWindow, wallets: WalletRules? = nil) {
        self.zones = zones
        self.wallets = wallets
        self.interconnectors = interconnectors
        self.window = window
        var paths: [Path] = []
        var index = Array(repeating: Array(repeating: -1, count: zones.count), count: zones.count)
        for (i, link) in interconnectors.enumerated() {
            precondition(link.zoneA != link.zoneB, "interconnector \(link.name) joins a zone to itself")
            precondition(index[link.zoneA][link.zoneB] == -1, "two interconnectors between the same zones")
            index[link.zoneA][link.zoneB] = paths.count
            paths.append(Path(interconnector: i, fromZone: link.zoneA, toZone: link.zoneB,
                              capacityPerIntervalWh: Interconnector.energyPerIntervalWh(powerW: link.capacityAToBW),
                              feeMicrosPerKWh: link.feeMicrosPerKWh))
            index[link.zoneB][link.zoneA] = paths.count
            paths.append(Path(interconnector: i, fromZone: link.zoneB, toZone: link.zoneA,
                              capacityPerIntervalWh: Interconnector.energyPerIntervalWh(powerW: link.capacityBToAW),
                              feeMicrosPerKWh: link.feeMicrosPerKWh))
        }
        self.paths = paths
        self.pathIndex = index
        self.neighbourLists = (0..<zones.count).map { zone in (0..<zones.count).filter { index[zone][$0] >= 0 } }
    }

    /// The zones an order in `zone` may trade with: those joined to it by an interconnector.
    public func neighbours(of zone: ZoneIndex) -> [ZoneIndex] { neighbourLists[zone] }
    private(set) var neighbourLists: [[ZoneIndex]] = []

    public func zoneIndex(named name: String) -> ZoneIndex? {
        zones.firstIndex { $0.name == name }
    }
}
