/// The mediator's cross-zone decisions, shared by the synchronous core and the actor system
/// so both reach the same fills: which paths an aggressor may use, and how much to ask for.
public enum CrossZone {
    public struct Route: Sendable, Hashable {
        public var zone: ZoneIndex
        public var path: Int
        public var feeMicrosPerKWh: Int64
        public var capacityLeftWh: Int64
    }

    /// Neighbouring zones reachable with capacity left: energy flows from the sell zone to the
    /// buy zone, so a buy uses the neighbour→zone path and a sell the zone→neighbour path.
    public static func routes(market: Market, capacity: CapacityLedger, profile: AggressorProfile) -> [Route] {
        var routes: [Route] = []
        for neighbour in market.neighbours(of: profile.zone) {
            let path = profile.side == .buy ? market.pathIndex[neighbour][profile.zone] : market.pathIndex[profile.zone][neighbour]
            let left = capacity.leftWh(intervalStartMs: profile.intervalStartMs, path: path)
            if left > 0 {
                routes.append(Route(zone: neighbour, path: path, feeMicrosPerKWh: market.paths[path].feeMicrosPerKWh,
                                    capacityLeftWh: left))
            }
        }
        return routes
    }

    /// How much of a neighbour's book to gather: no more than the order or the path can take.
    public static func quantityWhMax(_ profile: AggressorProfile, _ route: Route) -> Int64 {
        min(profile.quantityWh, route.capacityLeftWh)
    }

    public static func liquidity(profile: AggressorProfile, candidates: [RemoteCandidate],
                                 capacity: CapacityLedger) -> RemoteLiquidity? {
        if candidates.isEmpty { return nil }
        return RemoteLiquidity(candidates: candidates, aggressorSide: profile.side,
                               capacityLeftWh: capacity.leftWh(intervalStartMs: profile.intervalStartMs))
    }
}
