/// A home or grid battery: usable window between two state-of-charge limits, power limits, and a
/// round-trip efficiency split into a charge and a discharge efficiency (defaults 0.95 × 0.95 ≈ 0.90,
/// typical of lithium-ion home storage including its inverter).
///
/// Powers are on the AC side, where the meter sees them: charging at P for h hours stores
/// P·h·η_charge, discharging at P for h hours draws P·h/η_discharge from storage. So what comes out
/// over any period is at most what went in times η_charge·η_discharge, plus what was stored at the start.
public struct Battery: Sendable, Equatable {
    public let capacityWh: Double
    /// State-of-charge limits as fractions of the capacity (0.1 and 0.95 by default, to spare the cells).
    public let socMin: Double
    public let socMax: Double
    public let maxChargeW: Double
    public let maxDischargeW: Double
    public let chargeEfficiency: Double
    public let dischargeEfficiency: Double
    public private(set) var storedWh: Double
    /// Totals on the AC side since the start, Wh.
    public private(set) var chargedWh = 0.0
    public private(set) var dischargedWh = 0.0

    /// Starts empty (at `socMin`) unless told otherwise.
    public init(capacityWh: Double, socMin: Double = 0.1, socMax: Double = 0.95, maxChargeW: Double, maxDischargeW: Double,
                chargeEfficiency: Double = 0.95, dischargeEfficiency: Double = 0.95, initialSoc: Double? = nil) {
        precondition(capacityWh > 0 && 0 <= socMin && socMin < socMax && socMax <= 1)
        precondition(maxChargeW >= 0 && maxDischargeW >= 0)
        precondition(0 < chargeEfficiency && chargeEfficiency <= 1 && 0 < dischargeEfficiency && dischargeEfficiency <= 1)
        self.capacityWh = capacityWh
        self.socMin = socMin
        self.socMax = socMax
        self.maxChargeW = maxChargeW
        self.maxDischargeW = maxDischargeW
        self.chargeEfficiency = chargeEfficiency
        self.dischargeEfficiency = dischargeEfficiency
        let soc = initialSoc ?? socMin
        precondition(socMin <= soc && soc <= socMax)
        storedWh = soc * capacityWh
    }

    public var stateOfCharge: Double { storedWh / capacityWh }
    public var roundTripEfficiency: Double { chargeEfficiency * dischargeEfficiency }

    /// The AC power closest to `requestW` (positive charges, negative discharges) that the battery
    /// can hold for `hours` without crossing a power or state-of-charge limit.
    public func feasiblePowerW(requestW: Double, hours: Double) -> Double {
        precondition(hours > 0)
        if requestW > 0 {
            let headroomW = max(0, socMax * capacityWh - storedWh) / (chargeEfficiency * hours)
            return min(requestW, maxChargeW, headroomW)
        }
        if requestW < 0 {
            let availableW = max(0, storedWh - socMin * capacityWh) * dischargeEfficiency / hours
            return -min(-requestW, maxDischargeW, availableW)
        }
        return 0
    }

    /// Runs at `powerW` (from `feasiblePowerW`) for `hours`; the clamp only absorbs rounding.
    public mutating func apply(powerW: Double, hours: Double) {
        if powerW > 0 {
            chargedWh += powerW * hours
            storedWh += powerW * hours * chargeEfficiency
        } else if powerW < 0 {
            dischargedWh -= powerW * hours
            storedWh += powerW * hours / dischargeEfficiency
        }
        storedWh = min(socMax * capacityWh, max(socMin * capacityWh, storedWh))
    }
}

/// When a battery charges and discharges.
public enum BatteryPolicy: Sendable, Equatable {
    /// Behind a prosumer's meter: charge from any surplus, cover any deficit (maximises self-consumption).
    case selfConsumption
    /// Behind a prosumer's meter: charge from any surplus, cover deficits only in the local evening
    /// window [fromHour, toHour), keeping the energy for the evening peak.
    case eveningPeak(fromHour: Double, toHour: Double)
    /// A standalone battery on its own meter: charges from the grid in one local window (the
    /// midday solar surplus) and discharges into it in another (the evening peak).
    case gridSchedule(chargeFromHour: Double, chargeToHour: Double, dischargeFromHour: Double, dischargeToHour: Double)

    /// The AC power the battery would like, before its limits: positive charges, negative discharges.
    /// `surplusW` is production minus load behind the same meter.
    public func requestW(surplusW: Double, localHour: Double, battery: Battery) -> Double {
        switch self {
        case .selfConsumption:
            return surplusW
        case .eveningPeak(let from, let to):
            if surplusW > 0 { return surplusW }
            return (from..<to).contains(localHour) ? surplusW : 0
        case .gridSchedule(let chargeFrom, let chargeTo, let dischargeFrom, let dischargeTo):
            if (chargeFrom..<chargeTo).contains(localHour) { return battery.maxChargeW }
            if (dischargeFrom..<dischargeTo).contains(localHour) { return -battery.maxDischargeW }
            return 0
        }
    }
}
