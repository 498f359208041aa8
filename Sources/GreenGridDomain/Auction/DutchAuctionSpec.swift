/// An auction id: like an order id, the sequence of the command that started it.
public typealias AuctionId = UInt64

/// Who offers the energy: a seller, or the zone itself in a surplus period (see `SurplusDetector`).
public enum AuctionInitiator: Sendable, Hashable {
    case seller(TraderId)
    case zone

    /// The trader whose own bids the auction skips (self-trade), or nil for the zone.
    @inlinable public var sellerId: TraderId? {
        if case .seller(let id) = self { return id }
        return nil
    }
}

/// What happens to the quantity still unsold when the price has sat at the floor for a full step.
public enum UnsoldPolicy: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// The remainder becomes a sell order at the floor price in the continuous book.
    case returnToBook = 1
    /// The remainder is dropped.
    case expire = 2
}

/// Why an auction ended before it sold out or reached the floor.
public enum AuctionStopReason: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// The interval's gate closed: its books are closed, so the remainder always expires.
    case gateClosure = 1
    /// The zone was halted: the remainder follows the auction's `UnsoldPolicy`.
    case halt = 2
    /// The seller (or the operator) withdrew the auction: the remainder expires.
    case cancelled = 3
}

/// What a Dutch auction is asked to be, before validation.
public struct DutchAuctionSpec: Sendable, Hashable {
    public var id: AuctionId
    public var initiator: AuctionInitiator
    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var quantityWh: Int64
    public var startPriceMicrosPerKWh: Int64
    public var floorPriceMicrosPerKWh: Int64
    public var stepMicrosPerKWh: Int64
    public var stepIntervalMs: Int64
    public var unsoldAtFloor: UnsoldPolicy

    public init(id: AuctionId, initiator: AuctionInitiator, zone: ZoneIndex, intervalStartMs: Int64, quantityWh: Int64,
                startPriceMicrosPerKWh: Int64, floorPriceMicrosPerKWh: Int64, stepMicrosPerKWh: Int64,
                stepIntervalMs: Int64, unsoldAtFloor: UnsoldPolicy) {
        self.id = id
        self.initiator = initiator
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.quantityWh = quantityWh
        self.startPriceMicrosPerKWh = startPriceMicrosPerKWh
        self.floorPriceMicrosPerKWh = floorPriceMicrosPerKWh
        self.stepMicrosPerKWh = stepMicrosPerKWh
        self.stepIntervalMs = stepIntervalMs
        self.unsoldAtFloor = unsoldAtFloor
    }

    /// Price steps from start to floor: ceil((start − floor) / step), or nil on overflow.
    public var stepsToFloor: Int64? {
        guard stepMicrosPerKWh > 0 else { return nil }
        let (range, overflow) = startPriceMicrosPerKWh.subtractingReportingOverflow(floorPriceMicrosPerKWh)
        if overflow || range < 0 { return nil }
        return range / stepMicrosPerKWh + (range % stepMicrosPerKWh == 0 ? 0 : 1)
    }
}

/// The zone's rules an auction is checked against; each one bounds something.
public struct DutchAuctionLimits: Sendable, Hashable {
    /// Every price and the step are multiples of the tick, so no step ever needs rounding.
    public var tickMicrosPerKWh: Int64
    /// Start and floor lie inside it (both ends inclusive), e.g. the interval's time-of-use band.
    public var band: PriceBand
    public var quantityWhMax: Int64
    public var stepIntervalMsMin: Int64
    public var stepIntervalMsMax: Int64
    /// Bounds the price steps (and so the events one `tick` can emit).
    public var stepsMax: Int64

    public init(tickMicrosPerKWh: Int64, band: PriceBand, quantityWhMax: Int64, stepIntervalMsMin: Int64 = 1_000,
                stepIntervalMsMax: Int64 = 3_600_000, stepsMax: Int64 = 1_000) {
        precondition(tickMicrosPerKWh > 0, "tick must be positive")
        precondition(band.floorMicrosPerKWh <= band.capMicrosPerKWh, "band floor above cap")
        precondition(quantityWhMax > 0 && stepsMax > 0, "limits must be positive")
        precondition(stepIntervalMsMin >= 1_000 && stepIntervalMsMin <= stepIntervalMsMax, "step interval bounds")
        self.tickMicrosPerKWh = tickMicrosPerKWh
        self.band = band
        self.quantityWhMax = quantityWhMax
        self.stepIntervalMsMin = stepIntervalMsMin
        self.stepIntervalMsMax = stepIntervalMsMax
        self.stepsMax = stepsMax
    }
}

