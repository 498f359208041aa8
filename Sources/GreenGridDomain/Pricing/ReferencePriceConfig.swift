/// How a zone computes its reference price (`pricing.referencePrice` in the market file):
/// `{"strategy": "tradeBased", "windowMs": 3600000}`,
/// `{"strategy": "bookBased", "windowMs": 3600000, "spreadMaxMicrosPerKWh": 200000}` or
/// `{"strategy": "supplyDemand"}`. Parameters left out take their defaults.
public struct ReferencePriceConfig: Sendable, Hashable, Codable {
    public enum Strategy: String, Sendable, Hashable, Codable, CaseIterable {
        case tradeBased, bookBased, supplyDemand

        /// Stable code for the wire.
        public var code: UInt8 {
            switch self {
            case .tradeBased: return 1
            case .bookBased: return 2
            case .supplyDemand: return 3
            }
        }
    }

    public var strategy: Strategy
    /// tradeBased: the trades averaged; bookBased: how old the last trade of a fallback may be.
    public var windowMs: Int64?
    /// bookBased: a wider spread is not trusted (fall back to trades); nil: no limit.
    public var spreadMaxMicrosPerKWh: Int64?

    public static let windowMsDefault: Int64 = 3_600_000
    public static let windowMsRange: ClosedRange<Int64> = 60_000...(7 * 86_400_000)
    public static let spreadMaxRange: ClosedRange<Int64> = 1...2_000_000_000

    /// What zones without `pricing.referencePrice` use: trade-based over one hour.
    public static let `default` = ReferencePriceConfig(strategy: .tradeBased)

    public init(strategy: Strategy, windowMs: Int64? = nil, spreadMaxMicrosPerKWh: Int64? = nil) {
        self.strategy = strategy
        self.windowMs = windowMs
        self.spreadMaxMicrosPerKWh = spreadMaxMicrosPerKWh
    }

    public var resolvedWindowMs: Int64 { windowMs ?? Self.windowMsDefault }

    /// Checks the parameters of the chosen strategy; a parameter another strategy uses is refused.
    public func check(zoneName: String) throws(ConfigurationError) {
        func invalid(_ why: String) -> ConfigurationError { .invalid("zone \(zoneName): referencePrice: \(why)") }
        if let windowMs {
            guard strategy != .supplyDemand else { throw invalid("windowMs does not apply to supplyDemand") }
            guard Self.windowMsRange.contains(windowMs) else {
                throw invalid("windowMs \(windowMs) must be in \(Self.windowMsRange.lowerBound)...\(Self.windowMsRange.upperBound)")
            }
        }
        if let spreadMaxMicrosPerKWh {
            guard strategy == .bookBased else { throw invalid("spreadMaxMicrosPerKWh applies to bookBased only") }
            guard Self.spreadMaxRange.contains(spreadMaxMicrosPerKWh) else {
                throw invalid("spreadMaxMicrosPerKWh must be in \(Self.spreadMaxRange.lowerBound)...\(Self.spreadMaxRange.upperBound)")
            }
        }
    }

    /// The strategy value this configuration describes.
    public func makeStrategy() -> any ReferencePriceStrategy {
        switch strategy {
        case .tradeBased: return TradeBasedReferencePrice(windowMs: resolvedWindowMs)
        case .bookBased: return BookBasedReferencePrice(windowMs: resolvedWindowMs, spreadMaxMicrosPerKWh: spreadMaxMicrosPerKWh)
        case .supplyDemand: return SupplyDemandReferencePrice()
        }
    }
}
