/// The price where a supply curve meets a demand curve.
///
/// - Supply: the asks, plus forecast production not already offered
///   (`max(0, forecastProductionWh − Σ ask Wh)`) offered at the band's floor.
/// - Demand: the bids, plus forecast load not already bid (`max(0, forecastLoadWh − Σ bid Wh)`)
///   bid at the grid tariff (capped at the band's cap), or at the cap for a zone without tiers.
/// - S(p) is the Wh offered at or below p, D(p) the Wh bid at or above p; the matched volume
///   Q* is the largest min(S(p), D(p)). Tie rule: every price reaching Q* forms one range
///   [low, high]; the price is its midpoint, rounded per `ReferencePriceRounding`.
/// - Curves that do not cross (Q* = 0): the mid of the highest demand and the lowest supply
///   price; one curve alone: its best price; neither orders nor forecasts: nil.
public struct SupplyDemandReferencePrice: ReferencePriceStrategy {
    public var kind: ReferencePriceConfig.Strategy { .supplyDemand }
    public init() {}

    struct Step {
        var priceMicrosPerKWh: Int64
        var quantityWh: Int128
    }

    public func referencePrice(_ inputs: ReferencePriceInputs) -> ReferencePrice? {
        var supply = inputs.asks.map { Step(priceMicrosPerKWh: $0.priceMicrosPerKWh, quantityWh: Int128($0.quantityWh)) }
        var demand = inputs.bids.map { Step(priceMicrosPerKWh: $0.priceMicrosPerKWh, quantityWh: Int128($0.quantityWh)) }
        let offeredWh = supply.reduce(Int128(0)) { $0 + $1.quantityWh }
        let bidWh = demand.reduce(Int128(0)) { $0 + $1.quantityWh }
        let extraSupplyWh = Int128(inputs.forecastProductionWh ?? 0) - offeredWh
        if extraSupplyWh > 0 { supply.append(Step(priceMicrosPerKWh: inputs.band.floorMicrosPerKWh, quantityWh: extraSupplyWh)) }
        let extraDemandWh = Int128(inputs.forecastLoadWh ?? 0) - bidWh
        if extraDemandWh > 0 {
            let price = min(inputs.gridTariffMicrosPerKWh ?? inputs.band.capMicrosPerKWh, inputs.band.capMicrosPerKWh)
            demand.append(Step(priceMicrosPerKWh: price, quantityWh: extraDemandWh))
        }
        supply.sort { $0.priceMicrosPerKWh < $1.priceMicrosPerKWh }
        demand.sort { $0.priceMicrosPerKWh < $1.priceMicrosPerKWh }
        let supplyWh = supply.reduce(Int128(0)) { $0 + $1.quantityWh }
        let demandWh = demand.reduce(Int128(0)) { $0 + $1.quantityWh }

        func result(_ numerator: Int128, _ denominator: Int128, _ basis: ReferencePrice.Basis, matchedWh: Int128) -> ReferencePrice {
            ReferencePrice(priceMicrosPerKWh: ReferencePriceRounding.price(numerator: numerator, denominator: denominator, in: inputs),
                           strategy: .supplyDemand, basis: basis, quantityWh: Int64(clamping: matchedWh),
                           supplyWh: Int64(clamping: supplyWh), demandWh: Int64(clamping: demandWh))
        }
        guard let lowestSupply = supply.first?.priceMicrosPerKWh else {
            guard let highestDemand = demand.last?.priceMicrosPerKWh else { return nil }
            return result(Int128(highestDemand), 1, .demandOnly, matchedWh: 0)
        }
        guard let highestDemand = demand.last?.priceMicrosPerKWh else {
            return result(Int128(lowestSupply), 1, .supplyOnly, matchedWh: 0)
        }
        guard let (low, high, matchedWh) = Self.clearingRange(supply: supply, demand: demand, demandWh: demandWh) else {
            return result(Int128(highestDemand) + Int128(lowestSupply), 2, .noCrossing, matchedWh: 0)
        }
        return result(Int128(low) + Int128(high), 2, .clearing, matchedWh: matchedWh)
    }

    /// Sweeps the candidate prices (every step's price) upward; min(S, D) rises then falls, so the
    /// prices reaching its maximum are one contiguous range. Nil when nothing matches.
    static func clearingRange(supply: [Step], demand: [Step], demandWh: Int128) -> (low: Int64, high: Int64, matchedWh: Int128)? {
        var candidates = (supply.map(\.priceMicrosPerKWh) + demand.map(\.priceMicrosPerKWh))
        candidates.sort()
        var best: Int128 = 0
        var low: Int64 = 0, high: Int64 = 0
        var supplyIndex = 0, demandIndex = 0
        var supplyAtOrBelow: Int128 = 0, demandBelow: Int128 = 0
        var previous: Int64? = nil
        for price in candidates where price != previous {
            previous = price
            while supplyIndex < supply.count && supply[supplyIndex].priceMicrosPerKWh <= price {
                supplyAtOrBelow += supply[supplyIndex].quantityWh
                supplyIndex += 1
            }
            while demandIndex < demand.count && demand[demandIndex].priceMicrosPerKWh < price {
                demandBelow += demand[demandIndex].quantityWh
                demandIndex += 1
            }
            let matched = min(supplyAtOrBelow, demandWh - demandBelow)
            if matched > best {
                best = matched
                low = price
                high = price
            } else if matched == best && best > 0 {
                high = price
            }
        }
        return best > 0 ? (low, high, best) : nil
    }
}
