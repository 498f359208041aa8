import GreenGridDomain
import GreenGridMeterSimulator
import GreenGridMetering

/// The simulated meters a gateway speaks for: one fleet per (zone, owner), each owner's meters
/// of the kinds that fit their role (a prosumer's rooftop PV with battery, solar parks and wind
/// on the first prosumer; a consumer's households and businesses), all behind one gateway.
public struct GatewayFleet: Sendable {
    public struct Owner: Sendable, Hashable {
        public var traderId: TraderId
        public var zone: ZoneIndex
        public var producer: Bool

        public init(traderId: TraderId, zone: ZoneIndex, producer: Bool) {
            self.traderId = traderId
            self.zone = zone
            self.producer = producer
        }
    }

    public struct Options: Sendable {
        public var latitudeDeg = 52.37
        public var longitudeDeg = 4.90
        public var seed: UInt64 = 42
        /// Meter ids start here: the caller keeps them apart from meters registered before.
        public var firstMeterId: MeterId = 1_000_000
        /// Per producing owner: rooftop prosumers (PV + household load + sometimes a battery).
        public var prosumersPerOwner = 20
        /// Per consuming owner: households and businesses.
        public var householdsPerOwner = 25
        public var businessesPerOwner = 3
        /// On the first producing owner only: a solar park and a wind turbine.
        public var parks = true

        public init() {}
    }

    public private(set) var fleets: [MeterFleet]
    /// Every meter with its zone, in meter-id order.
    public let meters: [(info: SimulatedMeterInfo, zone: ZoneIndex)]

    public init(owners: [Owner], options: Options) {
        var fleets: [MeterFleet] = []
        var meters: [(SimulatedMeterInfo, ZoneIndex)] = []
        var nextId = options.firstMeterId
        for (index, owner) in owners.enumerated() {
            let mix = owner.producer
                ? FleetMix(solarCount: options.parks && index == owners.firstIndex(where: \.producer) ? 1 : 0,
                           windCount: options.parks && index == owners.firstIndex(where: \.producer) ? 1 : 0,
                           prosumerCount: options.prosumersPerOwner)
                : FleetMix(householdCount: options.householdsPerOwner, businessCount: options.businessesPerOwner)
            guard mix.total > 0 else { continue }
            let fleet = MeterFleet(configuration: FleetConfiguration(
                latitudeDeg: options.latitudeDeg, longitudeDeg: options.longitudeDeg, seed: options.seed &+ UInt64(index) &* 0x9E37,
                firstMeterId: nextId, ownerIds: [owner.traderId], mix: mix))
            nextId += MeterId(mix.total)
            meters += fleet.meters.map { ($0, owner.zone) }
            fleets.append(fleet)
        }
        self.fleets = fleets
        self.meters = meters
    }

    /// Every meter's reading at `timeMs` (times strictly increasing between calls).
    public mutating func readings(atMs timeMs: Int64) -> [MeterReading] {
        var all: [MeterReading] = []
        for index in fleets.indices { all += fleets[index].readings(atMs: timeMs) }
        return all
    }

    /// The meters as the registry takes them, behind `gatewayId`.
    public func registrations(gatewayId: TraderId) -> [Meter] {
        meters.map { meter, zone in
            Meter(meterId: meter.meterId, ownerId: meter.ownerId, gatewayId: gatewayId, feederId: 0, zone: zone, kind: meter.kind,
                  ratedPowerW: min(meter.ratedPowerW, MeterRegistry.defaultRatedPowerWMax))
        }
    }
}