/// Which price of a spec an error names.
public enum AuctionPriceField: String, Sendable, Hashable, CaseIterable {
    case start, floor, step
}

/// Why a spec was refused; checked in the order of the cases, the first failure is reported.
public enum DutchAuctionSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    case quantityNotPositive(quantityWh: Int64)
    case quantityAboveMax(quantityWh: Int64, quantityWhMax: Int64)
    case stepNotPositive(stepMicrosPerKWh: Int64)
    case floorAboveStart(floorMicrosPerKWh: Int64, startMicrosPerKWh: Int64)
    case priceOffTick(AuctionPriceField, priceMicrosPerKWh: Int64, tickMicrosPerKWh: Int64)
    case priceOutsideBand(AuctionPriceField, priceMicrosPerKWh: Int64, band: PriceBand)
    case tooManySteps(steps: Int64?, stepsMax: Int64)
    case stepIntervalOutOfRange(stepIntervalMs: Int64, minMs: Int64, maxMs: Int64)
    case intervalStarted(intervalStartMs: Int64, nowMs: Int64)
    case gateClosed(gateClosureMs: Int64, nowMs: Int64)

    public var description: String {
        switch self {
        case .quantityNotPositive(let q): return "quantityWh \(q) must be positive"
        case .quantityAboveMax(let q, let max): return "quantityWh \(q) above the maximum \(max)"
        case .stepNotPositive(let s): return "stepMicrosPerKWh \(s) must be positive"
        case .floorAboveStart(let f, let s): return "floor \(f) above start \(s)"
        case .priceOffTick(let field, let p, let tick): return "\(field) price \(p) not on the tick \(tick)"
        case .priceOutsideBand(let field, let p, let band):
            return "\(field) price \(p) outside the band \(band.floorMicrosPerKWh)...\(band.capMicrosPerKWh)"
        case .tooManySteps(let steps, let max):
            return "\(steps.map(String.init) ?? "too many") steps from start to floor, at most \(max)"
        case .stepIntervalOutOfRange(let ms, let min, let max): return "stepIntervalMs \(ms) outside \(min)...\(max)"
        case .intervalStarted(let start, let now): return "interval starting at \(start) has begun (now \(now))"
        case .gateClosed(let gate, let now): return "gate closed at \(gate) (now \(now))"
        }
    }
}

extension DutchAuctionSpec {
    /// Checks the spec against the zone's rules at `nowMs` (the start command's sequencer time).
    public func validate(nowMs: Int64, gateClosureMs: Int64, limits: DutchAuctionLimits) throws(DutchAuctionSpecError) {
        guard quantityWh > 0 else { throw .quantityNotPositive(quantityWh: quantityWh) }
        guard quantityWh <= limits.quantityWhMax else {
            throw .quantityAboveMax(quantityWh: quantityWh, quantityWhMax: limits.quantityWhMax)
        }
        guard stepMicrosPerKWh > 0 else { throw .stepNotPositive(stepMicrosPerKWh: stepMicrosPerKWh) }
        guard floorPriceMicrosPerKWh <= startPriceMicrosPerKWh else {
            throw .floorAboveStart(floorMicrosPerKWh: floorPriceMicrosPerKWh, startMicrosPerKWh: startPriceMicrosPerKWh)
        }
        let tick = limits.tickMicrosPerKWh
        for (field, price) in [(AuctionPriceField.start, startPriceMicrosPerKWh), (.floor, floorPriceMicrosPerKWh),
                               (.step, stepMicrosPerKWh)] where price % tick != 0 {
            throw .priceOffTick(field, priceMicrosPerKWh: price, tickMicrosPerKWh: tick)
        }
        for (field, price) in [(AuctionPriceField.start, startPriceMicrosPerKWh), (.floor, floorPriceMicrosPerKWh)]
        where !limits.band.contains(price) {
            throw .priceOutsideBand(field, priceMicrosPerKWh: price, band: limits.band)
        }
        let steps = stepsToFloor
        guard let steps, steps <= limits.stepsMax else { throw .tooManySteps(steps: steps, stepsMax: limits.stepsMax) }
        guard stepIntervalMs >= limits.stepIntervalMsMin && stepIntervalMs <= limits.stepIntervalMsMax else {
            throw .stepIntervalOutOfRange(stepIntervalMs: stepIntervalMs, minMs: limits.stepIntervalMsMin,
                                          maxMs: limits.stepIntervalMsMax)
        }
        guard nowMs < intervalStartMs else { throw .intervalStarted(intervalStartMs: intervalStartMs, nowMs: nowMs) }
        guard nowMs < gateClosureMs else { throw .gateClosed(gateClosureMs: gateClosureMs, nowMs: nowMs) }
    }
}
