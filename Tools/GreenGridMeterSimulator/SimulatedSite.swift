import GreenGridDomain
import GreenGridMetering

/// One simulated meter and what sits behind it. Every component is optional, so the same type
/// covers a solar park, a wind turbine, a standalone battery, a household, a business and a
/// prosumer that nets PV, load and battery behind one bidirectional meter.
///
/// Within a time cell the site's powers are constant, decided at the cell's start (the battery from
/// its state of charge then) and cached, so a reading that splits a cell integrates the same power
/// on both sides of it.
public struct SimulatedSite: Sendable {
    public let meterId: MeterId
    public let ownerId: TraderId
    public let kind: MeterKind
    public let pv: PVArray?
    public let turbine: WindTurbine?
    /// This turbine's speed relative to the fleet's reference wind (terrain, hub height), around 1.
    public let windSpeedFactor: Double
    public let load: LoadModel?
    public private(set) var battery: Battery?
    public let batteryPolicy: BatteryPolicy
    public private(set) var importRegister: EnergyRegister
    public private(set) var exportRegister: EnergyRegister
    /// What the connection must carry: above the largest |net power| the components can produce, with a 25 % margin.
    public let ratedPowerW: Int64

    private var cellIndex: Int64 = .min
    /// Net power of the current cell, W: positive while importing.
    public private(set) var netPowerW = 0.0
    /// Battery AC power of the current cell, W: positive while charging.
    public private(set) var batteryPowerW = 0.0

    public init(meterId: MeterId, ownerId: TraderId, kind: MeterKind, pv: PVArray? = nil, turbine: WindTurbine? = nil,
                windSpeedFactor: Double = 1, load: LoadModel? = nil, battery: Battery? = nil,
                batteryPolicy: BatteryPolicy = .selfConsumption, importWh: Int64 = 0, exportWh: Int64 = 0) {
        self.meterId = meterId
        self.ownerId = ownerId
        self.kind = kind
        self.pv = pv
        self.turbine = turbine
        self.windSpeedFactor = windSpeedFactor
        self.load = load
        self.battery = battery
        self.batteryPolicy = batteryPolicy
        importRegister = EnergyRegister(wh: importWh)
        exportRegister = EnergyRegister(wh: exportWh)
        let productionMaxW = (pv?.maxPowerW ?? 0) + (turbine?.ratedPowerW ?? 0)
        let loadMaxW = load?.maxPowerW ?? 0
        // A grid-charged battery adds to import and export; a prosumer's battery only moves surplus and deficit.
        let gridBattery: Bool
        if case .gridSchedule = batteryPolicy { gridBattery = true } else { gridBattery = false }
        let importMaxW = loadMaxW + (gridBattery ? battery?.maxChargeW ?? 0 : 0)
        let exportMaxW = productionMaxW + (gridBattery ? battery?.maxDischargeW ?? 0 : 0)
        ratedPowerW = Int64((max(importMaxW, exportMaxW, 1) * 1.25).rounded(.up))
    }

    /// Production (PV plus wind) during a cell, W.
    public func productionW(_ cell: CellConditions) -> Double {
        (pv?.powerW(cell.sky) ?? 0) + (turbine?.powerW(speedMps: cell.windSpeedMps * windSpeedFactor) ?? 0)
    }

    /// Consumption during a cell, W.
    public func loadW(_ cell: CellConditions) -> Double {
        guard let load else { return 0 }
        return load.powerW(unixS: cell.startMs / 1_000, local: cell.local)
    }

    /// Decides the cell's powers once; later calls for the same cell keep them.
    mutating func enter(_ cell: CellConditions, cellHours: Double) {
        guard cell.index != cellIndex else { return }
        cellIndex = cell.index
        let productionW = productionW(cell), consumptionW = loadW(cell)
        batteryPowerW = 0
        if let battery {
            let requestW = batteryPolicy.requestW(surplusW: productionW - consumptionW, localHour: cell.local.hour, battery: battery)
            batteryPowerW = battery.feasiblePowerW(requestW: requestW, hours: cellHours)
        }
        netPowerW = consumptionW + batteryPowerW - productionW
    }

    /// Integrates the current cell's powers over `hours` (the part of the cell between two readings).
    mutating func integrate(hours: Double) {
        guard hours > 0 else { return }
        if batteryPowerW != 0 { battery?.apply(powerW: batteryPowerW, hours: hours) }
        if netPowerW > 0 { importRegister.add(energyWh: netPowerW * hours) }
        if netPowerW < 0 { exportRegister.add(energyWh: -netPowerW * hours) }
    }

    public func reading(atMs timeMs: Int64) -> MeterReading {
        MeterReading(meterId: meterId, timestampMs: timeMs, importWh: importRegister.wh, exportWh: exportRegister.wh,
                     powerW: Int64(netPowerW.rounded()))
    }
}
