import Foundation
import GreenGridDomain

/// Bots as a JSON file: which account each one uses, in which zone, and its strategies with any
/// parameter overridden (omitted ones keep the strategy's defaults). Unknown strategy kinds and
/// nonsensical values are refused with a message naming the bot.
public struct BotConfiguration: Codable, Sendable {
    public struct Bot: Codable, Sendable {
        public var username: String
        /// The password, or nil to read it from `passwordEnvironment` (default GREENGRID_PASSWORD).
        public var password: String?
        public var passwordEnvironment: String?
        /// Zone name (or index as a string).
        public var zone: String
        public var tickMs: Int64?
        /// Default true: the bot's orders go when its session does.
        public var cancelOnDisconnect: Bool?
        public var strategies: [StrategySpec]

        public init(username: String, password: String? = nil, passwordEnvironment: String? = nil, zone: String, tickMs: Int64? = nil,
                    cancelOnDisconnect: Bool? = nil, strategies: [StrategySpec]) {
            self.username = username
            self.password = password
            self.passwordEnvironment = passwordEnvironment
            self.zone = zone
            self.tickMs = tickMs
            self.cancelOnDisconnect = cancelOnDisconnect
            self.strategies = strategies
        }
    }

    public struct StrategySpec: Codable, Sendable {
        /// marketMaker, solarSeller or householdBuyer.
        public var kind: String
        public var name: String?
        public var intervals: Int?
        public var quantityWh: Int64?
        public var halfSpreadTicks: Int64?
        public var inventoryLimitWh: Int64?
        public var skewTicksPerKWh: Int64?
        public var peakW: Int64?
        public var selfConsumptionW: Int64?
        public var discountTicks: Int64?
        public var reserveMicrosPerKWh: Int64?
        public var premiumTicks: Int64?
        public var tariffMicrosPerKWh: Int64?
        public var greenOnly: Bool?
        /// auctionSeller: how often it starts one, the steps and their interval, and the lead.
        public var everyMs: Int64?
        public var steps: Int64?
        public var stepIntervalMs: Int64?
        public var leadMs: Int64?

        public init(kind: String) { self.kind = kind }

        /// The auction kinds are not quoting strategies: the runner drives them itself.
        public static let auctionKinds: Set<String> = ["auctionSeller", "auction-seller", "auctionBidder", "auction-bidder"]
        public var isAuction: Bool { Self.auctionKinds.contains(kind) }
    }

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public var host: String?
    public var port: UInt16?
    public var bots: [Bot]

    public init(host: String? = nil, port: UInt16? = nil, bots: [Bot]) {
        self.host = host
        self.port = port
        self.bots = bots
    }

    public static func load(path: String) throws -> BotConfiguration {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try JSONDecoder().decode(BotConfiguration.self, from: data)
        } catch {
            throw Invalid(description: "\(path): \(error)")
        }
    }
}

