/// The fees a buy order may have to pay, as inputs: the ledger does not know the market
/// configuration, the wiring passes what is in force when the order is placed.
public struct FeeSchedule: Sendable, Hashable {
    /// The platform's fee, paid by the buyer on every kWh traded.
    public var platformFeeMicrosPerKWh: Int64
    /// The most expensive path's grid fee a buy in this zone could pay (0 if it never crosses zones).
    public var maxGridFeeMicrosPerKWh: Int64

    public init(platformFeeMicrosPerKWh: Int64, maxGridFeeMicrosPerKWh: Int64) {
        precondition(platformFeeMicrosPerKWh >= 0 && maxGridFeeMicrosPerKWh >= 0, "fees are never negative")
        self.platformFeeMicrosPerKWh = platformFeeMicrosPerKWh
        self.maxGridFeeMicrosPerKWh = maxGridFeeMicrosPerKWh
    }

    public static let free = FeeSchedule(platformFeeMicrosPerKWh: 0, maxGridFeeMicrosPerKWh: 0)
}