extension BotConfiguration.StrategySpec {
    /// The strategy this spec describes, defaults filled in and every value checked.
    public func strategy() throws -> any BotStrategy {
        func positive(_ value: Int64?, _ field: String) throws -> Int64? {
            guard let value else { return nil }
            guard value > 0 else { throw BotConfiguration.Invalid(description: "\(kind).\(field) must be positive, not \(value)") }
            return value
        }
        func nonNegative(_ value: Int64?, _ field: String) throws -> Int64? {
            guard let value else { return nil }
            guard value >= 0 else { throw BotConfiguration.Invalid(description: "\(kind).\(field) must not be negative") }
            return value
        }
        if let intervals, !(1...192).contains(intervals) {
            throw BotConfiguration.Invalid(description: "\(kind).intervals must be 1 ... 192")
        }
        switch kind {
        case "marketMaker", "market-maker":
            var p = MarketMaker.Parameters()
            p.halfSpreadTicks = try positive(halfSpreadTicks, "halfSpreadTicks") ?? p.halfSpreadTicks
            p.quantityWh = try positive(quantityWh, "quantityWh") ?? p.quantityWh
            p.intervals = intervals ?? p.intervals
            p.inventoryLimitWh = try positive(inventoryLimitWh, "inventoryLimitWh") ?? p.inventoryLimitWh
            p.skewTicksPerKWh = try nonNegative(skewTicksPerKWh, "skewTicksPerKWh") ?? p.skewTicksPerKWh
            return MarketMaker(name: name ?? "market-maker", parameters: p)
        case "solarSeller", "solar-seller":
            var p = SolarSeller.Parameters()
            p.profile.peakW = try positive(peakW, "peakW") ?? p.profile.peakW
            p.profile.selfConsumptionW = try nonNegative(selfConsumptionW, "selfConsumptionW") ?? p.profile.selfConsumptionW
            p.discountTicks = try nonNegative(discountTicks, "discountTicks") ?? p.discountTicks
            p.reserveMicrosPerKWh = try nonNegative(reserveMicrosPerKWh, "reserveMicrosPerKWh") ?? p.reserveMicrosPerKWh
            p.intervals = intervals ?? p.intervals
            return SolarSeller(name: name ?? "solar-seller", parameters: p)
        case "householdBuyer", "household-buyer":
            var p = HouseholdBuyer.Parameters()
            p.profile.peakW = try positive(peakW, "peakW") ?? p.profile.peakW
            p.premiumTicks = try nonNegative(premiumTicks, "premiumTicks") ?? p.premiumTicks
            p.tariffMicrosPerKWh = try positive(tariffMicrosPerKWh, "tariffMicrosPerKWh") ?? p.tariffMicrosPerKWh
            p.intervals = intervals ?? p.intervals
            p.greenOnly = greenOnly ?? p.greenOnly
            return HouseholdBuyer(name: name ?? "household-buyer", parameters: p)
        default:
            throw BotConfiguration.Invalid(description:
                "unknown strategy kind '\(kind)' (marketMaker, solarSeller, householdBuyer, auctionSeller, auctionBidder)")
        }
    }

    /// What an auction kind adds to a bot's auction role (`auctionSeller`: start one every
    /// `everyMs` for the interval `leadMs` ahead; `auctionBidder`: buy up to `quantityWh` per
    /// auction once its price is at most `premiumTicks` above the interval's reference).
    public func apply(to role: inout BotRunner.AuctionRole) throws {
        func positive(_ value: Int64?, _ field: String) throws -> Int64? {
            guard let value else { return nil }
            guard value > 0 else { throw BotConfiguration.Invalid(description: "\(kind).\(field) must be positive, not \(value)") }
            return value
        }
        switch kind {
        case "auctionSeller", "auction-seller":
            var seller = AuctionSeller()
            seller.everyMs = try positive(everyMs, "everyMs") ?? seller.everyMs
            seller.leadMs = try positive(leadMs, "leadMs") ?? seller.leadMs
            seller.quantityWh = try positive(quantityWh, "quantityWh") ?? seller.quantityWh
            seller.steps = try positive(steps, "steps") ?? seller.steps
            if let stepIntervalMs, !(1_000...3_600_000).contains(stepIntervalMs) {
                throw BotConfiguration.Invalid(description: "\(kind).stepIntervalMs must be 1000 ... 3600000")
            }
            seller.stepIntervalMs = stepIntervalMs ?? seller.stepIntervalMs
            role.seller = seller
        case "auctionBidder", "auction-bidder":
            role.bidder = AuctionBidder(valuationMicrosPerKWh: 0, quantityWhMax: try positive(quantityWh, "quantityWh") ?? 2_000,
                                        greenOnly: greenOnly ?? false)
            if let premiumTicks, premiumTicks < 0 { throw BotConfiguration.Invalid(description: "\(kind).premiumTicks must not be negative") }
            role.valuationPremiumTicks = premiumTicks ?? role.valuationPremiumTicks
        default:
            throw BotConfiguration.Invalid(description: "'\(kind)' is not an auction kind")
        }
    }
}
